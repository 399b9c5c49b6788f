import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';
import { commitHookCount, dropCommitHooks, runCommitHooks } from './db.js';

type Op = { fn: (tx: Kysely<Database>) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };

/**
 * Runs the writes that arrive while a commit is being prepared in one transaction, each in a
 * savepoint of its own, so that one failing write rolls back alone. With a single writer
 * (SQLite) this turns N commits, and with synchronous=FULL N fsyncs, into one.
 * Callers are answered only after the shared commit.
 */
export class GroupCommitter {
  private queue: Op[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly db: Kysely<Database>) {}

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
      const batch = this.queue;
      this.queue = [];
      const outcomes: { ok: boolean; value: unknown }[] = [];
      let committed: Kysely<Database> | null = null;
      try {
        await this.db.transaction().execute(async (tx) => {
          committed = tx;
          for (const op of batch) {
            if (batch.length === 1) {
              outcomes.push({ ok: true, value: await op.fn(tx) });
              continue;
            }
            await sql`savepoint op`.execute(tx);
            const hooks = commitHookCount(tx);
            try {
              outcomes.push({ ok: true, value: await op.fn(tx) });
              await sql`release savepoint op`.execute(tx);
            } catch (e) {
              await sql`rollback to savepoint op`.execute(tx);
              dropCommitHooks(tx, hooks);
              await sql`release savepoint op`.execute(tx);
              outcomes.push({ ok: false, value: e });
            }
          }
        });
      } catch (e) {
        // The commit itself failed (or a lone write threw): nobody in the batch was written.
        if (committed) dropCommitHooks(committed, 0);
        batch.forEach((op, i) => op.reject(outcomes[i] && !outcomes[i].ok ? outcomes[i].value : e));
        continue;
      }
      if (committed) runCommitHooks(committed);
      batch.forEach((op, i) => (outcomes[i].ok ? op.resolve(outcomes[i].value) : op.reject(outcomes[i].value)));
    }
    this.running = null;
  }
}
