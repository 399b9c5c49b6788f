import type { Kysely } from 'kysely';
import type { Tx } from '../../adapters/store/db.js';
import type { Database } from '../../adapters/store/schema.js';
import { buildRecord, type RecordSource, type Ref, type StoredRecord } from '../../core/metrics/record.js';
import type { Config } from '../../config.js';
import { arns } from '../arn.js';
import { loggedEvent } from './events.js';

const MESSAGE_TYPES = ['MESSAGE', 'ATTACHMENT'];

/** Reads what a segment's record is made of and folds it (core/metrics/record.ts); undefined for an unknown contact. */
export async function recordOf(db: Kysely<Database>, config: Pick<Config, 'region' | 'accountId'>, contactId: string): Promise<StoredRecord | undefined> {
  const c = await db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirst();
  if (!c) return undefined;
  const a = arns(config);
  const chat = await db.selectFrom('chats').select(['attributes', 'customer_id']).where('id', '=', c.chat_id).executeTakeFirstOrThrow();
  const customer = await db
    .selectFrom('participants')
    .select((eb) => eb.fn.min('connected_at').as('at'))
    .where('chat_id', '=', c.chat_id)
    .where('role', '=', 'CUSTOMER')
    .executeTakeFirst();
  const events = (await db.selectFrom('contact_events').select(['seq', 'contact_id', 'type', 'at', 'detail']).where('contact_id', '=', contactId).orderBy('seq').execute()).map(loggedEvent);
  const items = await db
    .selectFrom('items')
    .select(['role', 'participant_id', 'at', 'type', 'content'])
    .where('chat_id', '=', c.chat_id)
    .where('contact_id', '=', contactId)
    .where('type', 'in', MESSAGE_TYPES)
    .orderBy('seq')
    .execute();
  const connected = events.find((e) => e.type === 'CONNECTED_TO_AGENT');
  const agentId = connected?.type === 'CONNECTED_TO_AGENT' ? connected.agentId : c.connected_to_agent_at !== null ? c.agent_id : null;
  const user = agentId ? await db.selectFrom('users').select(['id', 'username']).where('id', '=', agentId).executeTakeFirst() : undefined;
  const profileId = connected?.type === 'CONNECTED_TO_AGENT' ? connected.routingProfileId : null;
  const profile = profileId ? await db.selectFrom('routing_profiles').select(['id', 'name']).where('id', '=', profileId).executeTakeFirst() : undefined;
  const src: RecordSource = {
    contact: {
      id: c.id,
      initialContactId: c.chat_id,
      previousContactId: c.previous_contact_id,
      nextContactId: c.next_contact_id,
      relatedContactId: c.related_contact_id,
      initiationMethod: c.initiation_method,
      channel: c.channel,
      name: c.name,
      description: c.description,
      initiatedAt: Number(c.initiated_at),
      updatedAt: Number(c.updated_at),
      disconnectedAt: c.disconnected_at === null ? null : Number(c.disconnected_at),
      disconnectReason: c.disconnect_reason,
      segmentAttributes: JSON.parse(c.segment_attributes) as Record<string, unknown>,
      queueId: c.queue_id,
      enqueuedAt: c.enqueued_at === null ? null : Number(c.enqueued_at),
      connectedToAgentAt: c.connected_to_agent_at === null ? null : Number(c.connected_to_agent_at),
    },
    instanceArn: a.instance(c.instance_id),
    customerId: chat.customer_id,
    attributes: JSON.parse(chat.attributes) as Record<string, string>,
    customerConnectedAt: customer?.at == null ? null : Number(customer.at),
    events,
    messages: items.map((i) => ({ role: i.role, participantId: i.participant_id, at: Number(i.at), length: i.type === 'MESSAGE' ? (i.content ?? '').length : 0 })),
    queue: c.queue_id ? await queueRef(db, config, c.instance_id, c.queue_id) : null,
    agent: user ? { Id: user.id, ARN: a.user(c.instance_id, user.id), Name: user.username, username: user.username } : null,
    routingProfile: profile ? { Id: profile.id, ARN: a.routingProfile(c.instance_id, profile.id), Name: profile.name } : null,
  };
  return buildRecord(src);
}

/** A standard queue, or an agent's own queue (its id is the user's; named after the user). */
async function queueRef(db: Kysely<Database>, config: Pick<Config, 'region' | 'accountId'>, instanceId: string, queueId: string): Promise<Ref> {
  const a = arns(config);
  const q = await db.selectFrom('queues').select(['id', 'name']).where('id', '=', queueId).executeTakeFirst();
  if (q) return { Id: q.id, ARN: a.queue(instanceId, q.id), Name: q.name };
  const u = await db.selectFrom('users').select('username').where('id', '=', queueId).executeTakeFirst();
  return { Id: queueId, ARN: a.agentQueue(instanceId, queueId), Name: u?.username ?? queueId };
}

/** Writes (or rewrites) a segment's row in contact_records from the store as it is in `tx`. */
export async function saveRecord(tx: Tx, config: Pick<Config, 'region' | 'accountId'>, contactId: string): Promise<void> {
  const stored = await recordOf(tx, config, contactId);
  if (!stored) return;
  const r = stored.record;
  const row = {
    instance_id: instanceIdOfArn(r.InstanceARN),
    channel: r.Channel,
    initiation_method: r.InitiationMethod,
    queue_id: r.Queue?.Id ?? null,
    agent_id: r.Agent?.Id ?? null,
    routing_profile_id: r.Agent?.RoutingProfile?.Id ?? null,
    initiated_at: r.InitiationTimestamp,
    enqueued_at: r.Queue?.EnqueueTimestamp ?? null,
    connected_to_agent_at: r.Agent?.ConnectedToAgentTimestamp ?? null,
    disconnected_at: r.DisconnectTimestamp,
    completed: stored.facts.completed ? 1 : 0,
    updated_at: r.LastUpdateTimestamp,
    record: JSON.stringify(stored),
  };
  await tx
    .insertInto('contact_records')
    .values({ contact_id: contactId, ...row })
    .onConflict((oc) => oc.column('contact_id').doUpdateSet(row))
    .execute();
}

const instanceIdOfArn = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);
