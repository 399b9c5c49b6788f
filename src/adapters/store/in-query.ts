import type { Compilable, Kysely } from 'kysely';
import { precompiled, type Precompiled } from './compiled.js';
import type { Database } from './schema.js';

type Value = string | number;

/** The next power of two: the sizes an IN list is padded to. */
const padded = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(n, 1)));

/**
 * A statement whose lists come in every length (the contacts of a projector batch, the sessions
 * of every connected agent, the rows of a presence upsert): built once per dialect for each padded
 * size of its lists (compiled.ts) rather than by Kysely on every call. A list is padded to a power
 * of two by repeating its last value, which an IN list ignores, so a handful of shapes serve every
 * length (rows of an insert must not repeat: give those in runs that are powers of two already).
 * Every list given must be non-empty.
 */
export class InQuery<R> {
  private readonly bySize = new Map<string, Precompiled<Record<string, Value>, R>>();

  /** `template` builds the query with each list given as the parameters that stand for it. */
  constructor(private readonly template: (db: Kysely<Database>, lists: Value[][]) => Compilable<R>) {}

  async rows(db: Kysely<Database>, ...lists: readonly Value[][]): Promise<R[]> {
    const { q, params } = this.bound(lists);
    return q.rows(db, params);
  }

  async run(db: Kysely<Database>, ...lists: readonly Value[][]): Promise<void> {
    const { q, params } = this.bound(lists);
    await q.execute(db, params);
  }

  private bound(lists: readonly Value[][]) {
    const sizes = lists.map((l) => padded(l.length));
    const key = sizes.join(',');
    let q = this.bySize.get(key);
    if (!q) {
      q = precompiled((kdb, p: Record<string, Value>) => this.template(kdb, sizes.map((n, li) => Array.from({ length: n }, (_, i) => p[`l${li}_${i}`]))));
      this.bySize.set(key, q);
    }
    const params: Record<string, Value> = {};
    lists.forEach((l, li) => {
      for (let i = 0; i < sizes[li]; i++) params[`l${li}_${i}`] = l[Math.min(i, l.length - 1)];
    });
    return { q, params };
  }
}
