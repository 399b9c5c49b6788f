import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import type { TestParley } from '../helpers/parley.js';
import { TEST_STORES } from '../helpers/stores.js';
import { ALLOW_PRIVATE, api, chatLifecycle, createWebhook, deliverAll, flush, queueingFlow, signatureValid } from './kit.js';
import { Receiver } from './receiver.js';

/* Configuring webhooks: disabling, deleting, fixing a URL, retrying, health, listing, rotating the secret. */

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0) / 1000;
const DAY_MS = 86_400_000;

for (const store of TEST_STORES) {
  describe.skipIf(store.skip)(`managing webhooks (${store.name})`, () => {
    let p: TestParley;
    let flow: string;
    const receivers: Receiver[] = [];
    const receiver = async (...args: Parameters<typeof Receiver.start>) => {
      const r = await Receiver.start(...args);
      receivers.push(r);
      return r;
    };
    beforeEach(async () => {
      p = await store.start({ env: ALLOW_PRIVATE });
      flow = await queueingFlow(p);
    });
    afterEach(async () => {
      await p.stop();
      for (const r of receivers.splice(0)) await r.close();
    });
    const path = (...rest: string[]) => ['', 'webhooks', p.seeded.instanceId, ...rest].join('/');
    const describeHook = async (id: string) => (await api(p, 'GET', path(id))).body.Webhook as Record<string, unknown>;
    const deliveryCount = async (webhookId: string) => (await p.deps.db.kysely.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', webhookId).execute()).length;

    it('disabling holds deliveries back and makes no new ones; enabling sends what was held', async () => {
      const r = await receiver([], 500);
      const hook = await createWebhook(p, r.url);
      await chatLifecycle(p, flow);
      await flush(p);
      expect((await describeHook(hook.id)).DeliveryStatus).toEqual({
        Health: 'FAILING',
        PendingDeliveries: 6,
        FailingDeliveries: 1,
        OldestPendingTimestamp: T0,
        LastError: 'HTTP 500',
        LastStatus: 500,
        LastErrorTimestamp: T0,
      });
      expect((await api(p, 'POST', path(hook.id), { body: { State: 'DISABLED' } })).status).toBe(200);
      p.clock.advance(3_600_000);
      await chatLifecycle(p, flow);
      await flush(p);
      expect(r.requests).toHaveLength(1);
      expect(await deliveryCount(hook.id)).toBe(6); // the second chat made none

      r.answerNext([], 200);
      await api(p, 'POST', path(hook.id), { body: { State: 'ENABLED' } });
      await deliverAll(p);
      expect(r.accepted()).toHaveLength(6);
      expect((await describeHook(hook.id)).DeliveryStatus).toEqual({ Health: 'HEALTHY', PendingDeliveries: 0, FailingDeliveries: 0 });
    });

    it('deleting a webhook drops its deliveries and sends nothing more', async () => {
      const r = await receiver([], 500);
      const hook = await createWebhook(p, r.url);
      await chatLifecycle(p, flow);
      await flush(p);
      expect((await api(p, 'DELETE', path(hook.id))).status).toBe(200);
      expect(await deliveryCount(hook.id)).toBe(0);
      p.clock.advance(DAY_MS);
      await chatLifecycle(p, flow);
      await flush(p);
      expect(r.requests).toHaveLength(1);
      expect((await api(p, 'GET', path(hook.id))).status).toBe(404);
    });

    it('keeps retrying a refused connection until the URL is fixed; a retry is sent at once', async () => {
      const closed = `http://127.0.0.1:${await freePort()}/nobody-listens`;
      const hook = await createWebhook(p, closed, { EventTypes: ['INITIATED', 'COMPLETED'] });
      const contact = await chatLifecycle(p, flow);
      await flush(p);
      const failed = await api(p, 'GET', path(hook.id, 'deliveries'), { query: { State: 'FAILED' } });
      const [d] = failed.body.Deliveries as Record<string, unknown>[];
      expect(d).toMatchObject({ ContactId: contact, EventType: 'INITIATED', State: 'FAILED', Attempts: 1, NextAttemptTimestamp: T0 + 5 });
      expect(String(d.LastError)).toContain('ECONNREFUSED');
      // COMPLETED waits behind INITIATED, untried.
      expect((await api(p, 'GET', path(hook.id, 'deliveries'), { query: { State: 'PENDING' } })).body.Deliveries).toMatchObject([{ EventType: 'COMPLETED', Attempts: 0 }]);

      const r = await receiver();
      await api(p, 'POST', path(hook.id), { body: { Url: r.url } });
      expect((await api(p, 'POST', path(hook.id, 'deliveries', String(d.Id), 'retry'))).status).toBe(200);
      await flush(p); // the clock has not moved: the retry did not wait for its backoff
      expect(r.accepted().map((q) => q.event)).toEqual(['INITIATED', 'COMPLETED']);
      const delivered = await api(p, 'GET', path(hook.id, 'deliveries'), { query: { State: 'DELIVERED' } });
      expect((delivered.body.Deliveries as unknown[]).length).toBe(2);
    });

    it('reports a webhook IN_TROUBLE once its oldest undelivered event is over three days old, and never drops it', async () => {
      const r = await receiver([], 500);
      const hook = await createWebhook(p, r.url, { EventTypes: ['INITIATED'] });
      await chatLifecycle(p, flow);
      await flush(p);
      p.clock.advance(3 * DAY_MS + 1_000);
      await flush(p);
      expect((await describeHook(hook.id)).DeliveryStatus).toMatchObject({ Health: 'IN_TROUBLE', PendingDeliveries: 1, FailingDeliveries: 1 });
      r.answerNext([], 200);
      await deliverAll(p);
      expect(r.requests.map((q) => q.answer)).toEqual([500, 500, 200]);
      expect((await describeHook(hook.id)).DeliveryStatus).toMatchObject({ Health: 'HEALTHY' });
    });

    it('lists webhooks by name in pages, never shows a secret, and signs with a rotated secret from then on', async () => {
      const r = await receiver();
      const b = await api(p, 'PUT', path(), { body: { Name: 'b-crm', Url: r.url, EventTypes: ['COMPLETED'] } });
      const a = await api(p, 'PUT', path(), { body: { Name: 'a-wfm', Url: r.url, Description: 'workforce' } });
      const page1 = await api(p, 'GET', path(), { query: { maxResults: '1' } });
      expect(page1.body.WebhookSummaryList).toEqual([{ Id: a.body.WebhookId, Arn: a.body.WebhookArn, Name: 'a-wfm', Url: r.url, State: 'ENABLED' }]);
      const page2 = await api(p, 'GET', path(), { query: { maxResults: '1', nextToken: String(page1.body.NextToken) } });
      expect((page2.body.WebhookSummaryList as { Name: string }[]).map((w) => w.Name)).toEqual(['b-crm']);
      expect(page2.body.NextToken).toBeUndefined();

      const shown = await describeHook(String(a.body.WebhookId));
      expect(shown).toMatchObject({ Name: 'a-wfm', Description: 'workforce', State: 'ENABLED', CreatedTime: T0 });
      // All public contact event types by default.
      expect(shown.EventTypes).toEqual(['INITIATED', 'CONNECTED_TO_SYSTEM', 'QUEUED', 'CONNECTED_TO_AGENT', 'DISCONNECTED', 'COMPLETED', 'CONTACT_DATA_UPDATED']);
      expect(JSON.stringify(shown)).not.toContain(String(a.body.Secret));
      expect(shown).not.toHaveProperty('Secret');

      const rotated = await api(p, 'POST', path(String(b.body.WebhookId)), { body: { RotateSecret: true } });
      const secret = String(rotated.body.Secret);
      expect(secret).not.toBe(b.body.Secret);
      await chatLifecycle(p, flow);
      await flush(p);
      const completed = r.requests.filter((q) => q.event === 'COMPLETED');
      expect(completed).toHaveLength(2); // one per webhook
      const toB = completed.filter((q) => signatureValid(q, secret));
      expect(toB).toHaveLength(1);
      expect(signatureValid(toB[0], String(b.body.Secret))).toBe(false);
    });
  });
}
