import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConnectClient } from '@aws-sdk/client-connect';
import { ConnectParticipantClient } from '@aws-sdk/client-connectparticipant';
import { SimulatedClock } from '../../src/adapters/clock/simulated-clock.js';
import type { Db } from '../../src/adapters/store/db.js';
import { DEV_ACCESS_KEY_ID, DEV_SECRET_ACCESS_KEY, loadConfig } from '../../src/config.js';
import { startParley, type Parley } from '../../src/server.js';
import { freePort } from './free-port.js';

export const DEV_CREDENTIALS = { accessKeyId: DEV_ACCESS_KEY_ID, secretAccessKey: DEV_SECRET_ACCESS_KEY };
/** The participant SDK insists on credentials; Parley ignores them (chatjs sends empty ones). */
export const DUMMY_CREDENTIALS = { accessKeyId: 'unused', secretAccessKey: 'unused' };

export interface TestParley extends Parley {
  clock: SimulatedClock;
  dataDir: string;
  connect: ConnectClient;
  participant: ConnectParticipantClient;
  /** Fires every timer due at the simulated clock's current time and waits for them. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * An in-process Parley on a free 127.0.0.1 port with a simulated clock, a fresh data dir (SQLite)
 * unless a store is given, and SDK clients pointed at it.
 */
export async function startTestParley(opts: { env?: Record<string, string>; db?: Db } = {}): Promise<TestParley> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-test-'));
  const port = await freePort();
  const config = loadConfig({ PARLEY_PORT: String(port), PARLEY_DATA_DIR: dataDir, PARLEY_LOG_LEVEL: 'silent', ...opts.env });
  const clock = new SimulatedClock(Date.UTC(2026, 10, 2, 9, 0, 0));
  const parley = await startParley(config, { clock, db: opts.db });
  const endpoint = parley.url;
  const connect = new ConnectClient({ region: config.region, endpoint, credentials: DEV_CREDENTIALS, maxAttempts: 1 });
  const participant = new ConnectParticipantClient({ region: config.region, endpoint, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 });
  return {
    ...parley,
    clock,
    dataDir,
    connect,
    participant,
    async settle() {
      parley.scheduler.wake();
      await parley.scheduler.idle();
    },
    async stop() {
      connect.destroy();
      participant.destroy();
      await parley.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
