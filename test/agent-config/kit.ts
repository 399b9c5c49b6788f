import { CreateQueueCommand, CreateUserCommand } from '@aws-sdk/client-connect';
import type { TestParley } from '../helpers/parley.js';
import { signedRequest } from '../helpers/signed.js';
import { createFlow, flowOf, hangUp } from '../flows/kit.js';

/**
 * A SigV4-signed request on the connect API with a JSON body, as the AWS CLI sends it: for
 * Parley's extensions, which the SDK has no command for (and whose extra fields it drops).
 */
export async function signedJson(p: TestParley, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await signedRequest(p, method, path, { body });
  return { status: res.status, body: res.json };
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
