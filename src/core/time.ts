let lastMs = NaN;
let lastIso = '';

/**
 * Participant API timestamps: `yyyy-MM-ddTHH:mm:ss.SSSZ`, which chatjs compares as strings. The
 * last one is remembered: a message's time is written into its answer and its socket frame.
 */
export const isoTime = (ms: number): string => {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
};

/** Connect API timestamps: epoch seconds as a JSON number. */
export const epochSeconds = (ms: number): number => ms / 1000;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
