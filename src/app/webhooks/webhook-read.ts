import { sql } from 'kysely';
import { epochSeconds } from '../../core/time.js';
import { cursorOf, namePage } from '../admin/hours.js';
import { requireInstance } from '../admin/instances.js';
import type { Deps } from '../deps.js';
import { TROUBLE_AFTER_MS } from './policy.js';
import { requireWebhook, webhookArn } from './webhook-refs.js';

/**
 * How a webhook's deliveries are going: HEALTHY when no undelivered event has failed; FAILING when
 * some are being retried; IN_TROUBLE when the oldest undelivered event is more than three days
 * old. Deliveries are never dropped, so a webhook in trouble needs someone: fix the receiver, or
 * disable or delete the webhook.
 */
async function deliveryStatus(deps: Deps, webhookId: string) {
  const k = deps.db.kysely;
  const agg = await k
    .selectFrom('webhook_deliveries')
    .select((eb) => [
      eb.fn.countAll<number>().as('pending'),
      eb.fn.sum<number>(sql<number>`case when attempts > 0 then 1 else 0 end`).as('failing'),
      eb.fn.min('created_at').as('oldest'),
    ])
    .where('webhook_id', '=', webhookId)
    .where('delivered_at', 'is', null)
    .executeTakeFirstOrThrow();
  const last = await k
    .selectFrom('webhook_deliveries')
    .select(['last_attempt_at', 'last_status', 'last_error'])
    .where('webhook_id', '=', webhookId)
    .where('delivered_at', 'is', null)
    .where('last_error', 'is not', null)
    .orderBy('last_attempt_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const pending = Number(agg.pending);
  const failing = Number(agg.failing ?? 0);
  const oldest = agg.oldest == null ? null : Number(agg.oldest);
  const health = failing === 0 ? 'HEALTHY' : oldest !== null && deps.clock.now() - oldest > TROUBLE_AFTER_MS ? 'IN_TROUBLE' : 'FAILING';
  return {
    Health: health,
    PendingDeliveries: pending,
    FailingDeliveries: failing,
    ...(oldest !== null ? { OldestPendingTimestamp: epochSeconds(oldest) } : {}),
    ...(last
      ? { LastError: last.last_error, ...(last.last_status !== null ? { LastStatus: Number(last.last_status) } : {}), LastErrorTimestamp: epochSeconds(Number(last.last_attempt_at)) }
      : {}),
  };
}

/** DescribeWebhook: its configuration (never its secret) and how its deliveries are going. */
export async function describeWebhook(deps: Deps, instanceRef: string, webhookRef: string) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const w = await requireWebhook(deps.db.kysely, instance.id, webhookRef);
  return {
    Webhook: {
      Id: w.id,
      Arn: webhookArn(deps.config, instance.id, w.id),
      Name: w.name,
      Description: w.description,
      Url: w.url,
      EventTypes: JSON.parse(w.event_types) as string[],
      State: w.state,
      CreatedTime: epochSeconds(Number(w.created_at)),
      LastModifiedTime: epochSeconds(Number(w.updated_at)),
      DeliveryStatus: await deliveryStatus(deps, w.id),
    },
  };
}

/** ListWebhooks: by name, paged like Connect's list APIs. */
export async function listWebhooks(deps: Deps, instanceRef: string, page: { maxResults?: number; nextToken?: string }) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const key = `webhooks:${instance.id}`;
  const after = cursorOf(deps, key, page.nextToken);
  const limit = page.maxResults ?? 100;
  let q = deps.db.kysely.selectFrom('webhooks').select(['id', 'name', 'url', 'state']).where('instance_id', '=', instance.id);
  if (after) q = q.where((eb) => eb.or([eb('name', '>', after.n), eb.and([eb('name', '=', after.n), eb('id', '>', after.i)])]));
  const { shown, NextToken } = namePage(deps, key, await q.orderBy('name').orderBy('id').limit(limit + 1).execute(), limit);
  return {
    WebhookSummaryList: shown.map((w) => ({ Id: w.id, Arn: webhookArn(deps.config, instance.id, w.id), Name: w.name, Url: w.url, State: w.state })),
    ...(NextToken ? { NextToken } : {}),
  };
}
