import type { Clock } from '../../core/ports.js';

/** Wall-clock time. It never jumps, so listeners are never called. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
  onJump(): void {}
}
