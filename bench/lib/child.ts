import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { READY } from './ready.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on every Linux this runs on). */
const CLK_TCK = 100;

/**
 * The V8 flags `npm start` runs Parley with (package.json), given to every bench child, Parley and
 * the baselines alike: the servers are measured as they run in production, and the baselines get
 * the same engine settings, so that a ratio compares the code, not the flags.
 */
export const NODE_FLAGS: string[] = (() => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const m = /^node ((?:--[\w-]+=\S+ )*)--import tsx /.exec(pkg.scripts.start);
  // A start script of another shape would silently measure Parley without its flags.
  if (!m) throw new Error(`package.json's start script is not "node [--flag=value …] --import tsx …": ${pkg.scripts.start}`);
  return m[1].split(' ').filter(Boolean);
})();

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/**
 * A server under test in a process of its own (`node <NODE_FLAGS> --import tsx <script>`), so that the load
 * generator in the bench process never shares its event loop. With `profileDir` the child can be
 * CPU-profiled from `beginProfile()` until it stops (self-profile.ts); the profile goes there.
 */
export class BenchChild {
  private out = '';

  private constructor(
    private readonly proc: ChildProcess,
    readonly label: string,
    readonly ready: Record<string, unknown> & { url: string },
    readonly profileDir: string | null,
  ) {}

  static async start(script: string, label: string, env: Record<string, string>, profileDir: string | null = null): Promise<BenchChild> {
    const proc = spawn(process.execPath, [...NODE_FLAGS, '--import', 'tsx', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, ...(profileDir ? { BENCH_PROFILE_DIR: profileDir } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(proc);
    proc.once('exit', () => live.delete(proc));
    let out = '';
    proc.stderr!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-8000)));
    const lines = readline.createInterface({ input: proc.stdout! });
    const ready = await new Promise<Record<string, unknown> & { url: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${label} did not start in ${START_TIMEOUT_MS} ms:\n${out}`)), START_TIMEOUT_MS);
      proc.once('exit', (code, sig) => reject(new Error(`${label} exited during start-up (${code ?? sig}):\n${out}`)));
      lines.on('line', (line) => {
        if (!line.startsWith(READY)) return void (out = (out + line + '\n').slice(-8000));
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(READY.length)));
      });
    });
    const child = new BenchChild(proc, label, ready, profileDir);
    child.out = out;
    proc.stderr!.on('data', (c: Buffer) => (child.out = (child.out + c.toString()).slice(-8000)));
    return child;
  }

  get url(): string {
    return this.ready.url;
  }

  /** CPU time (user + system) the child has used so far, in ms; null where /proc is missing. */
  cpuMs(): number | null {
    try {
      const stat = fs.readFileSync(`/proc/${this.proc.pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start at state: utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
    } catch {
      return null;
    }
  }

  /** Starts the CPU profile (when profiling): call it once the setup is done and the load begins. */
  beginProfile(): void {
    if (this.profileDir) this.proc.kill('SIGUSR2');
  }

  /** Stops the child gracefully (SIGTERM), so that its profile gets written; returns the profile file, if any. */
  async stop(): Promise<string | null> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      const exited = once(this.proc, 'exit');
      this.proc.kill('SIGTERM');
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    if (!this.profileDir) return null;
    const file = path.join(this.profileDir, `${this.proc.pid}.cpuprofile`);
    return fs.existsSync(file) ? file : null;
  }

  output(): string {
    return this.out;
  }
}
