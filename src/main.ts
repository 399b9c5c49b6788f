import { ConfigError, DEV_ACCESS_KEY_ID, DEV_SECRET_ACCESS_KEY, loadConfig } from './config.js';
import { startParley } from './server.js';

/** `npm start`: reads the configuration, starts Parley, prints how to reach it, stops cleanly on a signal. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const parley = await startParley(config);
  const s = parley.seeded;
  const lines = [
    `Parley is listening on ${parley.url} (public URL ${config.publicUrl})`,
    `  storage:          ${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`}`,
    `  instance id:      ${s.instanceId}`,
    `  inbound flow id:  ${s.inboundFlowId}  (Default inbound chat → BasicQueue)`,
    `  region/account:   ${config.region} / ${config.accountId}`,
    config.devKeys
      ? `  access keys:      ${DEV_ACCESS_KEY_ID} / ${DEV_SECRET_ACCESS_KEY}  (development keys: set PARLEY_ACCESS_KEY_ID and PARLEY_SECRET_ACCESS_KEY in production)`
      : `  access key id:    ${config.accessKeyId}`,
    ...Object.entries(s.demoUsers).map(([name, u], i) => `${i ? '                    ' : '  demo users:       '}${name} / ${u.password}`),
    `  demo site:        ${parley.url}/   agent workspace: ${parley.url}/agent/   admin console: ${parley.url}/admin/`,
    `  agent API:        ${parley.url}/agent/v1 (docs/agent-api.md)`,
  ];
  console.log(lines.join('\n'));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await parley.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
