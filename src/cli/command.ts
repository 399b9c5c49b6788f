/** What a subcommand of `parley` gets: its arguments and where to write. Testable without a process. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** One subcommand, e.g. `flows validate`. `run` returns the exit code. */
export interface CliCommand {
  /** The words that select it, e.g. ['flows', 'validate']. */
  words: readonly string[];
  /** One line: the arguments, e.g. "FILE... [--type TYPE]". */
  usage: string;
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit codes: 0 success, 1 the work was refused or failed, 2 the command line was wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A command-line mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}
