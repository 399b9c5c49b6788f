import { CompiledQuery, type DatabaseConnection, type QueryResult } from 'kysely';
import { DeferredWrites } from './deferred-writes.js';

/**
 * How a transaction that may begin lazily is begun (Db.write's `beginLazily`): Kysely sends this
 * for `setIsolationLevel('read committed')`, and the connection recognizes it.
 */
export const LAZY_ISOLATION = 'read committed';
const LAZY_BEGIN = `start transaction isolation level ${LAZY_ISOLATION}`;

const NOTHING: QueryResult<never> = { rows: [] };

/**
 * A PostgreSQL connection whose transactions hold back writes nobody reads (deferred-writes.ts)
 * and, when begun with LAZY_BEGIN, hold back the BEGIN itself (a round trip costs Node about
 * 200 µs of CPU, BENCHMARKS.md):
 *  - until the first statement that is not a plain read, each read runs on its own. Under READ
 *    COMMITTED every statement of a transaction reads its own snapshot anyway, and before its
 *    first write a transaction has nothing of its own to see: the read sees what it would have.
 *    A read that locks (FOR UPDATE, FOR SHARE…) begins the transaction first;
 *  - anything else (a write, a savepoint, a read of a table with held-back writes) begins it
 *    first, and from there it is an ordinary transaction;
 *  - a commit before any of that sends the held-back writes as one autocommitted statement
 *    instead of BEGIN, the statement and COMMIT: one statement is atomic and as durable as a
 *    commit. If it fails, nothing of it was written, as with a failed commit;
 *  - a rollback before any of that has nothing to undo on the server.
 */
export function lazyTransactionsOn(connection: DatabaseConnection): DeferredWrites {
  const run = connection.executeQuery.bind(connection);
  /** 'pending': begun lazily and BEGIN not sent yet; 'sent-alone': committed without BEGIN, until the rollback Kysely sends if that failed. */
  let state: 'none' | 'pending' | 'sent-alone' = 'none';
  const begin = async () => {
    if (state !== 'pending') return;
    state = 'none';
    await run(CompiledQuery.raw(LAZY_BEGIN));
  };
  const deferred = new DeferredWrites(async (q) => {
    await begin();
    return run(q);
  });
  connection.executeQuery = (async (q: CompiledQuery) => {
    if (q.sql === LAZY_BEGIN) {
      state = 'pending';
      return NOTHING;
    }
    if (state !== 'none') {
      if (/^\s*rollback\s*$/i.test(q.sql)) {
        state = 'none';
        deferred.drop();
        return NOTHING;
      }
      if (state === 'pending' && /^\s*commit\s*$/i.test(q.sql)) {
        state = 'sent-alone';
        const alone = deferred.take();
        if (alone) await run(alone);
        state = 'none';
        return NOTHING;
      }
      if (!isPlainRead(q.sql)) await begin();
    }
    await deferred.before(q);
    return run(q);
  }) as DatabaseConnection['executeQuery'];
  return deferred;
}

/** A SELECT that neither locks nor writes (the schema has no functions with side effects). */
const isPlainRead = (sql: string): boolean => /^\s*select\b/i.test(sql) && !/\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b/i.test(sql);
