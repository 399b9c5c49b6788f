import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { commitHookCount, dropCommitHooks, runCommitHooks } from './db.js';

type Op = { fn: (tx: Kysely<Database>) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };

/** What the store adapter does around a batch, on the batch's connection. */
export interface BatchHooks {
  /** Runs a statement without results (the savepoints) on the transaction's connection, synchronously. */
  exec(sql: string): void;
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
 * savepoint of its own, so that one failing write rolls back alone. With a single writer
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

  run<T>(fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
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
            for (const op of batch) outcomes.push(batch.length === 1 ? { ok: true, value: await op.fn(tx) } : await this.isolated(tx, op));
          } finally {
            this.hooks.closed?.(tx);
          }
        });
      } catch (e) {
        // The commit itself failed (or a lone write threw): nobody in the batch was written.
        if (committed) dropCommitHooks(committed, 0);
        batch.forEach((op, i) => op.reject(outcomes[i] && !outcomes[i].ok ? outcomes[i].value : e));
        continue;
      }
      this.hooks.committed?.(batch.length);
      if (committed) runCommitHooks(committed);
      batch.forEach((op, i) => (outcomes[i].ok ? op.resolve(outcomes[i].value) : op.reject(outcomes[i].value)));
    }
    this.running = null;
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
