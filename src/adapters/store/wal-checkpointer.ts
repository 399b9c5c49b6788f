import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Writes between two checkpoints: a few thousand WAL pages at a few pages per write. Fewer,
 * longer passes copy a page written many times over (a chat's row, an index's last page) once.
 */
const WRITES_PER_CHECKPOINT = 1024;
/**
 * A WAL only starts over once a checkpoint has copied all of it and no commit came in between,
 * which a steady stream of writes never leaves room for: it would grow without end. Past this
 * many pages (256 MB) a checkpoint runs while the writes wait (see WalCheckpointer).
 */
const RESTART_AT_PAGES = 65_536;

/**
 * `regular`: every WRITES_PER_CHECKPOINT writes. `catch-up`: right after a regular one found the
 * WAL past RESTART_AT_PAGES, to copy what was written meanwhile. `final`: the last few pages,
 * with the writes held back, after which the next write starts the WAL over.
 */
type Pass = 'regular' | 'catch-up' | 'final';

/**
 * The checkpointing thread: its own connection, so copying the WAL into the database file and the
 * fsyncs that come with it never block the event loop (SQLite's automatic checkpoint runs inside
 * the commit that crosses its threshold, and stalled every request behind it). Plain JavaScript,
 * run with `eval`, so that it needs no build step or loader.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
// A checkpoint fsyncs the WAL before copying it and the database after, as under every setting but OFF.
db.pragma('synchronous = FULL');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ pages: result.log });
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.message) || e) });
  }
});
`;

/**
 * Checkpoints a WAL database in a worker thread, with passive checkpoints only: they never wait
 * for the writer, nor make it wait. Once the WAL has grown past RESTART_AT_PAGES, a catch-up
 * pass copies what came meanwhile, then a final pass copies the last pages while the store's
 * writer holds its next transaction back (`beforeWrite`): the event loop goes on meanwhile, only
 * writes wait, for about two fsyncs. The writing connection must have `wal_autocheckpoint = 0`.
 * Should the thread fail, `fallBack` is told once (it turns SQLite's automatic checkpoint back
 * on) and the thread is not used again. Checkpoints change no data and are crash-safe, so
 * durability is unaffected; the thread starts with the first checkpoint, so short-lived stores
 * (tests) never pay for it.
 */
export class WalCheckpointer {
  private worker: Worker | null = null;
  private running: { pass: Pass; done: Promise<void>; resolve: () => void } | null = null;
  private writes = 0;
  private finalDue = false;
  private closing: Promise<void> | null = null;
  private failed = false;

  constructor(
    private readonly file: string,
    private readonly fallBack: (reason: string) => void,
    private readonly limits = { writesPerCheckpoint: WRITES_PER_CHECKPOINT, restartAtPages: RESTART_AT_PAGES },
  ) {}

  /** Counts the writes of a commit (none is open now), and starts a regular checkpoint when enough have accumulated. */
  committed(writes: number): void {
    this.writes += writes;
    if (this.writes < this.limits.writesPerCheckpoint || this.running || this.finalDue || !this.usable()) return;
    this.writes = 0;
    void this.start('regular');
  }

  /**
   * Before the writer begins a transaction (none is open): a promise to wait for while the final
   * pass runs or is due, else null (the common case costs nothing).
   */
  beforeWrite(): Promise<void> | null {
    if (!this.usable()) return null;
    if (this.running?.pass === 'final') return this.running.done;
    if (!this.finalDue || this.running) return null;
    this.finalDue = false;
    return this.start('final');
  }

  /** Stops the thread once its checkpoint (if any) is done; the last connection to close checkpoints the rest. */
  close(): Promise<void> {
    const w = this.worker;
    this.closing ??=
      !w || this.failed
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            w.once('exit', () => resolve());
            w.postMessage('close');
          });
    return this.closing;
  }

  private usable(): boolean {
    return !this.closing && !this.failed;
  }

  private start(pass: Pass): Promise<void> {
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    this.running = { pass, done, resolve };
    this.thread().postMessage('checkpoint');
    return done;
  }

  private finished(m: { pages?: number; error?: string }): void {
    const run = this.running;
    this.running = null;
    run?.resolve();
    if (m.error) return this.fail(`WAL checkpoint failed: ${m.error}`);
    if (!this.usable()) return;
    if (run?.pass === 'regular' && (m.pages ?? 0) >= this.limits.restartAtPages) void this.start('catch-up');
    else if (run?.pass === 'catch-up') this.finalDue = true;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const w = new Worker(WORKER, { eval: true, workerData: { file: this.file, driver } });
    w.on('message', (m: { pages?: number; error?: string }) => this.finished(m));
    w.on('error', (e) => this.fail(`WAL checkpoint thread failed: ${e.message}`));
    w.on('exit', () => {
      if (!this.closing) this.fail('WAL checkpoint thread exited');
    });
    // Never keeps the process alive on its own: the store's close() ends it.
    w.unref();
    return (this.worker = w);
  }

  private fail(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    this.finalDue = false;
    void this.worker?.terminate();
    this.fallBack(reason);
    // Whoever waits for a checkpoint goes on.
    this.running?.resolve();
    this.running = null;
  }
}
