/**
 * Real-time metrics (GetCurrentMetricData), pure: a live snapshot of one instance (queues, routing
 * profiles, statuses, agents with the contacts they hold, waiting contacts) aggregated into one
 * result per combination of the requested groupings. Definitions follow spec/metrics.md §2.2.
 * An agent counts towards a queue when its routing profile serves the queue on the channel (an
 * agent's own queue: that agent alone), and is online when its status is not of type OFFLINE.
 */
import { CHANNELS, freeSlots, slotsOf, type Channel, type MediaConcurrency } from '../routing/plan.js';

/** The metrics and their units, as the Connect model names them. */
export const CURRENT_METRIC_UNITS = {
  AGENTS_ONLINE: 'COUNT',
  AGENTS_AVAILABLE: 'COUNT',
  AGENTS_ON_CALL: 'COUNT',
  AGENTS_NON_PRODUCTIVE: 'COUNT',
  AGENTS_AFTER_CONTACT_WORK: 'COUNT',
  AGENTS_ERROR: 'COUNT',
  AGENTS_STAFFED: 'COUNT',
  CONTACTS_IN_QUEUE: 'COUNT',
  OLDEST_CONTACT_AGE: 'SECONDS',
  CONTACTS_SCHEDULED: 'COUNT',
  AGENTS_ON_CONTACT: 'COUNT',
  SLOTS_ACTIVE: 'COUNT',
  SLOTS_AVAILABLE: 'COUNT',
  ESTIMATED_WAIT_TIME: 'SECONDS',
} as const;
export type CurrentMetricName = keyof typeof CURRENT_METRIC_UNITS;
export const CURRENT_METRIC_NAMES = Object.keys(CURRENT_METRIC_UNITS) as CurrentMetricName[];
/** What Parley computes (ESTIMATED_WAIT_TIME is a routing estimate it does not make). */
export type ComputedMetric = Exclude<CurrentMetricName, 'ESTIMATED_WAIT_TIME'>;
export type MetricValues = Record<ComputedMetric, number>;

