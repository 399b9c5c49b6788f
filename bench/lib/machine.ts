import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { NODE_FLAGS, REPO_ROOT } from './child.js';

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** What the numbers were measured on: they mean little without it. */
export function machineFacts() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    /** What every server child ran with besides `--import tsx`. */
    nodeFlags: NODE_FLAGS,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.map((c) => ({ model: c.model, speedMHz: c.speed })),
    cpuCount: cpus.length,
    totalMemBytes: os.totalmem(),
    freeMemBytes: os.freemem(),
    /** 1, 5 and 15 minute load averages at the start: above the core count, others were using the machine. */
    loadAverage: os.loadavg(),
    gitCommit: git(['rev-parse', 'HEAD']),
    // The results the bench itself writes (latest-full) do not make the measured code uncommitted.
    gitDirty: (git(['status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)bench/results']) ?? '') !== '',
  };
}
