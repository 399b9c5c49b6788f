import { UpdateContactAttributesCommand } from '@aws-sdk/client-connect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTACT_RETENTION_MS, houseKeep } from '../../src/app/timers/housekeeping.js';
import { TEST_STORES } from '../helpers/stores.js';
import type { TestParley } from '../helpers/parley.js';
import { ALLOW_PRIVATE, bodyOf, chatLifecycle, createWebhook, deliverAll, flush, LIFECYCLE, queueingFlow, signatureValid } from './kit.js';
import { Receiver, type Received } from './receiver.js';

/* Webhook delivery through a failing receiver: retries, at-least-once, order per contact. */

/** The simulated clock's start (test/helpers/parley.ts), in the epoch seconds of X-Parley-Timestamp. */
const T0 = Date.UTC(2026, 10, 2, 9, 0, 0) / 1000;

for (const store of TEST_STORES) {
  describe.skipIf(store.skip)(`webhook delivery (${store.name})`, () => {
    let p: TestParley;
    let r: Receiver | null = null;
    beforeEach(async () => {
      p = await store.start({ env: ALLOW_PRIVATE });
    });
    afterEach(async () => {
      await p.stop();
      await r?.close();
    });

    it('delivers every event at least once, in order per contact, while the receiver fails and the chats go on', async () => {
      // Requests 1–3 fail: an error status, a request that never answers, a dropped connection.
      r = await Receiver.start([500, 'hang', 'reset']);
      const hook = await createWebhook(p, r.url);
      const flow = await queueingFlow(p);

      const a = await chatLifecycle(p, flow);
      await flush(p);
      // Only A's INITIATED was tried; A's five later events wait behind it.
      expect(r.requests.map((q) => [q.event, q.answer])).toEqual([['INITIATED', 500]]);

      p.clock.advance(5_000); // T0+5 s: the first retry is due, and hangs
      await r.waitForRequests(2);
      expect(r.hanging.size).toBe(1);
      // The chats never wait for a webhook: a whole second chat runs while A's request hangs.
      const b = await chatLifecycle(p, flow);
      await r.waitForRequests(3); // B's INITIATED: its connection is dropped
      expect(r.requests[2]).toMatchObject({ event: 'INITIATED', answer: 'reset' });
      expect(r.hanging.size).toBe(1);

      p.clock.advance(10_000); // T0+15 s: A's attempt times out after 10 s (due again 10 s later); B's retry is due
      await deliverAll(p);

      // A's INITIATED: 500 at T0, hung at T0+5 (timed out at T0+15, backoff 10 s), delivered at T0+25.
      const aInitiated = r.requests.filter((q) => bodyOf(q).detail.contactId === a && q.event === 'INITIATED');
      expect(aInitiated.map((q) => [q.answer, q.timestamp - T0])).toEqual([
        [500, 0],
        ['hang', 5],
        [200, 25],
      ]);
      // Retries are the same delivery, byte for byte: the receiver tells duplicates by X-Parley-Delivery.
      expect(new Set(aInitiated.map((q) => q.delivery)).size).toBe(1);
      expect(new Set(aInitiated.map((q) => q.body)).size).toBe(1);
      expect(r.requests.filter((q) => bodyOf(q).detail.contactId === b && q.event === 'INITIATED').map((q) => q.answer)).toEqual(['reset', 200]);

      for (const contact of [a, b]) {
        const mine = r.requests.filter((q) => bodyOf(q).detail.contactId === contact);
        // Each event accepted exactly once, in the order it happened.
        expect(accepted(mine).map((q) => q.event)).toEqual(LIFECYCLE);
        // No event of the contact was even tried before every earlier one was accepted.
        for (const q of mine) {
          const before = LIFECYCLE.slice(0, LIFECYCLE.indexOf(q.event));
          expect(accepted(mine.filter((x) => x.n < q.n)).map((x) => x.event)).toEqual(before);
        }
      }
      // 2 contacts × 6 public events = 12 deliveries, all delivered; 12 + 3 failed tries = 15 requests.
      const rows = await p.deps.db.kysely.selectFrom('webhook_deliveries').select(['id', 'delivered_at']).execute();
      expect(rows).toHaveLength(12);
      expect(rows.every((d) => d.delivered_at !== null)).toBe(true);
      expect(new Set(accepted(r.requests).map((q) => q.delivery))).toEqual(new Set(rows.map((d) => d.id)));
      expect(r.requests).toHaveLength(15);

      // Every request is signed with the secret answered at creation; an altered body is not.
      expect(r.requests.every((q) => signatureValid(q, hook.secret))).toBe(true);
      expect(signatureValid({ ...r.requests[0], body: r.requests[0].body.replace('INITIATED', 'QUEUED') }, hook.secret)).toBe(false);
      expect(r.requests[0].headers['content-type']).toBe('application/json');
    });

    it("says in each event what was true when it happened, in Connect's contact event shape", async () => {
      r = await Receiver.start([500]);
      await createWebhook(p, r.url);
      const a = await chatLifecycle(p, await queueingFlow(p), { orderId: '42' });
      await deliverAll(p);
      const instanceArn = `arn:aws:connect:us-east-1:000000000000:instance/${p.seeded.instanceId}`;
      const bodies = Object.fromEntries(accepted(r.requests).map((q) => [q.event, bodyOf(q)]));
      for (const [type, body] of Object.entries(bodies)) {
        expect(body).toMatchObject({ 'detail-type': 'Amazon Connect Contact Event', source: 'aws.connect', account: '000000000000', region: 'us-east-1' });
        expect(body.detail).toMatchObject({ eventType: type, contactId: a, initialContactId: a, channel: 'CHAT', initiationMethod: 'API', instanceArn });
        // Everything happened at T0 on the simulated clock, though delivered from T0+5 s on.
        expect(body.time).toBe('2026-11-02T09:00:00Z');
        expect(body.detail.attributes).toMatchObject({ orderId: '42' });
      }
      // INITIATED was delivered after the contact was queued and connected, yet says neither.
      expect(bodies.INITIATED.detail.queueInfo).toBeUndefined();
      expect(bodies.INITIATED.detail.agentInfo).toBeUndefined();
      expect(bodies.QUEUED.detail.queueInfo).toEqual({ queueArn: `${instanceArn}/queue/${p.seeded.basicQueueId}`, queueType: 'STANDARD', enqueueTimestamp: '2026-11-02T09:00:00.000Z' });
      expect(bodies.QUEUED.detail.agentInfo).toBeUndefined();
      expect(bodies.CONNECTED_TO_AGENT.detail.agentInfo).toEqual({ agentArn: `${instanceArn}/agent/${p.seeded.demoUsers.alice.id}`, connectedToAgentTimestamp: '2026-11-02T09:00:00.000Z' });
      expect(bodies.DISCONNECTED.detail).toMatchObject({ disconnectReason: 'AGENT_DISCONNECT', disconnectTimestamp: '2026-11-02T09:00:00.000Z' });
      expect(bodies.DISCONNECTED.detail.agentInfo).not.toHaveProperty('afterContactWorkEndTimestamp');
      // Cleared at once: 0 s of after-contact work. One customer message, one agent reply.
      expect(bodies.COMPLETED.detail.agentInfo).toMatchObject({ afterContactWorkEndTimestamp: '2026-11-02T09:00:00.000Z', afterContactWorkDuration: 0 });
      expect(bodies.COMPLETED.detail.chatMetrics).toMatchObject({ chatContactMetrics: { totalMessages: 2, conversationTurnCount: 1 } });
    });

    it('describes a contact whose earlier events housekeeping has forgotten from its row', async () => {
      r = await Receiver.start();
      await createWebhook(p, r.url, { EventTypes: ['CONTACT_DATA_UPDATED'] });
      const a = await chatLifecycle(p, await queueingFlow(p));
      p.clock.advance(CONTACT_RETENTION_MS + 1_000);
      await flush(p);
      await houseKeep(p.deps.db, p.clock);
      await p.connect.send(new UpdateContactAttributesCommand({ InstanceId: p.seeded.instanceId, InitialContactId: a, Attributes: { survey: 'done' } }));
      await flush(p);
      const [updated] = r.accepted().map(bodyOf);
      expect(updated.detail).toMatchObject({
        eventType: 'CONTACT_DATA_UPDATED',
        queueInfo: { queueType: 'STANDARD', enqueueTimestamp: '2026-11-02T09:00:00.000Z' },
        agentInfo: { agentArn: expect.stringContaining(p.seeded.demoUsers.alice.id) as string, connectedToAgentTimestamp: '2026-11-02T09:00:00.000Z' },
        disconnectReason: 'AGENT_DISCONNECT',
        attributes: { survey: 'done' },
      });
    });

    it('backs off 5 s, 10 s, 20 s, 40 s… between attempts while the receiver answers errors', async () => {
      r = await Receiver.start([503, 500, 502, 500]);
      await createWebhook(p, r.url, { EventTypes: ['INITIATED'] });
      await chatLifecycle(p, await queueingFlow(p));
      expect(await deliverAll(p)).toBe(4);
      // Attempts at 0, 0+5, 5+10, 15+20, 35+40 seconds; the fifth is accepted.
      expect(r.requests.map((q) => [q.answer, q.timestamp - T0])).toEqual([
        [503, 0],
        [500, 5],
        [502, 15],
        [500, 35],
        [200, 75],
      ]);
    });
  });
}

const accepted = (rs: Received[]) => rs.filter((q) => q.answer === 200);
