import type { Deps } from '../deps.js';
import { routeInstance } from './route-pass.js';

/** Re-check this often (wall time) even when nobody woke the router: queue delays fall due, presence leases lapse, other nodes write. */
const RECHECK_MS = 1_000;
/**
 * After a pass, the next one waits this many times as long as the pass took (wall ms, at most
 * MAX_GAP_MS): a pass reads every available agent, so under a burst of wakes (a shift's status
 * changes) back-to-back passes would each take the writer for a few new agents; spaced out, each
 * sees many, and routing keeps at most about a third of the time. A wake after a quiet spell
 * runs at once.
 */
const GAP_FACTOR = 2;
const MAX_GAP_MS = 200;

/**
 * Runs routing passes: one at a time in this process, again as soon as something may have changed
 * (a contact queued, an agent available, a slot freed: callers `wake()` it after their commit),
 * and at least every second. A wake during a pass or its gap schedules one more pass, which reads
 * the state when it starts, so no change is missed.
 */
export class Router {
  private readonly ticker: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  /** Wall time (performance.now) before which no pass starts, and the timer that starts the one waiting for it. */
  private gapUntil = 0;
  private gapTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly deps: Deps,
    private readonly onError: (e: unknown) => void,
  ) {
    this.ticker = setInterval(() => this.wake(), RECHECK_MS);
    this.ticker.unref();
    deps.clock.onJump(() => this.wake());
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.gapTimer) return;
    const wait = this.gapUntil - performance.now();
    if (wait <= 0) return this.start();
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      this.start();
    }, wait);
    this.gapTimer.unref();
  }

  /** Resolves when no pass is running or scheduled (tests: everything routable has been offered). */
  async idle(): Promise<void> {
    while (this.running || this.gapTimer) {
      if (this.running) await this.running;
      else await new Promise((r) => setTimeout(r, Math.max(1, this.gapUntil - performance.now())));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.ticker);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
    await this.idle();
  }

  private start(): void {
    if (this.stopped) return;
    this.running = this.pass().finally(() => {
      this.running = null;
      if (!this.again) return;
      this.again = false;
      this.wake();
    });
  }

  private async pass(): Promise<void> {
    // The time the passes themselves took, not their wait for the writer.
    let took = 0;
    try {
      // One index probe per instance (contacts_state), not a walk over every queued contact.
      const instances = await this.deps.db.kysely
        .selectFrom('instances')
        .select('id')
        .where((eb) => eb.exists(eb.selectFrom('contacts').select('contacts.id').whereRef('contacts.instance_id', '=', 'instances.id').where('contacts.state', '=', 'QUEUED')))
        .execute();
      for (const { id } of instances) {
        await this.deps.db.write(async (tx) => {
          const t0 = performance.now();
          try {
            return await routeInstance(this.deps, tx, id);
          } finally {
            took += performance.now() - t0;
          }
        });
      }
    } catch (e) {
      this.onError(e);
    } finally {
      this.gapUntil = performance.now() + Math.min(MAX_GAP_MS, GAP_FACTOR * took);
    }
  }
}
