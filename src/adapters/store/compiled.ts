import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import { deferredFor } from './deferred-writes.js';
import { directFor } from './direct.js';
import type { Database } from './schema.js';

/** Stands for a parameter while a template is built: no caller's value starts with a NUL. */
const MARK = '\u0000param:';

/** Where each bound value of the compiled SQL comes from: a named parameter, or a constant of the template. */
type Slot = { param: string } | { constant: unknown };

interface Built {
  sql: string;
  slots: Slot[];
}

/**
 * A query whose SQL Kysely builds once per dialect, then runs with new parameters: building and
 * compiling a query each time cost about a quarter of the server's CPU on the message path
 * (BENCHMARKS.md). The template is ordinary typed Kysely; `p` stands for the parameters. Each
 * `p.name` must end up a bound value (not inlined, not a list), and the query's shape must not
 * depend on the values: make a separate query for each shape.
 */
export class Precompiled<P extends Record<string, unknown>, R> {
  /** Per dialect (keyed by its adapter's class): SQLite and PostgreSQL run side by side in tests. */
  private readonly built = new Map<unknown, Built>();

  constructor(private readonly template: (db: Kysely<Database>, p: P) => Compilable<R>) {}

  async execute(db: Kysely<Database>, params: P): Promise<QueryResult<R>> {
    const { sql, slots } = this.builtFor(db);
    const values = slots.map((s) => ('param' in s ? params[s.param] : s.constant));
    const direct = directFor(db)?.(sql, values);
    if (direct) return direct as QueryResult<R>;
    return db.executeQuery(CompiledQuery.raw(sql, values) as CompiledQuery<R>);
  }

  /**
   * Runs a write whose outcome the caller does not read (an insert, update or delete without
   * RETURNING). Where a round trip costs (PostgreSQL) it may be held back and sent with the
   * transaction's next statements (deferred-writes.ts): then it fails, if it fails, with a later
   * statement, so defer only writes that fail only on a bug.
   */
  async defer(db: Kysely<Database>, params: P): Promise<void> {
    const deferred = deferredFor(db);
    if (!deferred) return void (await this.execute(db, params));
    const { sql, slots } = this.builtFor(db);
    await deferred.add(sql, slots.map((s) => ('param' in s ? params[s.param] : s.constant)));
  }

  async rows(db: Kysely<Database>, params: P): Promise<R[]> {
    return (await this.execute(db, params)).rows;
  }

  async first(db: Kysely<Database>, params: P): Promise<R | undefined> {
    return (await this.execute(db, params)).rows[0];
  }

  private builtFor(db: Kysely<Database>): Built {
    const dialect = db.getExecutor().adapter.constructor;
    let built = this.built.get(dialect);
    if (!built) this.built.set(dialect, (built = this.build(db)));
    return built;
  }

  private build(db: Kysely<Database>): Built {
    const used = new Set<string>();
    const p = new Proxy({} as P, {
      get: (_t, name) => {
        used.add(String(name));
        return MARK + String(name);
      },
    });
    const { sql, parameters } = this.template(db, p).compile();
    if (sql.includes(MARK)) throw new Error(`a parameter was inlined into ${sql}`);
    const slots = parameters.map((v): Slot => (typeof v === 'string' && v.startsWith(MARK) ? { param: v.slice(MARK.length) } : { constant: v }));
    for (const name of used) if (!slots.some((s) => 'param' in s && s.param === name)) throw new Error(`parameter ${name} is not bound in ${sql}`);
    return { sql, slots };
  }
}

/** A query built once per dialect from a typed Kysely template (see Precompiled). */
export const precompiled = <P extends Record<string, unknown>, R>(template: (db: Kysely<Database>, p: P) => Compilable<R>): Precompiled<P, R> =>
  new Precompiled(template);
