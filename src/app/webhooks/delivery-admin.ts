import { invalidParameter, invalidRequest, notFound } from '../../core/errors.js';
import { epochSeconds } from '../../core/time.js';
import { requireInstance } from '../admin/instances.js';
import type { Deps } from '../deps.js';
import { sign, unsign } from '../signing.js';
import { wakeAfterCommit } from './deliveries.js';
import { requireWebhook } from './webhook-refs.js';

/** PENDING: not attempted yet (or out now); FAILED: attempted, failed, being retried; DELIVERED: a 2xx came back. */
export const DELIVERY_STATES = ['PENDING', 'FAILED', 'DELIVERED'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

interface Cursor {
  k: string;
  s: number;
}

/** ListWebhookDeliveries: newest event first, optionally of one state. Delivered ones are kept a week. */
export async function listDeliveries(deps: Deps, instanceRef: string, webhookRef: string, query: { State?: DeliveryState; maxResults?: number; nextToken?: string }) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const w = await requireWebhook(deps.db.kysely, instance.id, webhookRef);
  const key = `webhook-deliveries:${w.id}:${query.State ?? ''}`;
  const after = query.nextToken === undefined ? null : unsign<Cursor>(deps.secret, 'config-list-page', query.nextToken);
  if (query.nextToken !== undefined && (!after || after.k !== key)) throw invalidParameter('NextToken is not valid for this request');
  const limit = query.maxResults ?? 100;
  let q = deps.db.kysely.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', w.id);
  if (query.State === 'DELIVERED') q = q.where('delivered_at', 'is not', null);
  if (query.State === 'PENDING') q = q.where('delivered_at', 'is', null).where('attempts', '=', 0);
  if (query.State === 'FAILED') q = q.where('delivered_at', 'is', null).where('attempts', '>', 0);
  if (after) q = q.where('event_seq', '<', after.s);
  const rows = await q.orderBy('event_seq', 'desc').limit(limit + 1).execute();
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  const NextToken = rows.length > limit && last ? sign(deps.secret, 'config-list-page', { k: key, s: Number(last.event_seq) } satisfies Cursor) : undefined;
  const secs = (v: number) => epochSeconds(Number(v));
  return {
    Deliveries: shown.map((d) => ({
      Id: d.id,
      ContactId: d.contact_id,
      EventType: d.event_type,
      State: d.delivered_at !== null ? 'DELIVERED' : Number(d.attempts) > 0 ? 'FAILED' : 'PENDING',
      Attempts: Number(d.attempts),
      CreatedTimestamp: epochSeconds(Number(d.created_at)),
      ...(d.delivered_at === null ? { NextAttemptTimestamp: secs(d.next_attempt_at) } : { DeliveredTimestamp: secs(d.delivered_at) }),
      ...(d.last_attempt_at !== null ? { LastAttemptTimestamp: secs(d.last_attempt_at) } : {}),
      ...(d.last_status !== null ? { LastStatus: Number(d.last_status) } : {}),
      ...(d.last_error !== null ? { LastError: d.last_error } : {}),
    })),
    ...(NextToken ? { NextToken } : {}),
  };
}

/**
 * RetryWebhookDelivery: an undelivered delivery is due now instead of at the end of its backoff.
 * It still goes after the earlier undelivered events of its contact.
 */
export async function retryDelivery(deps: Deps, instanceRef: string, webhookRef: string, deliveryId: string): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const w = await requireWebhook(tx, instance.id, webhookRef);
    const d = await tx.selectFrom('webhook_deliveries').select(['id', 'delivered_at']).where('id', '=', deliveryId).where('webhook_id', '=', w.id).executeTakeFirst();
    if (!d) throw notFound('Delivery', deliveryId, 'WEBHOOK_DELIVERY');
    if (d.delivered_at !== null) throw invalidRequest(`Delivery ${deliveryId} was delivered already`);
    if (w.state !== 'ENABLED') throw invalidRequest('The webhook is disabled: enable it to resume its deliveries');
    await tx.updateTable('webhook_deliveries').set({ next_attempt_at: deps.clock.now() }).where('id', '=', d.id).where('delivered_at', 'is', null).execute();
    wakeAfterCommit(tx);
  });
}
