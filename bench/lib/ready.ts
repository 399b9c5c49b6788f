/** The line a bench child prints once it listens, followed by JSON (its URL and whatever else the parent needs). */
export const READY = 'BENCH_READY ';
