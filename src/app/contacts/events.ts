import { afterCommit, type Tx } from '../../adapters/store/db.js';
import type { ContactEvent, LoggedContactEvent } from '../../core/contact/events.js';

/** Wakes whoever folds the log (the projector); set by the composition root, a no-op before. */
let wakeProjector: () => void = () => {};
export const onContactEvents = (wake: () => void): void => {
  wakeProjector = wake;
};
/** Other listeners woken after a commit that logged contact events (the live queue board); returns the unsubscribe. */
const watchers = new Set<() => void>();
export const subscribeContactEvents = (listener: () => void): (() => void) => {
  watchers.add(listener);
  return () => void watchers.delete(listener);
};

/**
 * Appends an event of a contact segment to the contact event log, in the caller's transaction:
 * it is there exactly when the change it describes is. The projector is woken after commit.
 */
export async function recordEvent(tx: Tx, at: number, contact: { id: string; instance_id: string }, event: ContactEvent): Promise<void> {
  const { type, ...detail } = event;
  await tx.insertInto('contact_events').values({ instance_id: contact.instance_id, contact_id: contact.id, type, at, detail: JSON.stringify(detail), done: 0 }).execute();
  afterCommit(tx, () => {
    wakeProjector();
    for (const w of watchers) w();
  });
}

/** Same as recordEvent for a contact known by id only. */
export async function recordEventOf(tx: Tx, at: number, contactId: string, event: ContactEvent): Promise<void> {
  const c = await tx.selectFrom('contacts').select(['id', 'instance_id']).where('id', '=', contactId).executeTakeFirst();
  if (c) await recordEvent(tx, at, c, event);
}

/**
 * After the segment's agent side changed (after-contact work cleared, an offer withdrawn), or the
 * segment ended: COMPLETED once the segment has ended and no agent still holds it connected or in
 * after-contact work. Recorded once.
 */
export async function completeIfDone(tx: Tx, contactId: string, at: number): Promise<void> {
  const c = await tx.selectFrom('contacts').select(['id', 'instance_id', 'state']).where('id', '=', contactId).executeTakeFirst();
  if (!c || c.state !== 'ENDED') return;
  const busy = await tx.selectFrom('agent_contacts').select('id').where('contact_id', '=', contactId).where('state', 'in', ['CONNECTED', 'ENDED']).executeTakeFirst();
  if (busy) return;
  const already = await tx.selectFrom('contact_events').select('seq').where('contact_id', '=', contactId).where('type', '=', 'COMPLETED').executeTakeFirst();
  if (!already) await recordEvent(tx, at, c, { type: 'COMPLETED' });
}

/** A stored event row as the union. */
export function loggedEvent(row: { seq: number | string; contact_id: string; type: string; at: number; detail: string }): LoggedContactEvent {
  return { ...(JSON.parse(row.detail) as object), type: row.type, seq: Number(row.seq), contactId: row.contact_id, at: Number(row.at) } as LoggedContactEvent;
}
