import type { Tx } from '../../adapters/store/db.js';

/**
 * The lookups by reference a flow run makes (findQueue, findFlow of one type or any), answered
 * from rows read earlier in the same transaction where a caller read them ahead: a chat start on
 * PostgreSQL reads them with its first statement (start-at-once.ts) instead of a round trip each.
 * Under READ COMMITTED every statement has its own snapshot, so a row read one statement earlier
 * is what the lookup could have read had it run then; nothing in a start writes queues or flows.
 * A lookup not read ahead is made as usual.
 */
export type Lookup = { kind: 'queue'; instanceId: string; ref: string } | { kind: 'flow'; instanceId: string; ref: string; type: string | null };

export const lookupKey = (l: Lookup): string => (l.kind === 'queue' ? `q\u0000${l.instanceId}\u0000${l.ref}` : `f\u0000${l.instanceId}\u0000${l.ref}\u0000${l.type ?? ''}`);

interface Ahead {
  /** By lookupKey: the row, or null where the read found none. */
  rows: Map<string, unknown>;
  /** Every lookup of the run, read ahead or not: what the next start of the flow reads ahead. */
  made: Lookup[];
}

const aheadOn = new WeakMap<Tx, Ahead>();

/** Answers `tx`'s lookups from `rows` and records them; returns the list they are recorded in. */
export function readAhead(tx: Tx, rows: Map<string, unknown>): Lookup[] {
  const ahead = { rows, made: [] };
  aheadOn.set(tx, ahead);
  return ahead.made;
}

/** For findQueue and findFlow: the row read ahead for `l` ({ row: undefined } for none found), or null to read it now. */
export function readAheadFor<T>(tx: Tx, l: Lookup): { row: T | undefined } | null {
  const ahead = aheadOn.get(tx);
  if (!ahead) return null;
  if (ahead.made.length < MAX_LOOKUPS) ahead.made.push(l);
  const key = lookupKey(l);
  if (!ahead.rows.has(key)) return null;
  return { row: (ahead.rows.get(key) ?? undefined) as T | undefined };
}

/** Read ahead per start at most: a flow that looks up more reads the rest as it goes. */
export const MAX_LOOKUPS = 8;
/** Flows whose lookups are remembered (a hint each: a few strings). */
const MAX_FLOWS = 1000;

const learned = new Map<string, Lookup[]>();

/**
 * What the last start of a flow looked up: a guess at what the next will (a flow's references
 * can depend on the contact), only ever used to choose what to read ahead.
 */
export const lookupsOf = (flowId: string): Lookup[] => learned.get(flowId) ?? [];

export function learnLookups(flowId: string, made: Lookup[]): void {
  if (!learned.has(flowId) && learned.size >= MAX_FLOWS) learned.delete(learned.keys().next().value!);
  const distinct = new Map(made.map((l) => [lookupKey(l), l]));
  learned.set(flowId, [...distinct.values()].slice(0, MAX_LOOKUPS));
}
