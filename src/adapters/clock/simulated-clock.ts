import type { Clock } from '../../core/ports.js';

/**
 * A clock that stands still until told to move (tests, and the loopback-only test control).
 * Moving it wakes the scheduler, so due timers fire at once, in order.
 */
export class SimulatedClock implements Clock {
  private listeners: (() => void)[] = [];
  constructor(private ms = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.ms;
  }
  onJump(listener: () => void): void {
    this.listeners.push(listener);
  }
  set(ms: number): void {
    if (ms < this.ms) throw new Error('the simulated clock does not go backwards');
    this.ms = ms;
    for (const l of this.listeners) l();
  }
  advance(ms: number): void {
    this.set(this.ms + ms);
  }
}
