import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { commitHookCount, dropCommitHooks, runCommitHooks } from './db.js';

type Op = {
  fn: (tx: Kysely<Database>) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  /** Declared by the caller (db.ts WriteOptions): runs without a savepoint, its promise checked. */
  failsBeforeWriting: boolean;
};

/** Rolls back a batch: the write at `at` was declared to fail before writing, and threw having written. */
class BrokenPromise {
  constructor(
    readonly at: number,
    readonly error: unknown,
  ) {}
}

/** What the store adapter does around a batch, on the batch's connection. */
export interface BatchHooks {
  /** Runs a statement without results (the savepoints) on the transaction's connection, synchronously. */
  exec(sql: string): void;
  /**
   * Rows changed so far on the connection, or null once no transaction is open on it (the engine
   * rolled it back itself). Without it every write of a batch gets a savepoint.
   */
  changes?(): number | null;
  /** The batch's transaction has begun (`tx` is what its writes get) or ended. */
  opened?(tx: Kysely<Database>): void;
  closed?(tx: Kysely<Database>): void;
  /** A batch of `writes` writes committed. */
  committed?(writes: number): void;
  /** Before a batch's transaction begins: something to wait for first (a WAL restart), or null. */
  beforeBatch?(): Promise<void> | null;
}

/**
 * Runs the writes that arrive while a commit is being prepared in one transaction, each in a
 * savepoint of its own, so that one failing write rolls back alone (except a write declared to
 * fail before writing, which needs none: see unguarded). With a single writer
 * (SQLite) this turns N commits, and with synchronous=FULL N fsyncs, into one.
 * Callers are answered only after the shared commit.
 */
export class GroupCommitter {
  private queue: Op[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly hooks: BatchHooks,
  ) {}

  run<T>(fn: (tx: Kysely<Database>) => Promise<T>, opts: { failsBeforeWriting?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject, failsBeforeWriting: opts.failsBeforeWriting === true });
      if (!this.running) this.running = this.loop();
    });
  }

  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    // Let the requests that are already parsed join this batch.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length) {
      const gate = this.hooks.beforeBatch?.();
      if (gate) await gate;
      const batch = this.queue;
      this.queue = [];
      const outcomes: { ok: boolean; value: unknown }[] = [];
      let committed: Kysely<Database> | null = null;
      try {
        await this.db.transaction().execute(async (tx) => {
          committed = tx;
          this.hooks.opened?.(tx);
          try {
            for (const [i, op] of batch.entries())
              outcomes.push(batch.length === 1 ? { ok: true, value: await op.fn(tx) } : op.failsBeforeWriting && this.hooks.changes ? await this.unguarded(tx, op, i) : await this.isolated(tx, op));
          } finally {
            this.hooks.closed?.(tx);
          }
        });
      } catch (e) {
        // The commit itself failed (or a lone write threw): nobody in the batch was written.
        if (committed) dropCommitHooks(committed, 0);
        if (e instanceof BrokenPromise) {
          this.rolledBackFor(batch, e);
          continue;
        }
        batch.forEach((op, i) => op.reject(outcomes[i] && !outcomes[i].ok ? outcomes[i].value : e));
        continue;
      }
      this.hooks.committed?.(batch.length);
      if (committed) runCommitHooks(committed);
      batch.forEach((op, i) => (outcomes[i].ok ? op.resolve(outcomes[i].value) : op.reject(outcomes[i].value)));
    }
    this.running = null;
  }

  /**
   * A write that declared it fails before writing, without a savepoint: when it throws having
   * changed no row, there is nothing of it to undo. When it throws having changed rows (a bug, an
   * I/O error), or the engine rolled the transaction back, its writes cannot be told from the
   * others': the whole batch rolls back (rolledBackFor).
   */
  private async unguarded(tx: Kysely<Database>, op: Op, at: number): Promise<{ ok: boolean; value: unknown }> {
    const before = this.hooks.changes!();
    const hooks = commitHookCount(tx);
    try {
      return { ok: true, value: await op.fn(tx) };
    } catch (e) {
      const after = this.hooks.changes!();
      if (before === null || after === null || after !== before) throw new BrokenPromise(at, e);
      dropCommitHooks(tx, hooks);
      return { ok: false, value: e };
    }
  }

  /**
   * After a batch rolled back for a broken promise: the write that broke it gets its error; those
   * that ran before it fail too (their transaction is gone, and a write's function is not
   * assumed safe to run twice), as when a commit fails; those that had not run yet go first in
   * the next batch.
   */
  private rolledBackFor(batch: Op[], broken: BrokenPromise): void {
    batch[broken.at].reject(broken.error);
    const lost = new Error('write rolled back with its batch: another write of it failed after writing', { cause: broken.error });
    for (const op of batch.slice(0, broken.at)) op.reject(lost);
    this.queue = [...batch.slice(broken.at + 1), ...this.queue];
  }

  /** One write of a batch, in its own savepoint: a failure undoes it (and its commit hooks) alone. */
  private async isolated(tx: Kysely<Database>, op: Op): Promise<{ ok: boolean; value: unknown }> {
    this.hooks.exec('savepoint op');
    const hooks = commitHookCount(tx);
    try {
      const value = await op.fn(tx);
      this.hooks.exec('release savepoint op');
      return { ok: true, value };
    } catch (e) {
      this.hooks.exec('rollback to savepoint op');
      dropCommitHooks(tx, hooks);
      this.hooks.exec('release savepoint op');
      return { ok: false, value: e };
    }
  }
}
