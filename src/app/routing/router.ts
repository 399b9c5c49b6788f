import type { Deps } from '../deps.js';
import { SingleFlight } from '../single-flight.js';
import { routeInstance } from './route-pass.js';

/** Re-check this often (wall time) even when nobody woke the router: queue delays fall due, presence leases lapse, other nodes write. */
const RECHECK_MS = 1_000;

/**
 * Runs routing passes: one at a time in this process, again as soon as something may have changed
 * (a contact queued, an agent available, a slot freed: callers `wake()` it after their commit),
 * and at least every second. A wake during a pass schedules one more pass, so no change is missed.
 */
export class Router {
  private readonly flight = new SingleFlight(() => this.pass());
  private readonly ticker: NodeJS.Timeout;

  constructor(
    private readonly deps: Deps,
    private readonly onError: (e: unknown) => void,
  ) {
    this.ticker = setInterval(() => this.wake(), RECHECK_MS);
    this.ticker.unref();
    deps.clock.onJump(() => this.wake());
  }

  wake(): void {
    this.flight.wake();
  }

  /** Resolves when no pass is running or scheduled (tests: everything routable has been offered). */
  idle(): Promise<void> {
    return this.flight.idle();
  }

  async stop(): Promise<void> {
    clearInterval(this.ticker);
    await this.flight.stop();
  }

  private async pass(): Promise<void> {
    try {
      // One index probe per instance (contacts_state), not a walk over every queued contact.
      const instances = await this.deps.db.kysely
        .selectFrom('instances')
        .select('id')
        .where((eb) => eb.exists(eb.selectFrom('contacts').select('contacts.id').whereRef('contacts.instance_id', '=', 'instances.id').where('contacts.state', '=', 'QUEUED')))
        .execute();
      for (const { id } of instances) await this.deps.db.write((tx) => routeInstance(this.deps, tx, id));
    } catch (e) {
      this.onError(e);
    }
  }
}
