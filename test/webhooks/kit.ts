import crypto from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { connectAgent } from '../helpers/agent.js';
import { startChat } from '../helpers/chat.js';
import { type TestParley } from '../helpers/parley.js';
import { signedRequest } from '../helpers/signed.js';
import { createFlow, flowOf, hangUp } from '../flows/kit.js';
import type { Received } from './receiver.js';

/**
 * The test receivers listen on 127.0.0.1, which webhooks may reach only when the operator
 * allows private targets: the Parleys of these tests start with this environment.
 */
export const ALLOW_PRIVATE = { PARLEY_WEBHOOKS_ALLOW_PRIVATE: '1' };

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** A SigV4-signed request on the connect API (the SDK has no webhook commands), as the AWS CLI would send it. */
export async function api(p: TestParley, method: string, path: string, opts: { body?: unknown; query?: Record<string, string> } = {}): Promise<ApiAnswer> {
  const res = await signedRequest(p, method, path, opts);
  return { status: res.status, body: res.json };
}

/** Creates a webhook on the seeded instance; fails the test on any refusal. */
export async function createWebhook(p: TestParley, url: string, extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
  const res = await api(p, 'PUT', `/webhooks/${p.seeded.instanceId}`, { body: { Name: `hook ${crypto.randomUUID()}`, Url: url, ...extra } });
  if (res.status !== 200) throw new Error(`CreateWebhook answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { id: res.body.WebhookId as string, secret: res.body.Secret as string };
}

/** Hands every logged contact event to the webhooks and waits until no attempt is due or out. */
export async function flush(p: TestParley): Promise<void> {
  await p.projector.catchUp();
  await p.webhooks.idle();
}

/** When the next attempt is due: the earliest among each (webhook, contact)'s oldest undelivered delivery (the later ones wait for it); null when all are delivered. */
export async function nextDue(p: TestParley): Promise<number | null> {
  const rows = await p.deps.db.kysely.selectFrom('webhook_deliveries').select(['webhook_id', 'contact_id', 'next_attempt_at']).where('delivered_at', 'is', null).orderBy('event_seq').execute();
  const heads = new Map<string, number>();
  for (const r of rows) if (!heads.has(`${r.webhook_id}/${r.contact_id}`)) heads.set(`${r.webhook_id}/${r.contact_id}`, Number(r.next_attempt_at));
  return heads.size ? Math.min(...heads.values()) : null;
}

/** Moves the simulated clock from one retry to the next until every delivery is delivered; returns how many moves it took. */
export async function deliverAll(p: TestParley, maxMoves = 20): Promise<number> {
  for (let moves = 0; moves <= maxMoves; moves++) {
    await flush(p);
    const due = await nextDue(p);
    if (due === null) return moves;
    p.clock.set(Math.max(p.clock.now(), due));
  }
  throw new Error(`deliveries still pending after ${maxMoves} retries`);
}

/** The receiver's check, written independently of Parley's code: HMAC-SHA256 of "<timestamp>.<body>" with the secret. */
export function signatureValid(r: Received, secret: string): boolean {
  const want = `sha256=${crypto.createHmac('sha256', secret).update(`${r.timestamp}.${r.body}`).digest('hex')}`;
  return want.length === r.signature.length && crypto.timingSafeEqual(Buffer.from(want), Buffer.from(r.signature));
}

export interface ContactEventBody {
  id: string;
  'detail-type': string;
  source: string;
  time: string;
  detail: Record<string, unknown> & { eventType: string; contactId: string };
}

export const bodyOf = (r: Received) => JSON.parse(r.body) as ContactEventBody;

/** A flow that queues the chat in BasicQueue and sets no disconnect flow: the agent leaving ends the chat. */
export async function queueingFlow(p: TestParley): Promise<string> {
  const flow = await createFlow(
    p,
    flowOf(
      {
        Identifier: 'queue',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: p.seeded.basicQueueId },
        Transitions: { NextAction: 'transfer', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] },
      },
      { Identifier: 'transfer', Type: 'TransferContactToQueue', Parameters: {}, Transitions: { NextAction: 'bye', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
      hangUp('bye'),
    ),
  );
  return flow.id;
}

/**
 * One chat from start to finish through the SDK and the agent API, without moving the clock:
 * started (INITIATED, QUEUED by the flow in the same request), the customer connects
 * (CONNECTED_TO_SYSTEM), alice accepts (CONNECTED_TO_AGENT), they talk, alice ends it
 * (DISCONNECTED, and her after-contact work begins) and clears it (COMPLETED).
 */
export async function chatLifecycle(p: TestParley, flowId: string, attributes: Record<string, string> = {}): Promise<string> {
  const chat = await startChat(p, { ContactFlowId: flowId, Attributes: attributes });
  const a = await connectAgent(p, chat);
  await p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: 'Where is my order?' }));
  await p.participant.send(new SendMessageCommand({ ConnectionToken: a.connectionToken, ContentType: 'text/plain', Content: 'On its way.' }));
  await a.agent.call('POST', `/agent/v1/contacts/${chat.contactId}/end`);
  await a.agent.call('POST', `/agent/v1/contacts/${chat.contactId}/clear`);
  a.socket.close();
  a.agent.close();
  return chat.contactId;
}

/** The public events a chatLifecycle contact logs, in order. */
export const LIFECYCLE = ['INITIATED', 'QUEUED', 'CONNECTED_TO_SYSTEM', 'CONNECTED_TO_AGENT', 'DISCONNECTED', 'COMPLETED'];
