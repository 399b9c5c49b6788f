import { Sha256 } from '@aws-crypto/sha256-js';
import { CreateQueueCommand, CreateUserCommand } from '@aws-sdk/client-connect';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { DEV_CREDENTIALS, type TestParley } from '../helpers/parley.js';
import { createFlow, flowOf, hangUp } from '../flows/kit.js';

/**
 * A SigV4-signed request on the connect API with a JSON body, as the AWS CLI sends it: for
 * Parley's extensions, which the SDK has no command for (and whose extra fields it drops).
 */
export async function signedJson(p: TestParley, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(p.url);
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { host: url.host, ...(text !== undefined ? { 'content-type': 'application/json' } : {}) };
  const signer = new SignatureV4({ service: 'connect', region: p.deps.config.region, credentials: DEV_CREDENTIALS, sha256: Sha256 });
  const signed = await signer.sign(new HttpRequest({ method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, headers, body: text }));
  const res = await fetch(`${p.url}${path}`, { method, headers: signed.headers, body: text });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export const queue = async (p: TestParley, Name: string) =>
  (await p.connect.send(new CreateQueueCommand({ InstanceId: p.seeded.instanceId, Name, HoursOfOperationId: p.seeded.basicHoursId }))).QueueId!;

/** A transfer flow that just ends the chat: quick connects only check the flow's type. */
export const transferFlow = async (p: TestParley, type: 'AGENT_TRANSFER' | 'QUEUE_TRANSFER') => (await createFlow(p, flowOf(hangUp()), { type })).id;

export const PASSWORD = 'Sup3r-secret';

/** A user on the Basic Routing Profile with the Agent security profile (each costs a password hash). */
export async function user(p: TestParley, Username: string) {
  const out = await p.connect.send(
    new CreateUserCommand({
      InstanceId: p.seeded.instanceId,
      Username,
      Password: PASSWORD,
      PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 30 },
      SecurityProfileIds: [p.seeded.securityProfileIds.Agent],
      RoutingProfileId: p.seeded.routingProfileId,
    }),
  );
  return out.UserId!;
}
