import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_ACCESS_KEY_ID, loadConfig } from './config.js';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('configuration', () => {
  it('starts with defaults that need nothing set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, region: 'us-east-1', accountId: '000000000000', publicUrl: 'http://127.0.0.1:8080', databaseUrl: '', devKeys: true, accessKeyId: DEV_ACCESS_KEY_ID, maxActiveChats: null, allowedOrigins: ['*'] });
    expect(c.dataDir).toBe(path.resolve('data'));
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('names every wrong value at once, with what is expected', () => {
    const found = problems({
      PARLEY_PORT: 'eighty',
      PARLEY_REGION: 'mars',
      PARLEY_ACCOUNT_ID: '12',
      PARLEY_DATABASE_URL: 'mysql://x',
      PARLEY_PUBLIC_URL: 'http://localhost:8080',
      PARLEY_ACCESS_KEY_ID: 'ONLYKEY1',
      PARLEY_DURABILITY: 'sometimes',
      PARLEY_ALLOWED_ORIGINS: 'example.com',
      PARLEY_SECRET: 'short',
    });
    expect(found).toHaveLength(9);
    expect(found.join('\n')).toMatch(/PARLEY_PORT="eighty": expected a whole number from 0 to 65535/);
    expect(found.join('\n')).toMatch(/chatjs accepts only wss:\/\/ or ws:\/\/127\.0\.0\.1/);
    expect(found.join('\n')).toMatch(/must be set together/);
  });

  it('switches to PostgreSQL for a postgres:// URL and takes configured keys', () => {
    const c = loadConfig({ PARLEY_DATABASE_URL: 'postgres://u@127.0.0.1/db', PARLEY_ACCESS_KEY_ID: 'AKIAEXAMPLE1', PARLEY_SECRET_ACCESS_KEY: 'a-long-enough-secret', PARLEY_MAX_ACTIVE_CHATS: '5' });
    expect(c).toMatchObject({ databaseUrl: 'postgres://u@127.0.0.1/db', accessKeyId: 'AKIAEXAMPLE1', devKeys: false, maxActiveChats: 5 });
  });

  it('reads a JSON file of the same keys, the environment winning', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-cfg-')), 'parley.json');
    fs.writeFileSync(file, JSON.stringify({ PARLEY_PORT: 9001, PARLEY_REGION: 'eu-west-1' }));
    expect(loadConfig({ PARLEY_CONFIG_FILE: file, PARLEY_REGION: 'eu-central-1' })).toMatchObject({ port: 9001, region: 'eu-central-1' });
    fs.writeFileSync(file, JSON.stringify({ PORT: 1 }));
    expect(problems({ PARLEY_CONFIG_FILE: file })[0]).toMatch(/unknown key "PORT"/);
  });
});
