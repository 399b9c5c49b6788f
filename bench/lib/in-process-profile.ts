import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import path from 'node:path';
import { summarizeProfile } from './profile.js';
import type { ProfileSummary } from './types.js';

/** CPU-profiles `fn` (awaited when it returns a promise) in this process (for scenarios measured in process) and summarizes it. */
export async function profileInProcess(label: string, dir: string, fn: () => unknown): Promise<ProfileSummary> {
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  await fn();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const out = path.join(dir, label);
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, `${process.pid}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  return summarizeProfile(label, file);
}
