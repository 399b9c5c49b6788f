import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConnectClient, StartChatContactCommand } from '@aws-sdk/client-connect';
import { ConnectParticipantClient, CreateParticipantConnectionCommand } from '@aws-sdk/client-connectparticipant';
import { afterEach, describe, expect, it } from 'vitest';
import { DEV_CREDENTIALS, DUMMY_CREDENTIALS } from '../test/helpers/parley.js';
import { TestSocket } from '../test/helpers/socket.js';
import { SimulatedClock } from './adapters/clock/simulated-clock.js';
import { loadConfig } from './config.js';
import { startParley, type Parley } from './server.js';
import { derivedParticipantToken } from './app/signing.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function start(env: Record<string, string>): Promise<Parley> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-port-'));
  cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const parley = await startParley(loadConfig({ PARLEY_DATA_DIR: dataDir, PARLEY_LOG_LEVEL: 'silent', ...env }), { clock: new SimulatedClock(Date.now()) });
  cleanup.push(() => parley.close());
  return parley;
}

describe('PARLEY_PORT=0', () => {
  it('listens on a free port and hands clients URLs with that port, which work', async () => {
    const parley = await start({ PARLEY_PORT: '0' });
    const port = Number(new URL(parley.url).port);
    expect(port).toBeGreaterThan(0);
    expect(parley.deps.config.port).toBe(port);
    expect(parley.deps.config.publicUrl).toBe(`http://127.0.0.1:${port}`);

    const region = parley.deps.config.region;
    const connect = new ConnectClient({ region, endpoint: parley.url, credentials: DEV_CREDENTIALS, maxAttempts: 1 });
    const participant = new ConnectParticipantClient({ region, endpoint: parley.url, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 });
    cleanup.push(() => connect.destroy(), () => participant.destroy());
    const chat = await connect.send(new StartChatContactCommand({ InstanceId: parley.seeded.instanceId, ContactFlowId: parley.seeded.inboundFlowId, ParticipantDetails: { DisplayName: 'C' } }));
    const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken!, Type: ['WEBSOCKET'] }));
    expect(new URL(conn.Websocket!.Url!).port).toBe(String(port));
    const socket = await TestSocket.open(conn.Websocket!.Url!);
    socket.close();
  });

  it('keeps a PARLEY_PUBLIC_URL that names another address (a proxy in front)', async () => {
    const parley = await start({ PARLEY_PORT: '0', PARLEY_PUBLIC_URL: 'https://chat.example.com' });
    expect(parley.deps.config.publicUrl).toBe('https://chat.example.com');
    expect(Number(new URL(parley.url).port)).toBeGreaterThan(0);
  });
});

describe('PARLEY_SECRET', () => {
  it('keys derived tokens with the configured secret, not the one kept in the store', async () => {
    const secret = 'a-secret-kept-outside-the-database-0123456789';
    const parley = await start({ PARLEY_PORT: '0', PARLEY_SECRET: secret });
    const connect = new ConnectClient({ region: 'us-east-1', endpoint: parley.url, credentials: DEV_CREDENTIALS });
    cleanup.push(() => connect.destroy());
    const input = { InstanceId: parley.seeded.instanceId, ContactFlowId: parley.seeded.inboundFlowId, ParticipantDetails: { DisplayName: 'A' }, ClientToken: 'ct-1' };
    const first = await connect.send(new StartChatContactCommand(input));
    const scope = `StartChatContact:${parley.seeded.instanceId}`;
    expect(first.ParticipantToken).toBe(derivedParticipantToken(secret, scope, 'ct-1', first.ParticipantId!));
    // What a copy of the database holds cannot derive it.
    expect(first.ParticipantToken).not.toBe(derivedParticipantToken(parley.seeded.secret, scope, 'ct-1', first.ParticipantId!));
    expect((await connect.send(new StartChatContactCommand(input))).ParticipantToken).toBe(first.ParticipantToken);
  });
});
