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
  /**
   * A new UUID that starts with the current time (version 7): the ids of items appended together
   * sort together, so inserting them touches a few pages of the id index, not one random page each.
   */
  timeUuid(): string;
  /** A new unguessable token, url-safe (participant and connection tokens, socket tickets). */
  token(): string;
}
