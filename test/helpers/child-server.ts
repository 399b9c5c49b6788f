import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ConnectClient } from '@aws-sdk/client-connect';
import { ConnectParticipantClient } from '@aws-sdk/client-connectparticipant';
import { DEV_CREDENTIALS, DUMMY_CREDENTIALS } from './parley.js';
import { freePort } from './free-port.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Readiness is polled; this bounds the number of polls (at POLL_MS apart) before start-up counts as failed. */
const MAX_POLLS = 600;
const POLL_MS = 50;
/** Only the tail of the child's output is kept, to explain a failed start without flooding the test log. */
const MAX_OUTPUT = 16_000;

/** Children still running; killed if the test process exits without disposing of them (a crash, a timeout). */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/**
 * Parley as a separate process (`node --import tsx src/main.ts`), for tests that kill it: SQLite in
 * a temp data dir, a fixed free port (kept across restarts so URLs handed out stay valid) and the
 * loopback-only test clock. The child's output is kept quiet and shown only when it fails to start.
 */
export class ChildParley {
  private child: ChildProcess | null = null;
  private out = '';
  private clients: { destroy(): void }[] = [];

  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The store file, for checks a test makes after the server has stopped. */
  get dbFile(): string {
    return path.join(this.dataDir, 'parley.db');
  }

  static async start(env: Record<string, string> = {}): Promise<ChildParley> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-child-'));
    const server = new ChildParley(await freePort(), dataDir, env);
    await server.spawn();
    return server;
  }

  /** Starts the server again on the same data dir and port (after `kill` or `terminate`). */
  async restart(): Promise<void> {
    if (this.running) throw new Error('the child server is still running');
    await this.spawn();
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** kill -9: no shutdown code runs, whatever was in flight is cut off. Resolves once it has exited. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** A graceful stop (SIGTERM); resolves with the exit code once it has exited. */
  async terminate(): Promise<number | null> {
    return (await this.signal('SIGTERM')).code;
  }

  /** SDK clients for the current process (kept-alive sockets do not outlive it: make new ones after a restart). */
  connectClient(): ConnectClient {
    return this.track(new ConnectClient({ region: 'us-east-1', endpoint: this.url, credentials: DEV_CREDENTIALS, maxAttempts: 1 }));
  }

  participantClient(): ConnectParticipantClient {
    return this.track(new ConnectParticipantClient({ region: 'us-east-1', endpoint: this.url, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 }));
  }

  /** The child's simulated clock (PARLEY_TEST_CONTROL=1). */
  async clockNow(): Promise<number> {
    return this.clockCall('GET');
  }

  async setClock(ms: number): Promise<number> {
    return this.clockCall('POST', { setMs: ms });
  }

  async advanceClock(ms: number): Promise<number> {
    return this.clockCall('POST', { advanceMs: ms });
  }

  output(): string {
    return this.out;
  }

  /** Kills the child if it still runs, closes the clients and removes the data dir. Safe to call twice. */
  async dispose(): Promise<void> {
    for (const c of this.clients.splice(0)) c.destroy();
    if (this.running) await this.kill();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  private track<T extends { destroy(): void }>(client: T): T {
    this.clients.push(client);
    return client;
  }

  private async clockCall(method: 'GET' | 'POST', body?: unknown): Promise<number> {
    const res = await fetch(`${this.url}/_test/clock`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status !== 200) throw new Error(`/_test/clock answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { now: number }).now;
  }

  private async signal(sig: NodeJS.Signals): Promise<{ code: number | null }> {
    const child = this.child;
    if (!child) throw new Error('the child server was never started');
    if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode };
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    child.kill(sig);
    const [code] = await exited;
    return { code };
  }

  private async spawn(): Promise<void> {
    // Connections the SDK clients keep alive point at the old process.
    for (const c of this.clients.splice(0)) c.destroy();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PARLEY_PORT: String(this.port),
        PARLEY_DATA_DIR: this.dataDir,
        PARLEY_TEST_CONTROL: '1',
        PARLEY_LOG_LEVEL: 'warn',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    live.add(child);
    child.once('exit', () => live.delete(child));
    const keep = (chunk: Buffer) => {
      this.out = (this.out + chunk.toString()).slice(-MAX_OUTPUT);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    for (let i = 0; i < MAX_POLLS; i++) {
      if (!this.running) throw new Error(`Parley exited during start-up (code ${child.exitCode}, signal ${child.signalCode}):\n${this.out}`);
      if (await this.healthy()) return;
      await delay(POLL_MS);
    }
    await this.kill();
    throw new Error(`Parley did not answer /health after ${MAX_POLLS} polls:\n${this.out}`);
  }

  private async healthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.url}/health`);
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  }
}
