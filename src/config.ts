import fs from 'node:fs';
import path from 'node:path';
import { type BotDefinitions, parseBotDefinitions } from './adapters/bots/bot-definitions.js';
import { type MeteringPolicy, parseMeteringPolicy } from './core/metering/billable.js';

/** Development keys accepted by the admin API when none are configured. Documented in the README. */
export const DEV_ACCESS_KEY_ID = 'PARLEYDEVACCESSKEY00';
export const DEV_SECRET_ACCESS_KEY = 'parley-dev-secret-access-key-do-not-use-in-production';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** Empty: embedded SQLite under dataDir. A postgres:// URL switches storage to PostgreSQL. */
  databaseUrl: string;
  /** 'process': a crash of the process loses nothing acknowledged; 'power': a power loss neither. */
  durability: 'process' | 'power';
  accessKeyId: string;
  secretAccessKey: string;
  /** True when the development keys are in use (start-up prints a warning). */
  devKeys: boolean;
  region: string;
  accountId: string;
  /** Base for the WebSocket and attachment URLs handed to clients. */
  publicUrl: string;
  /** Browser origins allowed by CORS; ['*'] allows any (participant calls carry their own token). */
  allowedOrigins: string[];
  /** Concurrent active chats per instance; null means no limit. */
  maxActiveChats: number | null;
  /** Open WebSockets per participant (Connect: 5). */
  maxSocketsPerParticipant: number;
  /** Attachments per chat (Connect: 35) and bytes per attachment (Connect: 20 MB). */
  maxAttachmentsPerChat: number;
  maxAttachmentBytes: number;
  /** Lifetime of a connection token (Connect: 1 day). */
  connectionTokenTtlSeconds: number;
  /** Lifetime of an agent's login session (agent API), from login; logging in again starts a new one. */
  agentSessionMinutes: number;
  logLevel: string;
  /** Enables /_test/clock on loopback only. Never set in production. */
  testControl: boolean;
  /**
   * The key of every HMAC Parley makes (participant tokens derived from ClientTokens, pagination
   * tokens, attachment URLs). Null: a random one generated at first start and kept in the store,
   * which is fine for one machine; set it (the same on every node) so that a copy of the database
   * alone derives nothing.
   */
  secret: string | null;
  /** Flow functions: Lambda ARN or function name → the HTTP endpoint Parley POSTs the Lambda event to. */
  functions: Record<string, string>;
  /** The built-in rules bot's bots (ConnectParticipantWithLexBot): bot alias ARN or name → definition. */
  bots: BotDefinitions;
  /** Flows (ids, ARNs or names) that the public widget endpoint may start (PARLEY_WIDGET_FLOWS, comma-separated). */
  widgetFlows: string[];
  /** What counts as a billable chat message and its price (PARLEY_BILLABLE_ROLES, PARLEY_BILL_*, PARLEY_PRICE_PER_MESSAGE, PARLEY_CURRENCY; core/metering/billable.ts). */
  metering: MeteringPolicy;
  /** Bearer token that opens GET /metrics (Prometheus) from anywhere; null: loopback only (PARLEY_METRICS_TOKEN). */
  metricsToken: string | null;
  /** Webhooks may POST to http:// URLs of any host (PARLEY_WEBHOOKS_ALLOW_HTTP=1); otherwise https://, or http:// on loopback when private targets are allowed. */
  webhooksAllowHttp: boolean;
  /** Webhooks may POST to loopback, private, link-local addresses (PARLEY_WEBHOOKS_ALLOW_PRIVATE=1); otherwise public addresses only (SSRF). */
  webhooksAllowPrivate: boolean;
}

type Env = Record<string, string | undefined>;

/** Thrown at start with one line per wrong value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Reads PARLEY_* variables (and, when PARLEY_CONFIG_FILE names one, a JSON file of the same
 * keys; variables win), validates every value and returns a frozen Config.
 */
