import { afterCommit, type Tx } from '../../adapters/store/db.js';
import type { Database } from '../../adapters/store/schema.js';
import { isPublicContactEvent, type LoggedContactEvent } from '../../core/contact/events.js';
import type { Deps } from '../deps.js';
import { contactEventBody } from './payload.js';
import { readSubjects } from './subjects.js';

/** Rows per INSERT: far below SQLite's limit on bound parameters. */
const CHUNK = 200;

const dispatchers = new Set<() => void>();

/** Lets a dispatcher hear of new or rescheduled deliveries (after their commit); returns the way to stop hearing. */
export function onDeliveries(wake: () => void): () => void {
  dispatchers.add(wake);
  return () => dispatchers.delete(wake);
}

/** Wakes the dispatchers once `tx` has committed. */
export const wakeAfterCommit = (tx: Tx): void => afterCommit(tx, () => dispatchers.forEach((wake) => wake()));

/**
 * Called by the projector in its transaction with a batch of logged contact events: one delivery
 * per (enabled webhook of the event's instance that wants its type, public event), with the body
 * built now from the store, so that what an event says never changes afterwards. No outside I/O.
 * Handing the same event over again (the projector's batch rolled back and ran again) adds
 * nothing: a delivery is unique per (webhook, event).
 */
export async function enqueueDeliveries(tx: Tx, deps: Pick<Deps, 'ids' | 'config'>, events: LoggedContactEvent[]): Promise<void> {
  const published = events.filter((e) => isPublicContactEvent(e.type));
  if (!published.length) return;
  const owners = await tx.selectFrom('contacts').select(['id', 'instance_id']).where('id', 'in', [...new Set(published.map((e) => e.contactId))]).execute();
  const instanceOf = new Map(owners.map((o) => [o.id, o.instance_id]));
  const instanceIds = [...new Set(owners.map((o) => o.instance_id))];
  if (!instanceIds.length) return;
  const hooks = (await tx.selectFrom('webhooks').select(['id', 'instance_id', 'event_types']).where('instance_id', 'in', instanceIds).where('state', '=', 'ENABLED').execute()).map(
    (h) => ({ id: h.id, instanceId: h.instance_id, types: new Set(JSON.parse(h.event_types) as string[]) }),
  );
  const wanted = published.map((e) => ({ e, to: hooks.filter((h) => h.instanceId === instanceOf.get(e.contactId) && h.types.has(e.type)) })).filter((w) => w.to.length);
  if (!wanted.length) return;
  const { subject, history } = await readSubjects(tx, deps.config, wanted.map((w) => w.e));
  const rows: Database['webhook_deliveries'][] = [];
  for (const { e, to } of wanted) {
    const s = subject.get(e.contactId);
    if (!s) continue;
    const upTo = (history.get(e.contactId) ?? []).filter((h) => h.seq <= e.seq);
    // One body per event: every webhook receives the same event id.
    const payload = contactEventBody(deps.config, deps.ids.uuid(), s, upTo, e);
    for (const h of to)
      rows.push({
        id: deps.ids.uuid(),
        webhook_id: h.id,
        instance_id: h.instanceId,
        contact_id: e.contactId,
        event_seq: e.seq,
        event_type: e.type,
        payload,
        attempts: 0,
        next_attempt_at: e.at,
        last_attempt_at: null,
        delivered_at: null,
        last_status: null,
        last_error: null,
        created_at: e.at,
      });
  }
  for (let i = 0; i < rows.length; i += CHUNK)
    await tx
      .insertInto('webhook_deliveries')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(['webhook_id', 'event_seq']).doNothing())
      .execute();
  wakeAfterCommit(tx);
}
