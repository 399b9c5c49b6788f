import type { Kysely } from 'kysely';
import type { Database } from '../../adapters/store/schema.js';
import type { LoggedContactEvent } from '../../core/contact/events.js';
import { buildRecord, type Ref, type StoredRecord } from '../../core/metrics/record.js';
import type { MessageItem } from '../../core/metrics/chat-metrics.js';
import type { Config } from '../../config.js';
import { arns } from '../arn.js';
import { loggedEvent } from './events.js';
import { InQuery } from '../../adapters/store/in-query.js';

const MESSAGE_TYPES = ['MESSAGE', 'ATTACHMENT'];
/** Segments read per round of reads: keeps every IN list far below both engines' limits on bound parameters. */
const CHUNK = 200;

type Store = Kysely<Database>;
type ArnConfig = Pick<Config, 'region' | 'accountId'>;

/** Reads what a segment's record is made of and folds it (core/metrics/record.ts); undefined for an unknown contact. */
export async function recordOf(db: Store, config: ArnConfig, contactId: string): Promise<StoredRecord | undefined> {
  return (await recordsOf(db, config, [contactId])).get(contactId);
}

/** The records of many segments, read in a few statements per CHUNK of them; unknown contacts are left out. */
export async function recordsOf(db: Store, config: ArnConfig, contactIds: readonly string[]): Promise<Map<string, StoredRecord>> {
  const out = new Map<string, StoredRecord>();
  for (let i = 0; i < contactIds.length; i += CHUNK) for (const [id, r] of await readChunk(db, config, contactIds.slice(i, i + CHUNK))) out.set(id, r);
  return out;
}

type Ids = string[];
const contactsIn = new InQuery((db, [ids]) => db.selectFrom('contacts').selectAll().where('id', 'in', ids as Ids));
const chatsIn = new InQuery((db, [ids]) => db.selectFrom('chats').select(['id', 'attributes', 'customer_id']).where('id', 'in', ids as Ids));
const customersConnectedIn = new InQuery((db, [chatIds]) =>
  db
    .selectFrom('participants')
    .select((eb) => ['chat_id', eb.fn.min('connected_at').as('at')])
    .where('chat_id', 'in', chatIds as Ids)
    .where('role', '=', 'CUSTOMER')
    .groupBy('chat_id'),
);
const eventsIn = new InQuery((db, [ids]) => db.selectFrom('contact_events').select(['seq', 'contact_id', 'type', 'at', 'detail']).where('contact_id', 'in', ids as Ids).orderBy('seq'));
// A contact's items are in its own chat: the chat filter lets the (chat_id, seq) key serve the read.
const messagesIn = new InQuery((db, [chatIds, ids]) =>
  db
    .selectFrom('items')
    .select(['contact_id', 'role', 'participant_id', 'at', 'type', 'content'])
    .where('chat_id', 'in', chatIds as Ids)
    .where('contact_id', 'in', ids as Ids)
    .where('type', 'in', MESSAGE_TYPES)
    .orderBy('seq'),
);
const queuesIn = new InQuery((db, [ids]) => db.selectFrom('queues').select(['id', 'name']).where('id', 'in', ids as Ids));
const usersIn = new InQuery((db, [ids]) => db.selectFrom('users').select(['id', 'username']).where('id', 'in', ids as Ids));
const profilesIn = new InQuery((db, [ids]) => db.selectFrom('routing_profiles').select(['id', 'name']).where('id', 'in', ids as Ids));

const groupBy = <T>(rows: T[], key: (r: T) => string): Map<string, T[]> => {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
};

async function readChunk(db: Store, config: ArnConfig, ids: string[]): Promise<Map<string, StoredRecord>> {
  const out = new Map<string, StoredRecord>();
  const contacts = await contactsIn.rows(db, ids);
  if (!contacts.length) return out;
  const known = contacts.map((c) => c.id);
  const chatIds = [...new Set(contacts.map((c) => c.chat_id))];
  const chats = new Map((await chatsIn.rows(db, chatIds)).map((c) => [c.id, c]));
  const customerAt = new Map((await customersConnectedIn.rows(db, chatIds)).map((r) => [r.chat_id, r.at == null ? null : Number(r.at)]));
  const events = groupBy((await eventsIn.rows(db, known)).map(loggedEvent), (e) => e.contactId);
  const items = groupBy(await messagesIn.rows(db, chatIds, known), (i) => i.contact_id);
  const connectedOf = (id: string) => (events.get(id) ?? []).find((e): e is Extract<LoggedContactEvent, { type: 'CONNECTED_TO_AGENT' }> => e.type === 'CONNECTED_TO_AGENT');
  const agentOf = new Map(contacts.map((c) => [c.id, connectedOf(c.id)?.agentId ?? (c.connected_to_agent_at !== null ? c.agent_id : null)]));
  const profileIds = [...new Set(contacts.flatMap((c) => connectedOf(c.id)?.routingProfileId ?? []))];
  const queueIds = [...new Set(contacts.flatMap((c) => c.queue_id ?? []))];
  const queues = new Map(queueIds.length ? (await queuesIn.rows(db, queueIds)).map((q) => [q.id, q.name]) : []);
  // An agent's own queue has the user's id and is named after the user.
  const userIds = [...new Set([...agentOf.values()].filter((id): id is string => id !== null).concat(queueIds.filter((q) => !queues.has(q))))];
  const users = new Map(userIds.length ? (await usersIn.rows(db, userIds)).map((u) => [u.id, u.username]) : []);
  const profiles = new Map(profileIds.length ? (await profilesIn.rows(db, profileIds)).map((p) => [p.id, p.name]) : []);
  const a = arns(config);
  const queueRef = (instanceId: string, queueId: string): Ref => {
    const name = queues.get(queueId);
    return name !== undefined ? { Id: queueId, ARN: a.queue(instanceId, queueId), Name: name } : { Id: queueId, ARN: a.agentQueue(instanceId, queueId), Name: users.get(queueId) ?? queueId };
  };
  for (const c of contacts) {
    const chat = chats.get(c.chat_id)!;
    const agentId = agentOf.get(c.id)!;
    const username = agentId === null ? undefined : users.get(agentId);
    const profileId = connectedOf(c.id)?.routingProfileId;
    const profileName = profileId ? profiles.get(profileId) : undefined;
    const messages: MessageItem[] = (items.get(c.id) ?? []).map((i) => ({ role: i.role, participantId: i.participant_id, at: Number(i.at), length: i.type === 'MESSAGE' ? (i.content ?? '').length : 0 }));
    const stored = buildRecord({
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
      customerConnectedAt: customerAt.get(c.chat_id) ?? null,
      events: events.get(c.id) ?? [],
      messages,
      queue: c.queue_id ? queueRef(c.instance_id, c.queue_id) : null,
      agent: agentId && username !== undefined ? { Id: agentId, ARN: a.user(c.instance_id, agentId), Name: username, username } : null,
      routingProfile: profileId && profileName !== undefined ? { Id: profileId, ARN: a.routingProfile(c.instance_id, profileId), Name: profileName } : null,
    });
    out.set(c.id, stored);
  }
  return out;
}