export function loadConfig(env: Env = process.env): Readonly<Config> {
  const problems: string[] = [];
  const file = readConfigFile(env.PARLEY_CONFIG_FILE, problems);
  const get = (k: string): string | undefined => env[k] ?? file[k];

  const int = (k: string, def: number, min: number, max: number): number => {
    const raw = get(k);
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${k}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`);
      return def;
    }
    return n;
  };
  const oneOf = <T extends string>(k: string, def: T, allowed: readonly T[]): T => {
    const raw = get(k);
    if (raw === undefined || raw === '') return def;
    if (!allowed.includes(raw as T)) problems.push(`${k}=${JSON.stringify(raw)}: expected one of ${allowed.join(', ')}`);
    return (allowed.includes(raw as T) ? raw : def) as T;
  };

  const host = get('PARLEY_HOST') || '127.0.0.1';
  const port = int('PARLEY_PORT', 8080, 0, 65535);
  const dataDir = path.resolve(get('PARLEY_DATA_DIR') || './data');
  const databaseUrl = get('PARLEY_DATABASE_URL') || '';
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    problems.push(`PARLEY_DATABASE_URL: expected a postgres:// URL (leave it unset for embedded SQLite)`);

  const keyId = get('PARLEY_ACCESS_KEY_ID');
  const secret = get('PARLEY_SECRET_ACCESS_KEY');
  if (!!keyId !== !!secret) problems.push('PARLEY_ACCESS_KEY_ID and PARLEY_SECRET_ACCESS_KEY must be set together');
  if (keyId && !/^[A-Za-z0-9]{4,128}$/.test(keyId)) problems.push('PARLEY_ACCESS_KEY_ID: letters and digits only, 4 to 128 of them');
  if (secret && secret.length < 16) problems.push('PARLEY_SECRET_ACCESS_KEY: at least 16 characters');

  const region = get('PARLEY_REGION') || 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) problems.push(`PARLEY_REGION=${JSON.stringify(region)}: expected a region name such as us-east-1`);
  const accountId = get('PARLEY_ACCOUNT_ID') || '000000000000';
  if (!/^\d{12}$/.test(accountId)) problems.push(`PARLEY_ACCOUNT_ID=${JSON.stringify(accountId)}: expected 12 digits`);

  let publicUrl = get('PARLEY_PUBLIC_URL') || `http://127.0.0.1:${port}`;
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    if (u.protocol === 'http:' && u.hostname !== '127.0.0.1')
      problems.push(
        `PARLEY_PUBLIC_URL=${publicUrl}: chatjs accepts only wss:// or ws://127.0.0.1:PORT socket URLs; use https:// (behind TLS) or http://127.0.0.1:PORT`,
      );
    publicUrl = publicUrl.replace(/\/+$/, '');
  } catch {
    problems.push(`PARLEY_PUBLIC_URL=${JSON.stringify(publicUrl)}: expected an http:// or https:// URL`);
  }

  const origins = (get('PARLEY_ALLOWED_ORIGINS') || '*').split(',').map((s) => s.trim()).filter(Boolean);
  for (const o of origins) if (o !== '*' && !/^https?:\/\/[^/]+$/.test(o)) problems.push(`PARLEY_ALLOWED_ORIGINS: "${o}" is not an origin (scheme://host[:port])`);

  const maxChats = int('PARLEY_MAX_ACTIVE_CHATS', 0, 0, 10_000_000);
  const config: Config = {
    host,
    port,
    dataDir,
    databaseUrl,
    durability: oneOf('PARLEY_DURABILITY', 'process', ['process', 'power'] as const),
    accessKeyId: keyId || DEV_ACCESS_KEY_ID,
    secretAccessKey: secret || DEV_SECRET_ACCESS_KEY,
    devKeys: !keyId,
    region,
    accountId,
    publicUrl,
    allowedOrigins: origins,
    maxActiveChats: maxChats === 0 ? null : maxChats,
    maxSocketsPerParticipant: int('PARLEY_MAX_SOCKETS_PER_PARTICIPANT', 5, 1, 100),
    maxAttachmentsPerChat: int('PARLEY_MAX_ATTACHMENTS_PER_CHAT', 35, 0, 10_000),
    maxAttachmentBytes: int('PARLEY_MAX_ATTACHMENT_BYTES', 20 * 1024 * 1024, 1, 1024 * 1024 * 1024),
    connectionTokenTtlSeconds: int('PARLEY_CONNECTION_TOKEN_TTL_SECONDS', 86_400, 120, 30 * 86_400),
    agentSessionMinutes: int('PARLEY_AGENT_SESSION_MINUTES', 12 * 60, 5, 30 * 24 * 60),
    logLevel: oneOf('PARLEY_LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    testControl: oneOf('PARLEY_TEST_CONTROL', '0', ['0', '1'] as const) === '1',
    secret: secretOf(get('PARLEY_SECRET'), problems),
    functions: urlMap('PARLEY_FUNCTIONS', get('PARLEY_FUNCTIONS'), problems),
    bots: parseBotDefinitions(get('PARLEY_BOTS'), problems),
    widgetFlows: (get('PARLEY_WIDGET_FLOWS') || 'Default inbound chat').split(',').map((s) => s.trim()).filter(Boolean),
    metering: parseMeteringPolicy(get, problems),
    metricsToken: metricsTokenOf(get('PARLEY_METRICS_TOKEN'), problems),
    webhooksAllowHttp: oneOf('PARLEY_WEBHOOKS_ALLOW_HTTP', '0', ['0', '1'] as const) === '1',
    webhooksAllowPrivate: oneOf('PARLEY_WEBHOOKS_ALLOW_PRIVATE', '0', ['0', '1'] as const) === '1',
  };
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(config);
}

function secretOf(raw: string | undefined, problems: string[]): string | null {
  if (!raw) return null;
  if (raw.length < 32) problems.push('PARLEY_SECRET: at least 32 characters (e.g. `openssl rand -base64 32`)');
  return raw;
}

function metricsTokenOf(raw: string | undefined, problems: string[]): string | null {
  if (!raw) return null;
  if (raw.length < 16 || /\s/.test(raw)) problems.push('PARLEY_METRICS_TOKEN: at least 16 characters, no spaces');
  return raw;
}

/** A JSON object of names to http(s) URLs, such as PARLEY_FUNCTIONS. */
function urlMap(key: string, raw: string | undefined, problems: string[]): Record<string, string> {
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected a JSON object');
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed)) {
      if (typeof v !== 'string' || !/^https?:\/\//.test(v)) problems.push(`${key}: "${k}" must map to an http:// or https:// URL`);
      else out[k] = v;
    }
    return out;
  } catch (e) {
    problems.push(`${key}: ${(e as Error).message}`);
    return {};
  }
}

function readConfigFile(file: string | undefined, problems: string[]): Record<string, string> {
  if (!file) return {};
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed)) {
      if (!k.startsWith('PARLEY_')) problems.push(`${file}: unknown key "${k}" (keys are the PARLEY_* variable names)`);
      else out[k] = String(v);
    }
    return out;
  } catch (e) {
    problems.push(`PARLEY_CONFIG_FILE=${file}: ${(e as Error).message}`);
    return {};
  }
}
