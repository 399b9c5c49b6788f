import type { QueryResult } from 'kysely';

/**
 * Runs compiled SQL on the connection a Kysely handle stands for, synchronously, without going
 * through Kysely's executor (connection provider, mutex, result plugins: a tenth of the server's
 * CPU on the message path, with six statements per message). Returns null when it cannot run the
 * statement now; the caller then goes through Kysely as usual.
 */
export type DirectExecutor = (sql: string, parameters: readonly unknown[]) => QueryResult<unknown> | null;

const executors = new WeakMap<object, DirectExecutor>();

/** For store adapters: `handle` (a Kysely instance or transaction) may run statements through `exec`. */
export function setDirect(handle: object, exec: DirectExecutor): void {
  executors.set(handle, exec);
}

/** For store adapters: `handle` no longer may (its transaction is over). */
export function clearDirect(handle: object): void {
  executors.delete(handle);
}

/** The direct executor of a handle, if its store has one. */
export const directFor = (handle: object): DirectExecutor | undefined => executors.get(handle);
