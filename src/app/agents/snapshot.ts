import { precompiled } from '../../adapters/store/compiled.js';
import type { Db } from '../../adapters/store/db.js';
import { CHANNELS, freeSlots, slotsOf, type MediaConcurrency } from '../../core/routing/plan.js';
import { isoTime } from '../../core/time.js';
import { notFound } from '../../core/errors.js';
import type { Config } from '../../config.js';
import { OFFER_TIMEOUT_MS } from './after-contact.js';
import { snapshotRowsAtOnce, type SnapshotRead } from './snapshot-at-once.js';

type ArnConfig = Pick<Config, 'region' | 'accountId'>;
const base = (c: ArnConfig, instanceId: string) => `arn:aws:connect:${c.region}:${c.accountId}:instance/${instanceId}`;

// Built once (compiled.ts): a snapshot is read after every change an agent sees, many per second in a shift's first minute.
const agentRow = precompiled((db, p: { userId: string; wallNow: number }) =>
  db
    .selectFrom('agents')
    .innerJoin('users', 'users.id', 'agents.user_id')
    .innerJoin('agent_statuses as status', 'status.id', 'agents.status_id')
    .leftJoin('agent_statuses as next', 'next.id', 'agents.next_status_id')
    .innerJoin('routing_profiles', 'routing_profiles.id', 'users.routing_profile_id')
    .select((eb) => [
      'users.id',
      'users.instance_id',
      'users.username',
      'users.identity',
      'agents.status_since',
      'status.id as status_id',
      'status.name as status_name',
      'status.type as status_type',
      'next.id as next_id',
      'next.name as next_name',
      'next.type as next_type',
      'routing_profiles.id as profile_id',
      'routing_profiles.name as profile_name',
      'routing_profiles.media_concurrencies',
      eb.exists(eb.selectFrom('agent_presence').select('node').whereRef('agent_presence.user_id', '=', 'agents.user_id').where('agent_presence.until', '>', p.wallNow)).as('online'),
    ])
    .where('agents.user_id', '=', p.userId),
);

const heldContacts = precompiled((db, p: { userId: string }) =>
  db
    .selectFrom('agent_contacts')
    .innerJoin('contacts', 'contacts.id', 'agent_contacts.contact_id')
    .innerJoin('chats', 'chats.id', 'agent_contacts.chat_id')
    .leftJoin('queues', 'queues.id', 'agent_contacts.queue_id')
    .select([
      'agent_contacts.contact_id',
      'agent_contacts.channel',
      'agent_contacts.state',
      'agent_contacts.state_since',
      'agent_contacts.offered_at',
      'agent_contacts.connected_at',
      'agent_contacts.queue_id',
      'agent_contacts.participant_id',
      'contacts.initiation_method',
      'contacts.enqueued_at',
      'chats.attributes',
      'queues.name as queue_name',
    ])
    .where('agent_contacts.user_id', '=', p.userId)
    .orderBy('agent_contacts.offered_at'),
);

/**
 * What an agent's workspace shows and the event socket pushes (shaped like Connect's agent event
 * stream CurrentAgentSnapshot): the user, the status and the next status, the routing profile with
 * its slots per channel, and every contact that holds a slot (offered, connected, missed,
 * rejected, in after-contact work). Slots are 0 while the status is not routable, as Connect counts them.
 */
export async function agentSnapshot(db: Db, config: ArnConfig, userId: string, wallNow: number) {
  const read = await readAgent(db, userId, wallNow);
  if (!read) throw notFound('User', userId, 'USER');
  return snapshotOf(config, read);
}

/** The snapshot of what was read of the agent (here, or by a status change that answers with it: status-at-once.ts). */
export function snapshotOf(config: ArnConfig, { row, contacts }: SnapshotRead) {
  const arn = base(config, row.instance_id);
  const online = Boolean(row.online);
  const routable = row.status_type === 'ROUTABLE' && !row.next_id;
  const slots = slotsOf(JSON.parse(row.media_concurrencies) as MediaConcurrency[], (channel) => contacts.filter((c) => c.channel === channel).length);
  const identity = JSON.parse(row.identity) as { FirstName?: string; LastName?: string; Email?: string };
  const status = (id: string, name: string, type: string, since?: number) => ({ Id: id, ARN: `${arn}/agent-state/${id}`, Name: name, Type: type, ...(since !== undefined ? { StartTimestamp: isoTime(since) } : {}) });
  return {
    User: { Id: row.id, Arn: `${arn}/agent/${row.id}`, Username: row.username, FirstName: identity.FirstName ?? '', LastName: identity.LastName ?? '' },
    InstanceId: row.instance_id,
    AgentStatus: status(row.status_id, row.status_name, row.status_type, Number(row.status_since)),
    NextAgentStatus: row.next_id ? status(row.next_id, row.next_name!, row.next_type!) : null,
    Online: Boolean(online),
    RoutingProfile: {
      Id: row.profile_id,
      Arn: `${arn}/routing-profile/${row.profile_id}`,
      Name: row.profile_name,
      Concurrency: CHANNELS.filter((c) => slots[c]).map((c) => ({ Channel: c, MaximumSlots: slots[c]!.max, AvailableSlots: routable ? freeSlots(slots, c) : 0 })),
    },
    Contacts: contacts.map((c) => ({
      ContactId: c.contact_id,
      Channel: c.channel,
      InitiationMethod: c.initiation_method,
      State: c.state,
      StateStartTimestamp: isoTime(Number(c.state_since)),
      ...(c.state === 'CONNECTING' ? { OfferExpiresTimestamp: isoTime(Number(c.offered_at) + OFFER_TIMEOUT_MS) } : {}),
      ...(c.connected_at != null ? { ConnectedToAgentTimestamp: isoTime(Number(c.connected_at)) } : {}),
      ...(c.enqueued_at != null ? { QueueTimestamp: isoTime(Number(c.enqueued_at)) } : {}),
      Queue: c.queue_id ? { Id: c.queue_id, Name: c.queue_name ?? row.username, Arn: c.queue_name ? `${arn}/queue/${c.queue_id}` : `${arn}/queue/agent/${c.queue_id}` } : null,
      ParticipantId: c.participant_id,
      Attributes: JSON.parse(c.attributes) as Record<string, string>,
    })),
  };
}

/** The agent's row and the contacts it holds: in one round trip where a round trip costs (snapshot-at-once.ts), else two statements. */
async function readAgent(db: Db, userId: string, wallNow: number): Promise<SnapshotRead | null> {
  const once = await snapshotRowsAtOnce(db, userId, wallNow);
  if (once !== undefined) return once;
  const row = await agentRow.first(db.kysely, { userId, wallNow });
  if (!row) return null;
  return { row, contacts: await heldContacts.rows(db.kysely, { userId }) };
}

export type AgentSnapshot = ReturnType<typeof snapshotOf>;
