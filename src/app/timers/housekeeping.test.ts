import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startChat } from '../../../test/helpers/chat.js';
import { startTestParley, type TestParley } from '../../../test/helpers/parley.js';
import { CONTACT_RETENTION_MS, houseKeep, IDEMPOTENCY_RETENTION_MS } from './housekeeping.js';

let p: TestParley;
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  await p.stop();
});

it('forgets ClientTokens after their retention, and keeps live tokens', async () => {
  const chat = await startChat(p);
  await p.connect.send(new StartChatContactCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: p.seeded.inboundFlowId, ParticipantDetails: { DisplayName: 'A' }, ClientToken: 'kept-for-a-while' }));
  const count = async () => Number((await p.deps.db.kysely.selectFrom('idempotency').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const before = await count();
  await houseKeep(p.deps.db, p.clock);
  expect(await count()).toBe(before);
  p.clock.advance(IDEMPOTENCY_RETENTION_MS + 1);
  await houseKeep(p.deps.db, p.clock);
  expect(await count()).toBe(0);
  // The customer's connection token (valid for a day of wall time) still works.
  const tokens = await p.deps.db.kysely.selectFrom('connection_tokens').select('participant_id').where('participant_id', '=', chat.participantId).execute();
  expect(tokens).toHaveLength(1);
});

it('forgets agent sessions once they expired, and keeps live ones', async () => {
  const login = async () => {
    const res = await fetch(`${p.url}/agent/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ InstanceId: p.seeded.instanceId, Username: 'bob', Password: p.seeded.demoUsers.bob.password }),
    });
    expect(res.status).toBe(200);
  };
  const sessions = async () => (await p.deps.db.kysely.selectFrom('agent_sessions').select('user_id').execute()).length;
  await login();
  p.clock.advance(p.deps.config.agentSessionMinutes * 60_000 - 1);
  await login();
  await houseKeep(p.deps.db, p.clock);
  expect(await sessions()).toBe(2);
  p.clock.advance(2);
  await houseKeep(p.deps.db, p.clock);
  expect(await sessions()).toBe(1);
});

it('forgets contact records and their events 24 months after the contact, and keeps newer ones', async () => {
  const started = p.clock.now();
  const chat = await startChat(p);
  await p.projector.catchUp();
  const db = p.deps.db.kysely;
  const events = async (until: number) => (await db.selectFrom('contact_events').select('seq').where('contact_id', '=', chat.contactId).where('at', '<=', until).execute()).length;
  const record = async () => (await db.selectFrom('contact_records').select('contact_id').where('contact_id', '=', chat.contactId).execute()).length;
  const before = await events(started);
  expect(before).toBeGreaterThan(0);
  await houseKeep(p.deps.db, p.clock);
  expect([await events(started), await record()]).toEqual([before, 1]);
  // A day short of the retention nothing goes; the chat ended at its deadline meanwhile.
  p.clock.advance(CONTACT_RETENTION_MS - 86_400_000);
  await p.settle();
  await p.projector.catchUp();
  await houseKeep(p.deps.db, p.clock);
  expect([await events(started), await record()]).toEqual([before, 1]);
  p.clock.advance(86_400_000 + 1);
  const fresh = await startChat(p);
  await p.projector.catchUp();
  await houseKeep(p.deps.db, p.clock);
  expect([await events(p.clock.now()), await record()]).toEqual([0, 0]);
  const kept = await db.selectFrom('contact_records').select('contact_id').where('contact_id', '=', fresh.contactId).execute();
  expect(kept).toHaveLength(1);
});
