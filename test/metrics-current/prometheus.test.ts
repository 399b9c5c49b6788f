import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { TestSocket } from '../helpers/socket.js';
import { TEST_STORES } from '../helpers/stores.js';
import { buildSituation, type Situation } from './situation.js';

/* GET /metrics (Prometheus text format) over the scripted floor of situation.ts, and who may read it. */

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a text exposition (format 0.0.4): `name{label="value",…} number` lines; comments skipped. */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
      return { name: m[1], labels, value: Number(m[3]) };
    });
}

const scrape = (p: TestParley, headers: Record<string, string> = {}) => fetch(`${p.url}/metrics`, { headers });

for (const store of TEST_STORES)
  describe.skipIf(store.skip)(`GET /metrics (${store.name})`, () => {
    let p: TestParley;
    let s: Situation;
    const open: { close(): void }[] = [];
    beforeAll(async () => {
      p = await store.start();
      s = await buildSituation(p);
      open.push(...Object.values(s.agents));
    }, 60_000);
    afterAll(async () => {
      for (const o of open) o.close();
      await p?.stop();
    });

    it('exposes process metrics and the live figures of every queue, as GetCurrentMetricData counts them', async () => {
      const res = await scrape(p);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const samples = parse(await res.text());
      const names = new Set(samples.map((x) => x.name));
      expect(names).toContain('process_cpu_user_seconds_total');
      expect(names).toContain('nodejs_heap_size_used_bytes');
      const value = (name: string, queue: string, state?: string) =>
        samples.find((x) => x.name === name && x.labels.queue === queue && x.labels.instance_id === p.seeded.instanceId && (!state || x.labels.state === state))?.value;
      const byQueue = (name: string, state?: string) => ({ Sales: value(name, 'Sales', state), Support: value(name, 'Support', state), BasicQueue: value(name, 'BasicQueue', state) });
      expect(byQueue('parley_contacts_in_queue')).toEqual({ Sales: 1, Support: 2, BasicQueue: 0 }); // c4 | c3, c5
      expect(byQueue('parley_oldest_contact_age_seconds')).toEqual({ Sales: 70, Support: 100, BasicQueue: 0 });
      // Sales is served by both teams (sales-0, support-0, support-1), Support by the Support team, BasicQueue by alice.
      expect(byQueue('parley_agents', 'online')).toEqual({ Sales: 3, Support: 2, BasicQueue: 1 });
      expect(byQueue('parley_agents', 'available')).toEqual({ Sales: 0, Support: 0, BasicQueue: 1 });
      expect(byQueue('parley_agents', 'on_contact')).toEqual({ Sales: 2, Support: 1, BasicQueue: 0 });
      expect(byQueue('parley_agents', 'after_contact_work')).toEqual({ Sales: 1, Support: 0, BasicQueue: 0 });
      expect(byQueue('parley_agents', 'error')).toEqual({ Sales: 2, Support: 1, BasicQueue: 0 });
      // c1 ended when its customer left; c2 to c5 are active.
      expect(samples.find((x) => x.name === 'parley_active_chats' && x.labels.instance_id === p.seeded.instanceId)?.value).toBe(4);
      expect(samples.find((x) => x.name === 'parley_chat_sockets')?.value).toBe(0);
    });

    it('counts the chat sockets open on this node', async () => {
      const chat = await startChat(p);
      const socket = await TestSocket.open(chat.websocketUrl);
      open.push(socket);
      const samples = parse(await (await scrape(p)).text());
      expect(samples.find((x) => x.name === 'parley_chat_sockets')?.value).toBe(1);
    });
  });

describe('who may scrape /metrics', () => {
  const TOKEN = 'metrics-token-0123456789';
  let open: TestParley;
  let guarded: TestParley;
  beforeAll(async () => {
    open = await startTestParley();
    guarded = await startTestParley({ env: { PARLEY_METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await open?.stop();
    await guarded?.stop();
  });
  // A request relayed by a proxy (X-Forwarded-For) comes from elsewhere, whatever the proxy's own address.
  const relayed = { 'x-forwarded-for': '203.0.113.7' };

  it('answers a loopback caller without a token, with or without one configured', async () => {
    expect((await scrape(open)).status).toBe(200);
    expect((await scrape(guarded)).status).toBe(200);
  });

  it('refuses a relayed request when no token is configured, saying why', async () => {
    const res = await scrape(open, relayed);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(/PARLEY_METRICS_TOKEN/);
    // A token means nothing when none is configured.
    expect((await scrape(open, { ...relayed, authorization: `Bearer ${TOKEN}` })).status).toBe(403);
  });

  it('lets a relayed request in with the configured token only', async () => {
    expect((await scrape(guarded, relayed)).status).toBe(403);
    const wrong = await scrape(guarded, { ...relayed, authorization: 'Bearer metrics-token-wrong-0000' });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toMatch(/wrong/);
    const right = await scrape(guarded, { ...relayed, authorization: `Bearer ${TOKEN}` });
    expect(right.status).toBe(200);
    expect(parse(await right.text()).some((x) => x.name === 'parley_contacts_in_queue' && x.labels.queue === 'BasicQueue')).toBe(true);
  });
});
