import type { Tx } from '../../adapters/store/db.js';
import type { Config } from '../../config.js';
import { invalidParameter, notFound } from '../../core/errors.js';
import { arns, idFromRef } from '../arn.js';

/** A webhook's ARN: Parley's own resource, spelled like Connect's (`…:instance/<id>/webhook/<id>`). */
export const webhookArn = (config: Pick<Config, 'region' | 'accountId'>, instanceId: string, id: string): string => `${arns(config).instance(instanceId)}/webhook/${id}`;

/** The webhook of an instance named by id or ARN, or NOT_FOUND. */
export async function requireWebhook(db: Tx, instanceId: string, ref: string) {
  const row = await db.selectFrom('webhooks').selectAll().where('id', '=', idFromRef(ref)).where('instance_id', '=', instanceId).executeTakeFirst();
  if (!row) throw notFound('Webhook', ref, 'WEBHOOK');
  return row;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A receiver URL: absolute http(s), without credentials (they would end up in logs and in the
 * describe answer) or a fragment. Deliveries carry customer data and a signature that a
 * listener could replay, so plain http is refused unless the receiver is on this machine or the
 * operator allows it (PARLEY_WEBHOOKS_ALLOW_HTTP=1, for a private network).
 */
export function checkUrl(config: Pick<Config, 'webhooksAllowHttp'>, raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw invalidParameter(`Url is not an absolute URL: ${raw}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw invalidParameter('Url must be an http:// or https:// URL');
  if (u.username || u.password) throw invalidParameter('Url must not carry a user name or password');
  if (u.hash) throw invalidParameter('Url must not have a fragment');
  if (u.protocol === 'http:' && !LOOPBACK.has(u.hostname) && !config.webhooksAllowHttp)
    throw invalidParameter('Url must be https:// (plain http:// is allowed to 127.0.0.1, or to any host with PARLEY_WEBHOOKS_ALLOW_HTTP=1)');
  return raw;
}
