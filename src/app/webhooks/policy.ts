/**
 * How webhook deliveries are retried. Deliveries are never dropped: a failing receiver is tried
 * again after 5 s, 10 s, 20 s… doubling up to once an hour, for as long as the webhook exists and
 * is enabled. There is no jitter: retries are due at times a test (and an operator reading the
 * delivery list) can compute, and a receiver coming back after an outage gets each contact's
 * oldest event first, one at a time per contact, which spreads the load well enough.
 */
export const FIRST_RETRY_MS = 5_000;
export const MAX_RETRY_MS = 3_600_000;

/** A POST that has not answered by then has failed (its connection is aborted). */
export const ATTEMPT_TIMEOUT_MS = 10_000;

/** A claimed delivery is reserved this long for its sender; after that (a crashed node) another may send it. */
export const LEASE_MS = 60_000;

/** A webhook whose oldest undelivered event is older than this is reported IN_TROUBLE. */
export const TROUBLE_AFTER_MS = 3 * 24 * 3_600_000;

/** Delivered deliveries are kept this long for the delivery list, then deleted. */
export const KEEP_DELIVERED_MS = 7 * 24 * 3_600_000;

/** The wait after the `failures`-th failed attempt (1-based): 5 s × 2^(failures−1), at most an hour. */
export const retryDelay = (failures: number): number => Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
