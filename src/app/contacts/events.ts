import { precompiled, type Precompiled } from '../../adapters/store/compiled.js';
import { afterCommit, type Tx } from '../../adapters/store/db.js';
import type { Database } from '../../adapters/store/schema.js';
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

type Logged = { contact: { id: string; instance_id: string }; event: ContactEvent; at?: number };
type Row = Omit<Database['contact_events'], 'seq'>;
const COLUMNS = ['instance_id', 'contact_id', 'type', 'at', 'detail', 'done'] as const;

/** Inserts of up to this many events are built once per dialect (compiled.ts): a chat start logs two, then one. */
const COMPILED_UP_TO = 8;
const inserts = new Map<number, Precompiled<Record<string, unknown>, unknown>>();

function insertOf(count: number): Precompiled<Record<string, unknown>, unknown> {
  let q = inserts.get(count);
  if (!q) {
    q = precompiled((db, p: Record<string, unknown>) =>
      db.insertInto('contact_events').values(Array.from({ length: count }, (_, i) => Object.fromEntries(COLUMNS.map((c) => [c, p[`${c}${i}`]])) as Row)),
    );
    inserts.set(count, q);
  }
  return q;
}

/**
 * Appends an event of a contact segment to the contact event log, in the caller's transaction:
 * it is there exactly when the change it describes is. The projector is woken after commit.
 */
export async function recordEvent(tx: Tx, at: number, contact: { id: string; instance_id: string }, event: ContactEvent): Promise<void> {
  await recordEvents(tx, at, [{ contact, event }]);
}

/**
 * recordEvent for several events at one time, in one insert and in their order (a routing pass
 * records one offer per contact; a flow's run, what it logged). An event may carry its own time.
 */
export async function recordEvents(tx: Tx, at: number, events: readonly Logged[]): Promise<void> {
  if (!events.length) return;
  const rows: Row[] = events.map(({ contact, event: { type, ...detail }, at: own }) => ({ instance_id: contact.instance_id, contact_id: contact.id, type, at: own ?? at, detail: JSON.stringify(detail), done: 0 }));
  if (rows.length > COMPILED_UP_TO) await tx.insertInto('contact_events').values(rows).execute();
  else {
    const params: Record<string, unknown> = {};
    rows.forEach((r, i) => {
      for (const c of COLUMNS) params[`${c}${i}`] = r[c];
    });
    await insertOf(rows.length).defer(tx, params);
  }
  afterCommit(tx, contactEventsCommitted);
}

/** Wakes the projector and the watchers: for a writer that committed contact events by other means. */
export function contactEventsCommitted(): void {
  wakeProjector();
  for (const w of watchers) w();
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

/** A stored event row as the union. The parsed detail is completed in place: spreading it into a new object cost ten times the parse. */
export function loggedEvent(row: { seq: number | string; contact_id: string; type: string; at: number; detail: string }): LoggedContactEvent {
  const e = JSON.parse(row.detail) as Record<string, unknown>;
  e.type = row.type;
  e.seq = Number(row.seq);
  e.contactId = row.contact_id;
  e.at = Number(row.at);
  return e as LoggedContactEvent;
}
