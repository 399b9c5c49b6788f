/** The stores a scenario can run Parley on. */
export const STORES = ['sqlite', 'postgres'] as const;
export type StoreName = (typeof STORES)[number];

/** What `npm run bench` was asked for (bench/run.ts parses the flags). */
export interface BenchOptions {
  /** Short runs for a CI smoke test: the numbers are rough, the code paths are the same. */
  quick: boolean;
  stores: StoreName[];
  /** Server children run with --cpu-prof; the top functions are summarized (numbers then include the profiler's cost). */
  profile: boolean;
  /** Where this run's profiles go (bench/results/profiles/<run>/). */
  profileDir: string;
  /** A PostgreSQL the benchmark may create schemas in, or why there is none. */
  postgres: { url: string; reason: null } | { url: null; reason: string };
}

/**
 * One line of the results table. `ratio` is Parley's figure over the baseline's, measured in the
 * same run on the same machine; `met` is null when the row has no target.
 */
export interface Row {
  scenario: string;
  store: string;
  metric: string;
  parley: string;
  baseline: string;
  ratio: number | null;
  target: string;
  met: boolean | null;
  /** The raw measurements behind the row, for the JSON file. */
  data?: Record<string, unknown>;
}

/** A top-functions summary of one CPU profile. */
export interface ProfileSummary {
  label: string;
  file: string;
  totalMs: number;
  top: { fn: string; where: string; selfMs: number; percent: number }[];
  /** Self time summed by package or source file. */
  byModule: { where: string; selfMs: number; percent: number }[];
}

/** What a scenario gets to run with; it adds its rows and profile summaries as it goes. */
export interface ScenarioContext {
  options: BenchOptions;
  row(r: Row): void;
  profile(p: ProfileSummary): void;
  /** A note for the report (what was skipped and why, what a number means). */
  note(text: string): void;
  /**
   * Measurements one scenario made that another may reuse in the same run rather than measure
   * again (the durability scenario reuses the message path's sustained rates), by key.
   */
  shared: Map<string, unknown>;
}

/** A benchmark scenario: one file in bench/scenarios/, one line in bench/registry.ts. */
export interface Scenario {
  /** The number the issue gives it, and a short id for --only. */
  number: number;
  id: string;
  title: string;
  run(ctx: ScenarioContext): Promise<void>;
}