export const METRIC_CHANNELS = ['VOICE', 'CHAT', 'TASK', 'EMAIL'] as const;
export const GROUPINGS = ['QUEUE', 'CHANNEL', 'ROUTING_PROFILE', 'ROUTING_STEP_EXPRESSION', 'AGENT_STATUS', 'SUBTYPE', 'VALIDATION_TEST_TYPE'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface LiveQueue {
  id: string;
  arn: string;
  name: string;
  /** Set for an agent's own queue (its id is the user's): that agent serves it on every channel. */
  agentId?: string;
}
export interface LiveProfile {
  id: string;
  arn: string;
  /** The queue-channel pairs of the profile's QueueConfigs. */
  serves: { queueId: string; channel: string }[];
}
export interface LiveStatus {
  id: string;
  arn: string;
  type: string;
}
export interface LiveAgent {
  id: string;
  profileId: string;
  statusId: string;
  statusType: string;
  /** A pending next status pauses routing (Connect's NextStatus). */
  hasNextStatus: boolean;
  media: MediaConcurrency[];
  /** The contacts holding a slot: agent_contacts states CONNECTING, CONNECTED, ENDED (ACW), MISSED, REJECTED, ERROR. */
  contacts: { channel: string; state: string }[];
}
export interface LiveSnapshot {
  now: number;
  queues: LiveQueue[];
  profiles: LiveProfile[];
  statuses: LiveStatus[];
  agents: LiveAgent[];
  /** Contacts in state QUEUED (an offered contact is no longer in queue). */
  waiting: { queueId: string; channel: string; enqueuedAt: number }[];
}

/** What to aggregate, with every reference resolved to an id (app/metrics/current.ts checks them). */
export interface CurrentQuery {
  queueIds?: string[];
  channels?: string[];
  profileIds?: string[];
  statusIds?: string[];
  groupings: Grouping[];
}

export interface CurrentRow {
  queue?: LiveQueue;
  channel?: string;
  profile?: LiveProfile;
  status?: LiveStatus;
  /** OLDEST_CONTACT_AGE in milliseconds here; the wire unit depends on the groupings (presentation). */
  values: MetricValues;
}

const ON_CONTACT = ['CONNECTED', 'ENDED'];
const IN_ERROR = ['MISSED', 'REJECTED', 'ERROR'];
const pairKey = (queueId: string, channel: string) => `${queueId}|${channel}`;

/**
 * One row per combination of the groupings' values (one row without groupings), in dimension
 * order: queues as listed in the snapshot (or the filter), channels as filtered (else CHAT and
 * TASK, the channels Parley routes), profiles, statuses other than OFFLINE.
 */
export function aggregateCurrent(s: LiveSnapshot, q: CurrentQuery): CurrentRow[] {
  const channels = q.channels ?? [...CHANNELS];
  const profiles = q.profileIds ? s.profiles.filter((p) => q.profileIds!.includes(p.id)) : s.profiles;
  const queueIds = q.queueIds ?? (q.profileIds ? [...new Set(profiles.flatMap((p) => p.serves.map((x) => x.queueId)))] : s.queues.filter((x) => !x.agentId).map((x) => x.id));
  const queueById = new Map(s.queues.map((x) => [x.id, x]));
  const queues = queueIds.map((id) => queueById.get(id)).filter((x): x is LiveQueue => !!x);
  const scope = new Set(queues.flatMap((x) => channels.map((c) => pairKey(x.id, c))));
  if (q.profileIds) for (const key of [...scope]) if (!profiles.some((p) => p.serves.some((x) => pairKey(x.queueId, x.channel) === key))) scope.delete(key);
  const agents = s.agents.filter((a) => a.statusType !== 'OFFLINE' && (!q.profileIds || q.profileIds.includes(a.profileId)) && (!q.statusIds || q.statusIds.includes(a.statusId)));

  let cells: { row: Omit<CurrentRow, 'values'>; pairs: Set<string> }[] = [{ row: {}, pairs: scope }];
  const narrow = (values: Omit<CurrentRow, 'values'>[], keep: (key: string, v: Omit<CurrentRow, 'values'>) => boolean) => {
    cells = cells.flatMap((c) => values.map((v) => ({ row: { ...c.row, ...v }, pairs: new Set([...c.pairs].filter((k) => keep(k, v))) })));
  };
  for (const g of q.groupings) {
    if (g === 'QUEUE') narrow(queues.map((queue) => ({ queue })), (k, v) => k.startsWith(`${v.queue!.id}|`));
    if (g === 'CHANNEL') narrow(channels.map((channel) => ({ channel })), (k, v) => k.endsWith(`|${v.channel}`));
    if (g === 'ROUTING_PROFILE') {
      const used = q.profileIds ? profiles : profiles.filter((p) => p.serves.some((x) => scope.has(pairKey(x.queueId, x.channel))));
      narrow(used.map((profile) => ({ profile })), (k, v) => v.profile!.serves.some((x) => pairKey(x.queueId, x.channel) === k));
      // A profile without any of the cell's queue-channel pairs has no row there.
      cells = cells.filter((c) => c.pairs.size);
    }
    if (g === 'AGENT_STATUS') {
      const statuses = s.statuses.filter((x) => x.type !== 'OFFLINE' && (!q.statusIds || q.statusIds.includes(x.id)));
      narrow(statuses.map((status) => ({ status })), () => true);
    }
  }
  const profileById = new Map(s.profiles.map((p) => [p.id, p]));
  return cells.map(({ row, pairs }) => ({ ...row, values: valuesOf(s, profileById, agents, pairs, row) }));
}

function valuesOf(s: LiveSnapshot, profiles: Map<string, LiveProfile>, online: LiveAgent[], pairs: Set<string>, row: Omit<CurrentRow, 'values'>): MetricValues {
  const v: MetricValues = {
    AGENTS_ONLINE: 0, AGENTS_AVAILABLE: 0, AGENTS_ON_CALL: 0, AGENTS_ON_CONTACT: 0, AGENTS_STAFFED: 0, AGENTS_AFTER_CONTACT_WORK: 0, AGENTS_ERROR: 0,
    AGENTS_NON_PRODUCTIVE: 0, CONTACTS_IN_QUEUE: 0, OLDEST_CONTACT_AGE: 0, CONTACTS_SCHEDULED: 0, SLOTS_ACTIVE: 0, SLOTS_AVAILABLE: 0,
  };
  for (const a of online) {
    if (row.profile && a.profileId !== row.profile.id) continue;
    if (row.status && a.statusId !== row.status.id) continue;
    const channels = servedChannels(profiles.get(a.profileId), a, pairs);
    if (!channels.size) continue;
    const routable = a.statusType === 'ROUTABLE' && !a.hasNextStatus;
    const slots = slotsOf(a.media, (c) => a.contacts.filter((x) => x.channel === c).length);
    const free = [...channels].reduce((n, c) => n + ((CHANNELS as readonly string[]).includes(c) && routable ? freeSlots(slots, c as Channel) : 0), 0);
    const mine = a.contacts.filter((x) => channels.has(x.channel));
    v.AGENTS_ONLINE++;
    // Available: could take an inbound contact now; any contact held (even missed) takes the agent out (§2.2).
    if (routable && !a.contacts.length && free > 0) v.AGENTS_AVAILABLE++;
    if (a.contacts.some((x) => ON_CONTACT.includes(x.state))) v.AGENTS_ON_CONTACT++;
    if (a.statusType === 'ROUTABLE') v.AGENTS_STAFFED++;
    if (a.contacts.some((x) => IN_ERROR.includes(x.state))) v.AGENTS_ERROR++;
    if (a.statusType === 'CUSTOM') v.AGENTS_NON_PRODUCTIVE++;
    // Connect counts contacts in after-contact work here, not agents, despite the name.
    v.AGENTS_AFTER_CONTACT_WORK += mine.filter((x) => x.state === 'ENDED').length;
    v.SLOTS_ACTIVE += mine.filter((x) => ON_CONTACT.includes(x.state)).length;
    v.SLOTS_AVAILABLE += free;
  }
  v.AGENTS_ON_CALL = v.AGENTS_ON_CONTACT;
  const waiting = s.waiting.filter((w) => pairs.has(pairKey(w.queueId, w.channel)));
  v.CONTACTS_IN_QUEUE = waiting.length;
  v.OLDEST_CONTACT_AGE = waiting.length ? s.now - Math.min(...waiting.map((w) => w.enqueuedAt)) : 0;
  return v;
}

/** The channels on which the agent serves one of the pairs: its profile's, or every one of its own queue. */
function servedChannels(profile: LiveProfile | undefined, a: LiveAgent, pairs: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const x of profile?.serves ?? []) if (pairs.has(pairKey(x.queueId, x.channel))) out.add(x.channel);
  for (const c of METRIC_CHANNELS) if (pairs.has(pairKey(a.id, c))) out.add(c);
  return out;
}

/** Sorts rows by one metric (Connect's default: AGENTS_ONLINE, descending); ties keep dimension order. */
export function sortRows(rows: CurrentRow[], by: ComputedMetric = 'AGENTS_ONLINE', order: 'ASCENDING' | 'DESCENDING' = 'DESCENDING'): CurrentRow[] {
  const sign = order === 'ASCENDING' ? 1 : -1;
  return rows.map((r, i) => ({ r, i })).sort((a, b) => sign * (a.r.values[by] - b.r.values[by]) || a.i - b.i).map((x) => x.r);
}
