import { DescribeContactCommand, StopContactCommand, UpdateContactAttributesCommand } from '@aws-sdk/client-connect';
import { DisconnectParticipantCommand } from '@aws-sdk/client-connectparticipant';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTACT_RETENTION_MS, houseKeep } from '../../src/app/timers/housekeeping.js';
import { addBot, startChat } from '../helpers/chat.js';
import { connectAgent } from '../helpers/agent.js';
import type { TestParley } from '../helpers/parley.js';
import { signedRequest } from '../helpers/signed.js';
import { TEST_STORES } from '../helpers/stores.js';

const S = 1000;

for (const store of TEST_STORES) {
  describe.skipIf(store.skip)(`contact records over a contact's life (${store.name})`, () => {
    let p: TestParley;
    let t0: number;
    const to = (s: number) => p.clock.set(t0 + s * S);
    const describeContact = async (id: string) => (await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: id }))).Contact!;
    beforeEach(async () => {
      p = await store.start();
      t0 = p.clock.now();
    });
    afterEach(async () => {
      await p.stop();
    });

    it('ends after-contact work when the agent clears, even while a bot keeps the chat going', async () => {
      const chat = await startChat(p);
      await addBot(p, chat.contactId);
      to(10);
      const alice = await connectAgent(p, chat);
      // t0+60 alice leaves: the bot still serves the customer, so the segment goes on; alice is in ACW.
      to(60);
      await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: alice.connectionToken }));
      to(100);
      await alice.agent.call('POST', `/agent/v1/contacts/${chat.contactId}/clear`);
      // The chat itself ends much later.
      to(500);
      await p.connect.send(new StopContactCommand({ InstanceId: p.seeded.instanceId, ContactId: chat.contactId }));
      const c = await describeContact(chat.contactId);
      expect(c.AgentInfo!.AfterContactWorkStartTimestamp!.getTime()).toBe(t0 + 60 * S);
      expect(c.AgentInfo!.AfterContactWorkEndTimestamp!.getTime()).toBe(t0 + 100 * S);
      expect(c.AgentInfo!.AfterContactWorkDuration).toBe(40);
      expect(c.DisconnectTimestamp!.getTime()).toBe(t0 + 500 * S);
      alice.agent.close();
      alice.socket.close();
    });

    it('shows a later attribute update on every segment of the chat, in the records export too', async () => {
      const chat = await startChat(p, { Attributes: { tier: 'silver' } });
      const alice = await connectAgent(p, chat);
      to(30);
      // alice leaves: the seeded disconnect flow starts a second segment.
      await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: alice.connectionToken }));
      to(40);
      await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: chat.connectionToken }));
      await p.connect.send(new UpdateContactAttributesCommand({ InstanceId: p.seeded.instanceId, InitialContactId: chat.contactId, Attributes: { tier: 'gold' } }));
      const res = await signedRequest(p, 'GET', `/contact-records/${p.seeded.instanceId}?StartTime=${t0 / S}&EndTime=${t0 / S + 3600}`);
      const records = res.body.trim().split('\n').map((l) => JSON.parse(l) as { ContactId: string; Attributes: Record<string, string> });
      expect(records).toHaveLength(2);
      for (const r of records) expect(r.Attributes.tier).toBe('gold');
      alice.agent.close();
      alice.socket.close();
    });

    it('still describes a contact from its row once its records and events are past their retention', async () => {
      const chat = await startChat(p);
      to(20);
      const alice = await connectAgent(p, chat);
      to(50);
      await p.connect.send(new StopContactCommand({ InstanceId: p.seeded.instanceId, ContactId: chat.contactId }));
      await p.projector.catchUp();
      p.clock.advance(CONTACT_RETENTION_MS + S);
      await houseKeep(p.deps.db, p.clock);
      const left = await p.deps.db.kysely.selectFrom('contact_events').select('seq').where('contact_id', '=', chat.contactId).execute();
      expect(left).toEqual([]);
      const c = await describeContact(chat.contactId);
      expect(c.QueueInfo!.Id).toBe(p.seeded.basicQueueId);
      expect(c.QueueInfo!.EnqueueTimestamp!.getTime()).toBe(t0);
      expect(c.AgentInfo!.Id).toBe(alice.agent.userId);
      expect(c.AgentInfo!.ConnectedToAgentTimestamp!.getTime()).toBe(t0 + 20 * S);
      expect(c.DisconnectReason).toBe('API');
      alice.agent.close();
      alice.socket.close();
    });
  });
}
