import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** What a storage engine can do; code asks for a capability, never for an engine's name. */
export interface StoreCapabilities {
  /** `SELECT … FOR UPDATE SKIP LOCKED` for concurrent claimers. */
  skipLocked: boolean;
  /** One writer at a time (SQLite): claims are atomic without row locks. */
  singleWriter: boolean;
}

export type Tx = Kysely<Database>;

/** How a write behaves, for the store to run it more cheaply. */
export interface WriteOptions {
  /**
   * Where BEGIN costs a round trip (PostgreSQL): the transaction runs at READ COMMITTED and begins
   * at its first statement that is not a plain read; a transaction whose only writes are held back
   * (deferred-writes.ts) goes out as one autocommitted statement (lazy-begin.ts). Ignored elsewhere.
   */
  beginLazily?: boolean;
  /**
   * A promise of the write: every way it can fail (throw) comes before its first statement that
   * changes a row; once it writes, it only throws on a bug or an I/O error. A store that batches
   * writes (SQLite's group commit) then runs it without a savepoint of its own: a savepoint makes
   * SQLite copy every page the batch changed so far, about 7 µs per message (BENCHMARKS.md). The
   * store checks the promise: a write that throws after changing rows rolls back its whole batch.
   */
  failsBeforeWriting?: boolean;
}

/**
 * The database handle. `write` runs `fn` in a transaction; the commit has happened when the
 * promise resolves (durable per the configured setting). Concurrent writes may share one commit.
 * `fn` must not do outside I/O: it may wait for other writers.
 */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly capabilities: StoreCapabilities;
  write<T>(fn: (tx: Tx) => Promise<T>, options?: WriteOptions): Promise<T>;
  /**
   * Where a statement costs a client round trip (PostgreSQL): runs one statement in a transaction
   * of its own (durable when it resolves) and returns its rows. `name` identifies `sql`, which the
   * server then parses and plans once per connection. Undefined where statements run in process.
   */
  autocommit?(name: string, sql: string, values: readonly unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

const commitHooks = new WeakMap<object, (() => void)[]>();

/**
 * Runs `fn` once the transaction `tx` belongs to has committed (never if it rolls back): for
 * notifications that must not reach anyone before what they announce is readable, such as waking
 * the router for a contact just queued. `fn` must not throw.
 */
export function afterCommit(tx: Tx, fn: () => void): void {
  let list = commitHooks.get(tx);
  if (!list) commitHooks.set(tx, (list = []));
  list.push(fn);
}

/** For store adapters: how many hooks `tx` has (to drop those of a write rolled back to a savepoint). */
export const commitHookCount = (tx: Tx): number => commitHooks.get(tx)?.length ?? 0;

/** For store adapters: drops the hooks registered after the first `keep`. */
export const dropCommitHooks = (tx: Tx, keep: number): void => {
  commitHooks.get(tx)?.splice(keep);
};

/** For store adapters: runs and forgets the hooks of a committed transaction. */
export function runCommitHooks(tx: Tx): void {
  const list = commitHooks.get(tx);
  commitHooks.delete(tx);
  for (const fn of list ?? []) fn();
}
