import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestAgent } from '../helpers/agent.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';

interface DemoInfo {
  InstanceId: string;
  ContactFlowId: string;
  WidgetFlowOpen: boolean;
  Agents: { Username: string; Password: string; Profile: string }[];
}

describe('GET /demo/v1/info with the development keys', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley();
  });
  afterAll(async () => {
    await p.stop();
  });

  it('names the demo instance, its inbound flow (open to the widget) and the demo users (two of them agents) whose credentials log in', async () => {
    const res = await fetch(`${p.url}/demo/v1/info`);
    expect(res.status).toBe(200);
    const info = (await res.json()) as DemoInfo;
    expect(info).toMatchObject({ InstanceId: p.seeded.instanceId, ContactFlowId: p.seeded.inboundFlowId, WidgetFlowOpen: true });
    expect(info.Agents.filter((a) => a.Profile === 'Agent')).toHaveLength(2);
    for (const a of info.Agents) {
      const agent = await TestAgent.login(p, a.Username, a.Password);
      agent.close();
    }
  });
});

describe('GET /demo/v1/info with production keys', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley({ env: { PARLEY_ACCESS_KEY_ID: 'PRODKEY1234', PARLEY_SECRET_ACCESS_KEY: 'a-production-secret-key' } });
  });
  afterAll(async () => {
    await p.stop();
  });

  it('tells no anonymous caller a password', async () => {
    const res = await fetch(`${p.url}/demo/v1/info`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/Password/);
  });
});
