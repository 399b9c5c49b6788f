import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_STORES } from '../helpers/stores.js';
import type { TestParley } from '../helpers/parley.js';

/**
 * CreateParticipantConnection on every store (PostgreSQL writes it in one statement:
 * connection-at-once.ts): of two concurrent first connections one is first, the customer's
 * CONNECTED_TO_SYSTEM is logged once, the first socket starts from the whole chat and a later one
 * from its last item, and every connection token works.
 */
for (const store of TEST_STORES) {
  describe.skipIf(store.skip)(`a customer's connections (${store.name})`, () => {
    let p: TestParley;
    beforeAll(async () => {
      p = await store.start();
    });
    afterAll(async () => {
      await p?.stop();
    });

    it('marks the first connection once, logs it once, and starts each socket where it should', async () => {
      const started = await p.connect.send(
        new StartChatContactCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: p.seeded.inboundFlowId, ParticipantDetails: { DisplayName: 'Customer' } }),
      );
      const connect = () =>
        p.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
      const both = await Promise.all([connect(), connect()]);
      const db = p.deps.db.kysely;
      const events = await db.selectFrom('contact_events').select('type').where('contact_id', '=', started.ContactId!).where('type', '=', 'CONNECTED_TO_SYSTEM').execute();
      expect(events).toHaveLength(1);
      const participant = await db.selectFrom('participants').select('connected_at').where('id', '=', started.ParticipantId!).executeTakeFirstOrThrow();
      expect(participant.connected_at).not.toBeNull();
      const chat = await db.selectFrom('chats').select('last_seq').where('id', '=', started.ContactId!).executeTakeFirstOrThrow();
      const tickets = await db.selectFrom('socket_tickets').select('from_seq').where('participant_id', '=', started.ParticipantId!).execute();
      expect(tickets.map((t) => Number(t.from_seq)).sort((a, b) => a - b)).toEqual([0, Number(chat.last_seq)]);
      expect(Number(chat.last_seq)).toBeGreaterThan(0);
      for (const c of both) {
        const sent = await p.participant.send(new SendMessageCommand({ ConnectionToken: c.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/plain', Content: 'hello' }));
        expect(sent.Id).toBeTruthy();
      }
      const later = await connect();
      expect(later.Websocket?.Url).toMatch(/ticket=/);
      const again = await db.selectFrom('contact_events').select('type').where('contact_id', '=', started.ContactId!).where('type', '=', 'CONNECTED_TO_SYSTEM').execute();
      expect(again).toHaveLength(1);
    });
  });
}
