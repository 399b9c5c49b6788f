import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/adapters/store/sqlite.js';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { snapshotStore } from '../helpers/store-snapshot.js';
import { ALLOW_PRIVATE, api, createWebhook, deliverAll, flush, queueingFlow } from './kit.js';
import { Receiver } from './receiver.js';

/*
 * A user who may configure webhooks must not make the server call itself or its private network
 * (SSRF: LastStatus and LastError would tell what answered where). Without
 * PARLEY_WEBHOOKS_ALLOW_PRIVATE such URLs are refused when configured, and every send checks
 * the addresses a name resolves to.
 */

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0) / 1000;

describe('webhook URLs leading to private addresses, by default', () => {
  let p: TestParley;
  let hook: string;
  beforeAll(async () => {
    p = await startTestParley();
    // A public name is not resolved when configured (no traffic here): its addresses are checked at each send.
    hook = (await createWebhook(p, 'https://receiver.example.com/hook')).id;
  });
  afterAll(() => p.stop());

  const I = () => p.seeded.instanceId;
  it.each([
    'http://127.0.0.1:8080/hook',
    'https://127.0.0.2/hook',
    'http://2130706433/hook', // 127.0.0.1 spelled as one number
    'https://localhost/hook',
    'https://hooks.localhost/hook',
    'https://[::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://10.0.0.1/hook',
    'https://172.16.5.4/hook',
    'https://192.168.1.10/hook',
    'https://[fd00::1]/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://[fe80::1]/hook',
    'https://0.0.0.0/hook',
    'https://224.0.0.1/hook',
  ])('refuses %s with InvalidParameterException, when creating and when updating, storing nothing', async (Url) => {
    const before = await snapshotStore(p);
    const created = await api(p, 'PUT', `/webhooks/${I()}`, { body: { Name: 'Inside', Url } });
    expect([created.status, created.body.__type]).toEqual([400, 'InvalidParameterException']);
    const updated = await api(p, 'POST', `/webhooks/${I()}/${hook}`, { body: { Url } });
    expect([updated.status, updated.body.__type]).toEqual([400, 'InvalidParameterException']);
    expect(await snapshotStore(p)).toEqual(before);
  });
});

describe('a webhook whose host resolves to a private address at send time', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-private-'));
  // The check is the sender's, whatever the store: one SQLite file, reopened by each server.
  const start = async (env: Record<string, string>) => startTestParley({ db: await openSqlite({ file: path.join(dir, 'parley.db'), durability: 'process' }), env });
  let r: Receiver;
  beforeAll(async () => {
    r = await Receiver.start();
  });
  afterAll(async () => {
    await r.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is refused while private targets are not allowed, retried, and delivered once they are', async () => {
    const port = new URL(r.url).port;
    // Configured while the operator allowed private targets; `localhost` is a name, resolved at each send.
    const allowed = await start(ALLOW_PRIVATE);
    const byName = (await createWebhook(allowed, `http://localhost:${port}/by-name`, { EventTypes: ['INITIATED'] })).id;
    const byAddress = (await createWebhook(allowed, `http://127.0.0.1:${port}/by-address`, { EventTypes: ['INITIATED'] })).id;
    const flow = await queueingFlow(allowed);
    await startChat(allowed, { ContactFlowId: flow });
    await flush(allowed);
    expect(r.accepted().map((q) => q.headers.host)).toEqual(expect.arrayContaining([`localhost:${port}`, `127.0.0.1:${port}`]));
    expect(r.requests).toHaveLength(2);
    await allowed.stop();

    // The same store, the setting off: both sends are refused before any connection is made.
    const strict = await start({});
    const chat = await startChat(strict, { ContactFlowId: flow });
    await flush(strict);
    const failed = async (hook: string) => (await api(strict, 'GET', `/webhooks/${strict.seeded.instanceId}/${hook}/deliveries`, { query: { State: 'FAILED' } })).body.Deliveries as Record<string, unknown>[];
    const refused = { ContactId: chat.contactId, EventType: 'INITIATED', State: 'FAILED', LastError: 'refused: private address', LastAttemptTimestamp: T0 };
    // First backoff: 5 s after T0 (app/webhooks/policy.ts).
    expect(await failed(byName)).toEqual([expect.objectContaining({ ...refused, Attempts: 1, NextAttemptTimestamp: T0 + 5 })]);
    expect(await failed(byAddress)).toEqual([expect.objectContaining({ ...refused, Attempts: 1, NextAttemptTimestamp: T0 + 5 })]);
    expect((await failed(byName))[0]).not.toHaveProperty('LastStatus');
    // Retried like any failure: the second attempt at T0+5 s is refused too, the next one due 10 s later.
    strict.clock.advance(5_000);
    await flush(strict);
    expect(await failed(byName)).toEqual([expect.objectContaining({ ...refused, Attempts: 2, LastAttemptTimestamp: T0 + 5, NextAttemptTimestamp: T0 + 15 })]);
    expect(await failed(byAddress)).toEqual([expect.objectContaining({ ...refused, Attempts: 2, LastAttemptTimestamp: T0 + 5, NextAttemptTimestamp: T0 + 15 })]);
    expect(r.requests).toHaveLength(2);
    await strict.stop();

    // The operator allows private targets again: the held deliveries go at their next attempt.
    const again = await start(ALLOW_PRIVATE);
    try {
      await deliverAll(again);
    } finally {
      await again.stop();
    }
    expect(r.requests).toHaveLength(4);
    expect(r.accepted().slice(2).map((q) => q.headers.host).sort()).toEqual([`127.0.0.1:${port}`, `localhost:${port}`]);
  });
});
