/**
 * The live queue board's shape (docs/metrics.md, "Live board stream"), shared by the server that
 * pushes it (app/metrics/live-stream.ts) and the console that shows it: types and constants only.
 */

/** The board's figures, with GetCurrentMetricData's names and definitions (OLDEST_CONTACT_AGE in seconds here). */
export const BOARD_METRICS = [
  'CONTACTS_IN_QUEUE',
  'OLDEST_CONTACT_AGE',
  'AGENTS_ONLINE',
  'AGENTS_AVAILABLE',
  'AGENTS_ON_CONTACT',
  'AGENTS_AFTER_CONTACT_WORK',
  'AGENTS_ERROR',
  'AGENTS_NON_PRODUCTIVE',
  'SLOTS_ACTIVE',
  'SLOTS_AVAILABLE',
] as const;
export type BoardMetric = (typeof BOARD_METRICS)[number];
export type BoardFigures = Record<BoardMetric, number>;

/** One push of the board: every standard queue (by name) and the instance totals. */
export interface LiveBoard {
  InstanceId: string;
  /** Epoch seconds, on the server's (domain) clock. */
  DataSnapshotTime: number;
  Queues: { Id: string; Arn: string; Name: string; Metrics: BoardFigures }[];
  /** Ungrouped: an agent serving two queues counts once here, in each queue's row above. */
  Totals: BoardFigures;
}
