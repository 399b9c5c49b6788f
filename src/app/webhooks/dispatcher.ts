import type { Deps } from '../deps.js';
import { SingleFlight } from '../single-flight.js';
import { attempt, claim, findDue, STOPPING, type DueDelivery } from './attempt.js';
import { onDeliveries } from './deliveries.js';
import { ATTEMPT_TIMEOUT_MS, KEEP_DELIVERED_MS, LEASE_MS, TROUBLE_AFTER_MS } from './policy.js';

/** Deliveries being sent at once (each is a different contact's, or a different webhook's). */
const MAX_IN_FLIGHT = 32;
/** Re-check at least this often (wall time): retries fall due, other nodes add deliveries. */
const POLL_MS = 1_000;
const PRUNE_EVERY_MS = 3_600_000;

interface InFlight {
  /** Domain time after which the attempt has timed out (a simulated clock moving past it aborts it). */
  deadline: number;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Sends webhook deliveries: woken after a commit that enqueued some, when the domain clock jumps,
 * and every second. Each round claims the due deliveries (the oldest undelivered one of each
 * webhook and contact, so a contact's events arrive in order) and sends them concurrently without
 * waiting for them, so a slow receiver holds up only its own contacts. Nothing here runs inside a
 * store transaction while a request is out: a chat never waits for a webhook.
 */
export class WebhookDispatcher {
  private readonly flight = new SingleFlight(() => this.round());
  private readonly inFlight = new Map<string, InFlight>();
  private readonly unsubscribe: () => void;
  private handle: NodeJS.Timeout | null = null;
  private stopped = false;
  private prunedAt = -Infinity;

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'clock' | 'secret' | 'config'>,
    private readonly log: { error(e: unknown, msg: string): void; warn(msg: string): void },
  ) {
    this.unsubscribe = onDeliveries(() => this.wake());
    deps.clock.onJump(() => {
      this.expire();
      this.wake();
    });
  }

  start(): void {
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    this.flight.wake();
  }

  /** Resolves once nothing is due and no attempt is out (an attempt to a receiver that hangs ends at its timeout). */
  async idle(): Promise<void> {
    for (;;) {
      await this.flight.idle();
      if (!this.inFlight.size) return;
      await Promise.all([...this.inFlight.values()].map((f) => f.done));
    }
  }

  /** Stops sending: attempts still out are aborted and made due again at once (at least once: they may have arrived). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    if (this.handle) clearTimeout(this.handle);
    for (const f of this.inFlight.values()) f.controller.abort(STOPPING);
    await this.flight.stop();
    await Promise.all([...this.inFlight.values()].map((f) => f.done));
  }

  private async round(): Promise<void> {
    try {
      const now = this.deps.clock.now();
      await this.prune(now);
      const room = MAX_IN_FLIGHT - this.inFlight.size;
      if (room > 0 && !this.stopped) {
        const leaseUntil = now + LEASE_MS;
        const claimed = await claim(this.deps.db, await findDue(this.deps.db, now, [...this.inFlight.keys()], room), leaseUntil);
        for (const d of claimed) this.launch(d, leaseUntil);
      }
    } catch (e) {
      this.log.error(e, 'webhook delivery failed');
    }
    if (this.stopped) return;
    this.handle = setTimeout(() => this.wake(), POLL_MS);
    this.handle.unref();
  }

  private launch(d: DueDelivery, leaseUntil: number): void {
    const controller = new AbortController();
    const timedOut = () => controller.abort(new Error(`timed out after ${ATTEMPT_TIMEOUT_MS / 1000} s`));
    const wall = setTimeout(timedOut, ATTEMPT_TIMEOUT_MS);
    wall.unref();
    const done = attempt(this.deps, d, leaseUntil, controller.signal)
      .then((outcome) => {
        if (outcome.error !== null && this.deps.clock.now() - d.created_at >= TROUBLE_AFTER_MS)
          this.log.warn(`webhook ${d.webhook_id}: delivery ${d.id} still failing after ${Math.floor(TROUBLE_AFTER_MS / 86_400_000)} days (${outcome.error})`);
      })
      .catch((e) => this.log.error(e, 'webhook delivery failed'))
      .finally(() => {
        clearTimeout(wall);
        this.inFlight.delete(d.id);
        this.wake();
      });
    this.inFlight.set(d.id, { deadline: this.deps.clock.now() + ATTEMPT_TIMEOUT_MS, controller, done });
    // Claimed while stop() was aborting the others: released the same way, due again at once.
    if (this.stopped) controller.abort(STOPPING);
  }

  /** A simulated clock moved past attempts' deadlines: they time out as they would have in real time. */
  private expire(): void {
    const now = this.deps.clock.now();
    for (const f of this.inFlight.values()) if (now >= f.deadline) f.controller.abort(new Error(`timed out after ${ATTEMPT_TIMEOUT_MS / 1000} s`));
  }

  /** Delivered deliveries are kept a week for the delivery list; older ones go, at most once an hour. */
  private async prune(now: number): Promise<void> {
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    await this.deps.db.write((tx) => tx.deleteFrom('webhook_deliveries').where('delivered_at', '<', now - KEEP_DELIVERED_MS).execute());
  }
}
