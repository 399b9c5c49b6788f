import type { Tx } from '../../adapters/store/db.js';
import type { Config } from '../../config.js';
import { invalidParameter, notFound } from '../../core/errors.js';
import { hostScope } from '../../core/net/address-scope.js';
import { arns, idFromRef } from '../arn.js';

/** A webhook's ARN: Parley's own resource, spelled like Connect's (`…:instance/<id>/webhook/<id>`). */
export const webhookArn = (config: Pick<Config, 'region' | 'accountId'>, instanceId: string, id: string): string => `${arns(config).instance(instanceId)}/webhook/${id}`;

/** The webhook of an instance named by id or ARN, or NOT_FOUND. */
export async function requireWebhook(db: Tx, instanceId: string, ref: string) {
  const row = await db.selectFrom('webhooks').selectAll().where('id', '=', idFromRef(ref)).where('instance_id', '=', instanceId).executeTakeFirst();
  if (!row) throw notFound('Webhook', ref, 'WEBHOOK');
  return row;
}

/**
 * A receiver URL: absolute http(s), without credentials (they would end up in logs and in the
 * describe answer) or a fragment. Its host must not be the server itself or its private network
 * (a user who may configure webhooks could otherwise probe it: LastStatus and LastError tell
 * what answered), unless the operator allows it (PARLEY_WEBHOOKS_ALLOW_PRIVATE=1). Only what the
 * URL spells is checked here; a name is resolved and checked at every send
 * (adapters/egress/public-lookup.ts). Deliveries carry customer data and a signature that a
 * listener could replay, so plain http is refused unless the receiver is on this machine or the
 * operator allows it (PARLEY_WEBHOOKS_ALLOW_HTTP=1, for a private network).
 */
export function checkUrl(config: Pick<Config, 'webhooksAllowHttp' | 'webhooksAllowPrivate'>, raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw invalidParameter(`Url is not an absolute URL: ${raw}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw invalidParameter('Url must be an http:// or https:// URL');
  if (u.username || u.password) throw invalidParameter('Url must not carry a user name or password');
  if (u.hash) throw invalidParameter('Url must not have a fragment');
  const scope = hostScope(u.hostname);
  if (scope !== null && scope !== 'public' && !config.webhooksAllowPrivate)
    throw invalidParameter(`Url must lead to a public address: ${u.hostname} is ${scope} (allowed with PARLEY_WEBHOOKS_ALLOW_PRIVATE=1)`);
  // Reached with a loopback host only when private targets are allowed.
  if (u.protocol === 'http:' && scope !== 'loopback' && !config.webhooksAllowHttp)
    throw invalidParameter('Url must be https:// (plain http:// is allowed to loopback with PARLEY_WEBHOOKS_ALLOW_PRIVATE=1, or to any host with PARLEY_WEBHOOKS_ALLOW_HTTP=1)');
  return raw;
}
