import { CompiledQuery, type QueryResult } from 'kysely';

type Exec = (q: CompiledQuery) => Promise<QueryResult<unknown>>;

/** Well under PostgreSQL's 65,535 parameters per statement. */
const MAX_VALUES = 20_000;

/**
 * Writes whose outcome nobody reads, held back on a PostgreSQL connection and sent together as
 * one statement (each a data-modifying CTE of it) before anything that could tell they are not
 * written yet: every round trip costs Node about 200 µs of CPU (socket writes), and a chat start
 * made fifteen (BENCHMARKS.md). What sees them first:
 *  - any statement that writes, or begins, commits or sets a savepoint (constraints, locks, order);
 *  - a read naming a table they write, by a word of its SQL (the schema has no views or triggers);
 *  - a second write to a table already held: statements of one CTE share a snapshot and would not
 *    see each other's rows.
 * A rollback drops them. A deferred write that fails fails the statement it went out with, and so
 * the transaction: defer only writes that fail only on a bug (fresh ids, upserts).
 */
export class DeferredWrites {
  private statements: string[] = [];
  private values: unknown[] = [];
  private readonly tables = new Set<string>();

  constructor(private readonly exec: Exec) {}

  /** Holds back `sql` (an insert, update or delete without RETURNING). */
  async add(sql: string, values: readonly unknown[]): Promise<void> {
    const table = targetOf(sql);
    if (!table || this.tables.has(table) || this.values.length + values.length > MAX_VALUES) await this.flush();
    if (!table) return void (await this.exec(CompiledQuery.raw(sql, [...values])));
    const offset = this.values.length;
    this.statements.push(offset ? sql.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + offset}`) : sql);
    this.values.push(...values);
    this.tables.add(table);
  }

  /** Called with every statement about to run on the connection. */
  async before(q: CompiledQuery): Promise<void> {
    if (!this.statements.length) return;
    if (/^\s*rollback\b/i.test(q.sql)) return this.clear();
    if (/^\s*select\b/i.test(q.sql) && !this.named(q.sql)) return;
    await this.flush();
  }

  private named(sql: string): boolean {
    for (const word of sql.match(/\w+/g) ?? []) if (this.tables.has(word)) return true;
    return false;
  }

  private async flush(): Promise<void> {
    const q = this.take();
    if (q) await this.exec(q);
  }

  /** The held-back writes as one statement, no longer held (null if none): for a caller that sends them itself. */
  take(): CompiledQuery | null {
    if (!this.statements.length) return null;
    const { statements, values } = this;
    this.clear();
    const sql = statements.length === 1 ? statements[0] : `with ${statements.map((s, i) => `w${i} as (${s})`).join(', ')} select 1`;
    return CompiledQuery.raw(sql, values);
  }

  /** Forgets the held-back writes (their transaction rolled back). */
  drop(): void {
    this.clear();
  }

  private clear(): void {
    this.statements = [];
    this.values = [];
    this.tables.clear();
  }
}

/** The table an insert, update or delete (without RETURNING) writes; null for anything else. */
function targetOf(sql: string): string | null {
  if (/\breturning\b/i.test(sql)) return null;
  const m = /^\s*(?:insert\s+into|update|delete\s+from)\s+"?(\w+)"?/i.exec(sql);
  return m ? m[1] : null;
}

const deferrals = new WeakMap<object, DeferredWrites>();

/** For store adapters: `handle` (a transaction) holds back the writes deferred on it with `writes`. */
export function setDeferred(handle: object, writes: DeferredWrites): void {
  deferrals.set(handle, writes);
}

/** Where `handle`'s store defers writes (PostgreSQL transactions), the deferral; else undefined. */
export const deferredFor = (handle: object): DeferredWrites | undefined => deferrals.get(handle);
