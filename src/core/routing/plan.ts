/**
 * The routing decision, pure: which waiting contact goes to which agent. The pipeline of
 * DESIGN.md: queue order (the agent's routing-profile priority for the queue, then the contact's
 * routing priority, then its age) → agent filters (the caller passes only routable agents; here:
 * the routing profile's queues and delays, free slots per channel and cross-channel behaviour) →
 * selection (the agent idle longest chooses first) → the caller claims each offer atomically.
 */

export const CHANNELS = ['CHAT', 'TASK'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface WaitingContact {
  id: string;
  queueId: string;
  channel: Channel;
  /** QueuePriority (UpdateContactRoutingBehavior / routing data): lower is served first; Connect's default is 5. */
  priority: number;
  /** When the contact entered its queue (ms). */
  enqueuedAt: number;
  /** Seconds added to the contact's age by QueueTimeAdjustmentSeconds (older is served first). */
  ageAdjustSeconds: number;
  /** Agents who missed or rejected this contact and have not cleared it: not offered it again. */
  excludedAgents?: readonly string[];
}

export interface QueueConfig {
  queueId: string;
  channel: Channel;
  /** 1–99, lower first. An agent's own queue has priority 0: a contact sent to the agent comes first. */
  priority: number;
  /** The contact must have waited this long (ms) before this agent may get it. */
  delayMs: number;
}

export interface ChannelSlots {
  max: number;
  /** Slots held: offered, connected, in after-contact work, missed, rejected or in error. */
  held: number;
  /** ROUTE_CURRENT_CHANNEL_ONLY: while a contact of this channel is held, nothing of another channel is offered. */
  exclusive: boolean;
}

export interface RoutableAgent {
  id: string;
  /** Since when the agent is idle (last offer or last activity): the longest idle chooses first. */
  idleSince: number;
  slots: Partial<Record<Channel, ChannelSlots>>;
  queues: readonly QueueConfig[];
}

export interface PlannedOffer {
  contactId: string;
  agentId: string;
  channel: Channel;
}

/** A routing profile's MediaConcurrencies entry, as Connect's API has it. */
export interface MediaConcurrency {
  Channel: string;
  Concurrency: number;
  CrossChannelBehavior?: { BehaviorType?: string };
}

/**
 * An agent's slots per routed channel from its profile's MediaConcurrencies and what it holds per
 * channel. Without a CrossChannelBehavior a channel is exclusive (ROUTE_CURRENT_CHANNEL_ONLY), as
 * in Connect; channels Parley does not route are left out.
 */
export function slotsOf(media: readonly MediaConcurrency[], held: (channel: Channel) => number): Partial<Record<Channel, ChannelSlots>> {
  const slots: Partial<Record<Channel, ChannelSlots>> = {};
  for (const m of media) {
    if (!(CHANNELS as readonly string[]).includes(m.Channel)) continue;
    const channel = m.Channel as Channel;
    slots[channel] = { max: m.Concurrency, held: held(channel), exclusive: m.CrossChannelBehavior?.BehaviorType !== 'ROUTE_ANY_CHANNEL' };
  }
  return slots;
}

/** Free slots on `channel` given what the agent holds on every channel. */
export function freeSlots(slots: RoutableAgent['slots'], channel: Channel): number {
  const mine = slots[channel];
  if (!mine) return 0;
  for (const c of CHANNELS) {
    const other = slots[c];
    if (c !== channel && other && other.held > 0 && other.exclusive) return 0;
  }
  return Math.max(0, mine.max - mine.held);
}

/** Service order within a queue: routing priority, then effective age (oldest first), then id for a total order. */
const serviceOrder = (a: WaitingContact, b: WaitingContact): number =>
  a.priority - b.priority || a.enqueuedAt - a.ageAdjustSeconds * 1000 - (b.enqueuedAt - b.ageAdjustSeconds * 1000) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The contacts of one queue and channel, in service order: the unit a routing pass reads. */
export const bucketKey = (queueId: string, channel: Channel): string => `${queueId}|${channel}`;

/** Whether the agent could take a contact of some channel now. */
export const hasFreeSlot = (agent: Pick<RoutableAgent, 'slots'>): boolean => CHANNELS.some((c) => freeSlots(agent.slots, c) > 0);

export interface HeadsPlan {
  offers: PlannedOffer[];
  /**
   * Partial buckets whose loaded heads ran out while an agent looked for a contact in them: the
   * plan is only valid when this is empty; otherwise read more of these buckets and plan again.
   */
  short: Set<string>;
}

/**
 * Plans the offers of one routing pass at `now`. Agents choose in order of idleness; each takes its
 * best waiting contact, then (having just been offered one) goes to the back of the line, until no
 * agent can take any contact. The result: no contact waits while an eligible agent has a free slot,
 * no agent exceeds its slots, and each queue is served in priority and age order. Cost: about
 * O((agents + offers) · queues per profile · log agents) when few contacts are excluded or delayed.
 */
export function planOffers(contacts: readonly WaitingContact[], agents: readonly RoutableAgent[], now: number): PlannedOffer[] {
  return planHeads(contacts, agents, now, new Set()).offers;
}

/**
 * planOffers when `contacts` holds only the heads (a prefix in service order) of the buckets in
 * `partial`, and all of every other bucket. Agents only ever look at a bucket from its head until
 * the first contact they may take, so a plan in which no look went past the loaded heads of a
 * partial bucket is the plan of the whole queue; `short` names the buckets where one did.
 */
export function planHeads(contacts: readonly WaitingContact[], agents: readonly RoutableAgent[], now: number, partial: ReadonlySet<string>): HeadsPlan {
  const pass: Pass = { buckets: new Map(), ofQueue: new Map(), partial, taken: new Set(), short: new Set(), now };
  for (const c of contacts) bucketOf(pass, c.queueId, c.channel).list.push(c);
  for (const b of pass.buckets.values()) b.list.sort(serviceOrder);

  // Agents without a free slot could take nothing: they are left out of the line from the start.
  const line = new AgentLine(agents.filter(hasFreeSlot).map((a) => ({ agent: a, idleSince: a.idleSince, slots: cloneSlots(a.slots) })));
  const offers: PlannedOffer[] = [];
  for (let entry = line.pop(); entry; entry = line.pop()) {
    const pick = bestFor(entry, pass);
    if (!pick) continue; // nothing for this agent now: it leaves the pass
    pass.taken.add(pick.id);
    entry.slots[pick.channel]!.held++;
    offers.push({ contactId: pick.id, agentId: entry.agent.id, channel: pick.channel });
    entry.idleSince = now;
    if (hasFreeSlot(entry)) line.push(entry);
  }
  return { offers, short: pass.short };
}

/** The contacts of a queue and channel read for the pass, in service order, and where the first not yet taken is. */
interface Bucket {
  key: string;
  list: WaitingContact[];
  head: number;
}

/** The state of one planning pass. */
interface Pass {
  buckets: Map<string, Bucket>;
  /** Buckets by the queue entry of a profile (agents of a profile share its entries): no key is built per look. */
  ofQueue: Map<QueueConfig, Bucket>;
  partial: ReadonlySet<string>;
  taken: Set<string>;
  short: Set<string>;
  now: number;
}

function bucketOf(pass: Pass, queueId: string, channel: Channel): Bucket {
  const key = bucketKey(queueId, channel);
  let b = pass.buckets.get(key);
  if (!b) pass.buckets.set(key, (b = { key, list: [], head: 0 }));
  return b;
}

function bucketOfQueue(pass: Pass, q: QueueConfig): Bucket {
  let b = pass.ofQueue.get(q);
  if (!b) pass.ofQueue.set(q, (b = bucketOf(pass, q.queueId, q.channel)));
  return b;
}

interface LineEntry {
  agent: RoutableAgent;
  idleSince: number;
  slots: RoutableAgent['slots'];
}

function cloneSlots(s: RoutableAgent['slots']): RoutableAgent['slots'] {
  const out: RoutableAgent['slots'] = {};
  for (const c of CHANNELS) if (s[c]) out[c] = { ...s[c]! };
  return out;
}

/** The agent’s best contact: lowest profile priority for its queue, then the queue's service order. */
function bestFor(entry: LineEntry, pass: Pass): WaitingContact | null {
  let best: WaitingContact | null = null;
  let bestPriority = Infinity;
  for (const q of entry.agent.queues) {
    if (q.priority > bestPriority || freeSlots(entry.slots, q.channel) === 0) continue;
    const bucket = bucketOfQueue(pass, q);
    const list = bucket.list;
    // Contacts taken in this pass are skipped once and for all at the head of the list.
    let i = bucket.head;
    while (i < list.length && pass.taken.has(list[i].id)) i++;
    bucket.head = i;
    for (; i < list.length; i++) {
      const c = list[i];
      if (pass.taken.has(c.id) || c.excludedAgents?.includes(entry.agent.id) || pass.now - c.enqueuedAt < q.delayMs) continue;
      if (q.priority < bestPriority || !best || serviceOrder(c, best) < 0) {
        best = c;
        bestPriority = q.priority;
      }
      break;
    }
    if (i === list.length && pass.partial.has(bucket.key)) pass.short.add(bucket.key);
  }
  return best;
}

/** Agents by idleness (a binary heap): the one idle longest first, ties by id for a stable order. */
class AgentLine {
  private heap: LineEntry[] = [];
  constructor(entries: LineEntry[]) {
    for (const e of entries) this.push(e);
  }
  private less(a: LineEntry, b: LineEntry): boolean {
    return a.idleSince < b.idleSince || (a.idleSince === b.idleSince && a.agent.id < b.agent.id);
  }
  push(e: LineEntry): void {
    const h = this.heap;
    h.push(e);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }
  pop(): LineEntry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
