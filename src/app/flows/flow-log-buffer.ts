import { precompiled, type Precompiled } from '../../adapters/store/compiled.js';
import type { Tx } from '../../adapters/store/db.js';
import type { Database } from '../../adapters/store/schema.js';
import type { FlowLogEntry } from '../../core/flow/commands.js';

type LogRow = Database['flow_logs'];

/** Rows per insert: well under both stores' limits on bound parameters (11 per row). */
const ROWS_PER_INSERT = 500;
/** Inserts of up to this many rows are built once per dialect (compiled.ts): a run logs a handful of blocks. */
const COMPILED_UP_TO = 32;
const COLUMNS = ['contact_id', 'at', 'flow_id', 'identifier', 'type', 'parameters', 'result', 'error', 'detail', 'next', 'n'] as const;

type Params = Record<string, unknown>;
const inserts = new Map<number, Precompiled<Params, unknown>>();

/** The insert of `count` rows, its parameters named column + row index. */
function insertOf(count: number): Precompiled<Params, unknown> {
  let q = inserts.get(count);
  if (!q) {
    q = precompiled((db, p: Params) =>
      db.insertInto('flow_logs').values(Array.from({ length: count }, (_, i) => Object.fromEntries(COLUMNS.map((c) => [c, p[`${c}${i}`]])) as LogRow)),
    );
    inserts.set(count, q);
  }
  return q;
}

async function insertRows(tx: Tx, rows: LogRow[]): Promise<void> {
  if (rows.length > COMPILED_UP_TO) return void (await tx.insertInto('flow_logs').values(rows).execute());
  const params: Params = {};
  rows.forEach((r, i) => {
    for (const c of COLUMNS) params[`${c}${i}`] = r[c];
  });
  await insertOf(rows.length).defer(tx, params);
}

/**
 * The flow log entries of one run of a segment's flow, written together when the run is over:
 * one insert instead of a `max(n)` read and an insert per block. Entries are numbered in the
 * order they were added, after the segment's last entry: that is read once, at the write, unless
 * the segment was created in this transaction (it has none yet).
 */
export class FlowLogBuffer {
  private readonly rows: Omit<LogRow, 'n'>[] = [];
  /** The number of the segment's last entry, once known. */
  private last: number | null;

  constructor(
    private readonly contactId: string,
    fresh = false,
  ) {
    this.last = fresh ? 0 : null;
  }

  /** Entries of blocks that finished at `at` (domain ms). */
  add(entries: FlowLogEntry[], at: number): void {
    for (const l of entries)
      this.rows.push({
        contact_id: this.contactId,
        at,
        flow_id: l.flowId,
        identifier: l.identifier,
        type: l.type,
        parameters: JSON.stringify(l.parameters),
        result: l.result,
        error: l.error,
        detail: l.detail ?? null,
        next: l.next,
      });
  }

  /** Writes what was added since the last write, in the run's transaction (the segment is locked). */
  async write(tx: Tx): Promise<void> {
    if (!this.rows.length) return;
    let n = this.last ?? (await lastN(tx, this.contactId));
    const rows = this.rows.splice(0).map((r) => ({ ...r, n: ++n }));
    this.last = n;
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await insertRows(tx, rows.slice(i, i + ROWS_PER_INSERT));
  }
}

async function lastN(tx: Tx, contactId: string): Promise<number> {
  const last = await tx.selectFrom('flow_logs').select((eb) => eb.fn.max('n').as('n')).where('contact_id', '=', contactId).executeTakeFirst();
  return Number(last?.n ?? 0);
}
