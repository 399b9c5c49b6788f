import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { DEV_ACCESS_KEY_ID, DEV_SECRET_ACCESS_KEY } from '../../src/config.js';
import { signedHeaders } from './sigv4.js';
import { latencyOf, type Latency } from './stats.js';
import type { Windows } from './message-load.js';

export interface StartResult {
  /** Chats started (both requests answered 200) per second of the measuring window. */
  rate: number;
  /** From the StartChatContact request to the CreateParticipantConnection answer, ms. */
  latency: Latency;
  errors: number;
  firstError: string | null;
  serverCpuUsPerChat: number | null;
}

const KEYS = { accessKeyId: DEV_ACCESS_KEY_ID, secretAccessKey: DEV_SECRET_ACCESS_KEY, region: 'us-east-1', service: 'connect' };
const CONNECTION_BODY = '{"Type":["WEBSOCKET","CONNECTION_CREDENTIALS"]}';

/**
 * Chat starts as a client makes them, over keep-alive connections: StartChatContact (SigV4-signed,
 * with a ClientToken as the SDK sends one), then CreateParticipantConnection with the participant
 * token it returned. The same code drives Parley and the bare start server (which ignores the
 * signature), so both pay the same generator cost.
 */
export class StartLoad {
  private readonly pool: Pool;
  private readonly host: string;

  constructor(origin: string, private readonly flow: { instanceId: string; flowId: string }, private readonly serverCpuMs: () => number | null, connections: number) {
    this.pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
    this.host = new URL(origin).host;
  }

  private async post(method: string, path: string, headers: Record<string, string>, body: string): Promise<Record<string, unknown>> {
    const res = await this.pool.request({ path, method: method as 'PUT' | 'POST', headers, body });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
    return JSON.parse(text) as Record<string, unknown>;
  }

  async startOne(): Promise<void> {
    const body = JSON.stringify({ InstanceId: this.flow.instanceId, ContactFlowId: this.flow.flowId, ParticipantDetails: { DisplayName: 'Customer' }, ClientToken: randomUUID() });
    const started = await this.post('PUT', '/contact/chat', signedHeaders(KEYS, 'PUT', this.host, '/contact/chat', body), body);
    await this.post('POST', '/participant/connection', { 'content-type': 'application/json', 'x-amz-bearer': String(started.ParticipantToken) }, CONNECTION_BODY);
  }

  /**
   * `concurrency` clients each starting one chat after another. The window opens after the
   * warm-up and once every client has finished a first chat start (at a few per second, a short
   * warm-up would end before any had); a chat counts when its start finishes inside the window.
   */
  async closedLoop(concurrency: number, w: Windows): Promise<StartResult> {
    const t0 = performance.now();
    let start = Infinity;
    let end = Infinity;
    let firstDone = 0;
    const latencies: number[] = [];
    let errors = 0;
    let firstError: string | null = null;
    let cpu0: number | null = null;
    let cpu1: number | null = null;
    const open = () => {
      start = Math.max(performance.now(), t0 + w.warmupMs);
      end = start + w.measureMs;
      setTimeout(() => (cpu0 = this.serverCpuMs()), start - performance.now());
    };
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let first = true; performance.now() < end && errors < 100; first = false) {
          const began = performance.now();
          try {
            await this.startOne();
            const done = performance.now();
            if (done >= start && done < end) latencies.push(done - began);
          } catch (e) {
            errors++;
            firstError ??= (e as Error).message;
          }
          if (first && ++firstDone === concurrency) open();
          if (cpu1 === null && performance.now() >= end) cpu1 = this.serverCpuMs();
        }
      }),
    );
    cpu1 ??= this.serverCpuMs();
    return {
      rate: latencies.length / (w.measureMs / 1000),
      latency: latencyOf(latencies),
      errors,
      firstError,
      serverCpuUsPerChat: cpu0 !== null && cpu1 !== null && latencies.length ? ((cpu1 - cpu0) * 1000) / latencies.length : null,
    };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
