/**
 * Runs a job one at a time: a `wake()` while it runs schedules exactly one more run afterwards,
 * so a change that happened during a run is never missed and wakes never pile up. The scheduler
 * and the router are built on it.
 */
export class SingleFlight {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly job: () => Promise<void>) {}

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.job().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Resolves when no run is going on or scheduled. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** No more runs; resolves when the current one is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }
}
