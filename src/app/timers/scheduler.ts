import type { Db } from '../../adapters/store/db.js';
import type { Clock } from '../../core/ports.js';
import { SingleFlight } from '../single-flight.js';

export type TimerHandler = (target: string, dueAt: number) => Promise<void>;

/** How long a claimed timer is reserved for its claimer; after that another node may retry it. */
const LEASE_MS = 30_000;
/** Re-check at least this often, so timers written by other nodes are seen. */
const MAX_SLEEP_MS = 1_000;

/**
 * Fires durable timers when they fall due on the domain clock, also those that fell due while
 * the server was down. A timer is claimed with a lease (so one node fires it), handled (handlers
 * are idempotent), then deleted. Simulated clocks wake it when they jump.
 */
export class Scheduler {
  private handle: NodeJS.Timeout | null = null;
  /** While `handle` is pending: the domain time by which it runs the next check. */
  private nextCheck = 0;
  private stopped = false;
  private readonly flight = new SingleFlight(() => this.tick());

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly handlers: Record<string, TimerHandler>,
    private readonly onError: (e: unknown) => void,
  ) {
    clock.onJump(() => this.wake());
  }

  start(): void {
    this.wake();
  }

  /**
   * Run now: a timer may be due, or an earlier one may have been written. A timer due at `dueAt`
   * no earlier than the next check already planned is found by that check: no run is needed (a
   * chat start writes two timers, due in minutes and hours, and used to cost a run each).
   */
  wake(dueAt?: number): void {
    if (this.stopped) return;
    if (dueAt !== undefined && this.handle && dueAt >= this.nextCheck) return;
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    this.flight.wake();
  }

  /** Resolves once every timer due at the current clock has been handled. */
  idle(): Promise<void> {
    return this.flight.idle();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
    await this.idle();
  }

  private async tick(): Promise<void> {
    try {
      for (;;) {
        const now = this.clock.now();
        const due = await this.db.kysely
          .selectFrom('timers')
          .selectAll()
          .where('due_at', '<=', now)
          .where('lease_until', '<', Date.now())
          .orderBy('due_at')
          .limit(100)
          .execute();
        if (!due.length) break;
        for (const t of due) await this.fire(t.kind, t.target, Number(t.due_at));
      }
    } catch (e) {
      this.onError(e);
    }
    if (this.stopped) return;
    const next = await this.db.kysely.selectFrom('timers').select((eb) => eb.fn.min('due_at').as('due')).executeTakeFirst().catch(() => undefined);
    const wait = next?.due == null ? MAX_SLEEP_MS : Math.min(MAX_SLEEP_MS, Math.max(0, Number(next.due) - this.clock.now()));
    this.nextCheck = this.clock.now() + wait;
    this.handle = setTimeout(() => this.wake(), wait);
    this.handle.unref();
  }

  private async fire(kind: string, target: string, dueAt: number): Promise<void> {
    const wall = Date.now();
    const claimed = await this.db.write((tx) =>
      tx
        .updateTable('timers')
        .set({ lease_until: wall + LEASE_MS })
        .where('kind', '=', kind)
        .where('target', '=', target)
        // The timer as it was found: one that was moved since (a new Wait) is not this firing's.
        .where('due_at', '=', dueAt)
        .where('lease_until', '<', wall)
        .executeTakeFirst(),
    );
    if (Number(claimed.numUpdatedRows) === 0) return;
    const handler = this.handlers[kind];
    if (handler) await handler(target, dueAt);
    await this.db.write((tx) => tx.deleteFrom('timers').where('kind', '=', kind).where('target', '=', target).where('due_at', '=', dueAt).execute());
  }
}
