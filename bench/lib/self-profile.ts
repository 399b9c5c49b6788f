import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import path from 'node:path';

/**
 * CPU profiling of a bench child over the measurement only, not its start-up or the scenario's
 * setup: the parent sends SIGUSR2 when the load begins, and the profile is written to
 * BENCH_PROFILE_DIR when the child stops. Without BENCH_PROFILE_DIR nothing is installed.
 */
export function installSelfProfiler(): { stop(): Promise<void> } {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return { stop: async () => undefined };
  const session = new inspector.Session();
  session.connect();
  let started = false;
  process.on('SIGUSR2', () => {
    if (started) return;
    started = true;
    void session.post('Profiler.enable').then(() => session.post('Profiler.start'));
  });
  return {
    async stop() {
      if (!started) return;
      const { profile } = await session.post('Profiler.stop');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(profile));
    },
  };
}
