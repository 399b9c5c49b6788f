/** Participant API timestamps: `yyyy-MM-ddTHH:mm:ss.SSSZ`, which chatjs compares as strings. */
export const isoTime = (ms: number): string => new Date(ms).toISOString();

/** Connect API timestamps: epoch seconds as a JSON number. */
export const epochSeconds = (ms: number): number => ms / 1000;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
