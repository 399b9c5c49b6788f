import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startChat } from '../../../test/helpers/chat.js';
import { startTestParley, type TestParley } from '../../../test/helpers/parley.js';
import { houseKeep, IDEMPOTENCY_RETENTION_MS } from './housekeeping.js';

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
