import type { Db } from '../../adapters/store/db.js';
import { postWebhook, type PostOutcome } from '../../adapters/egress/webhook-post.js';
import type { Config } from '../../config.js';
import type { Clock } from '../../core/ports.js';
import { retryDelay } from './policy.js';
import { openSecret } from './secret-box.js';
import { signatureOf } from './signature.js';

/** A delivery that may be sent now, with what sending it needs. */
export interface DueDelivery {
  id: string;
  webhook_id: string;
  event_type: string;
  payload: string;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  url: string;
  secret: string;
}

/** Why an attempt was aborted when the server stops: it is due again at once, without backoff. */
export const STOPPING = new Error('interrupted: the server stopped');

/**
 * Up to `limit` deliveries due at `now` of enabled webhooks, each the oldest undelivered one of
 * its (webhook, contact): later events of a contact wait until the earlier ones are delivered.
 */
export function findDue(db: Db, now: number, exclude: readonly string[], limit: number): Promise<DueDelivery[]> {
  let q = db.kysely
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .select(['d.id', 'd.webhook_id', 'd.event_type', 'd.payload', 'd.attempts', 'd.next_attempt_at', 'd.created_at', 'w.url', 'w.secret'])
    .where('d.delivered_at', 'is', null)
    .where('d.next_attempt_at', '<=', now)
    .where('w.state', '=', 'ENABLED')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('webhook_deliveries as e')
            .select('e.id')
            .whereRef('e.webhook_id', '=', 'd.webhook_id')
            .whereRef('e.contact_id', '=', 'd.contact_id')
            .where('e.delivered_at', 'is', null)
            .whereRef('e.event_seq', '<', 'd.event_seq'),
        ),
      ),
    );
  if (exclude.length) q = q.where('d.id', 'not in', exclude);
  return q.orderBy('d.next_attempt_at').orderBy('d.event_seq').limit(limit).execute();
}

/**
 * Claims deliveries for this sender by moving their `next_attempt_at` to `leaseUntil`, each only if
 * it is still as it was found (another node may have claimed or sent it meanwhile).
 */
export function claim(db: Db, due: readonly DueDelivery[], leaseUntil: number): Promise<DueDelivery[]> {
  if (!due.length) return Promise.resolve([]);
  return db.write(async (tx) => {
    const won: DueDelivery[] = [];
    for (const d of due) {
      const r = await tx
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: leaseUntil })
        .where('id', '=', d.id)
        .where('next_attempt_at', '=', d.next_attempt_at)
        .where('delivered_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) won.push(d);
    }
    return won;
  });
}

/**
 * Sends one claimed delivery (no transaction is open meanwhile) and records the outcome: a 2xx
 * marks it delivered; anything else counts a failed attempt and makes it due again after the
 * backoff, unless its lease was taken over meanwhile (the other sender records its own attempt).
 * A URL leading to a private address is refused like that too, and retried: the operator may
 * allow private targets (PARLEY_WEBHOOKS_ALLOW_PRIVATE) or the user fix the URL meanwhile.
 */
export async function attempt(
  deps: { db: Db; clock: Clock; secret: string; config: Pick<Config, 'webhooksAllowPrivate'> },
  d: DueDelivery,
  leaseUntil: number,
  signal: AbortSignal,
): Promise<PostOutcome> {
  const { db, clock } = deps;
  const startedAt = clock.now();
  const secret = openSecret(deps.secret, d.secret);
  const timestamp = Math.floor(startedAt / 1000);
  const outcome: PostOutcome =
    secret === null
      ? { status: null, error: 'the webhook secret cannot be read (was PARLEY_SECRET changed?): rotate it with RotateSecret' }
      : await postWebhook(
          d.url,
          d.payload,
          {
            'content-type': 'application/json',
            'user-agent': 'Parley-Webhooks/1',
            'x-parley-signature': signatureOf(secret, timestamp, d.payload),
            'x-parley-timestamp': String(timestamp),
            'x-parley-delivery': d.id,
            'x-parley-event': d.event_type,
          },
          signal,
          { allowPrivate: deps.config.webhooksAllowPrivate },
        );
  const now = clock.now();
  const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
  const seen = { last_attempt_at: startedAt, last_status: outcome.status, attempts: d.attempts + 1 };
  await db.write(async (tx) => {
    const q = tx.updateTable('webhook_deliveries').where('id', '=', d.id).where('delivered_at', 'is', null);
    if (ok) await q.set({ ...seen, delivered_at: now, last_error: null }).execute();
    else {
      const next = signal.reason === STOPPING ? now : now + retryDelay(d.attempts + 1);
      await q.set({ ...seen, next_attempt_at: next, last_error: outcome.error }).where('next_attempt_at', '=', leaseUntil).execute();
    }
  });
  return outcome;
}
