/** Ports: the only ways the core and the use cases reach time and randomness. */

/** Domain time. `now()` is epoch milliseconds. A simulated clock notifies listeners when it jumps. */
export interface Clock {
  now(): number;
  /** Called after the clock moved other than by the passing of real time (tests, test control). */
  onJump(listener: () => void): void;
}

export interface Ids {
  /** A new UUID (contacts, participants, items, attachments). */
  uuid(): string;
  /** A new unguessable token, url-safe (participant and connection tokens, socket tickets). */
  token(): string;
}
