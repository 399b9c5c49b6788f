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

/**
 * The database handle. `write` runs `fn` in a transaction; the commit has happened when the
 * promise resolves (durable per the configured setting). Concurrent writes may share one commit.
 * `fn` must not do outside I/O: it may wait for other writers.
 */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly capabilities: StoreCapabilities;
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
