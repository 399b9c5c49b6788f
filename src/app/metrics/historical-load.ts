import type { Kysely } from 'kysely';
import type { Database } from '../../adapters/store/schema.js';
import type { OfferOutcome } from '../../core/contact/events.js';
import type { MetricSource } from '../../core/metrics/historical-catalog.js';
import { subtypeOf, type BotFact, type OfferFact } from '../../core/metrics/historical-facts.js';
import type { DimensionFilter, HistoricalFacts } from '../../core/metrics/historical-report.js';
import type { StoredRecord } from '../../core/metrics/record.js';
import { loggedEvent } from '../contacts/events.js';

/** The contact_records column each record-driven source is attributed by (all indexed with instance_id). */
const TIME_COLUMN = { disconnect: 'disconnected_at', enqueue: 'enqueued_at', connect: 'connected_to_agent_at' } as const;
/** Filters the store can apply on indexed columns; the report applies every filter again on the facts. */
const FILTER_COLUMN = { QUEUE: 'queue_id', AGENT: 'agent_id', ROUTING_PROFILE: 'routing_profile_id', CHANNEL: 'channel' } as const;
const CHUNK = 500;

const chunks = <T>(xs: readonly T[]): T[][] => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

export interface LoadRange {
  instanceId: string;
  start: number;
  end: number;
  sources: ReadonlySet<MetricSource>;
  filters: readonly DimensionFilter[];
}

/** Reads the facts of [start, end) for the sources the requested metrics need. */
export async function loadFacts(db: Kysely<Database>, q: LoadRange): Promise<HistoricalFacts> {
  const records = async (source: keyof typeof TIME_COLUMN) => (q.sources.has(source) ? recordsBy(db, q, TIME_COLUMN[source]) : []);
  return {
    disconnect: await records('disconnect'),
    enqueue: await records('enqueue'),
    connect: await records('connect'),
    offer: q.sources.has('offer') ? await offers(db, q) : [],
    bot: q.sources.has('bot') ? await bots(db, q) : [],
  };
}

async function recordsBy(db: Kysely<Database>, q: LoadRange, column: (typeof TIME_COLUMN)[keyof typeof TIME_COLUMN]): Promise<StoredRecord[]> {
  let sel = db.selectFrom('contact_records').select('record').where('instance_id', '=', q.instanceId).where(column, '>=', q.start).where(column, '<', q.end);
  for (const f of q.filters) {
    const col = FILTER_COLUMN[f.key as keyof typeof FILTER_COLUMN];
    if (col) sel = f.values === null ? sel.where(col, 'is', null) : sel.where(col, 'in', [...f.values]);
  }
  return (await sel.execute()).map((r) => JSON.parse(r.record) as StoredRecord);
}

/** Offers made in the range, each with how it ended (the contact's later events, even past EndTime). */
async function offers(db: Kysely<Database>, q: LoadRange): Promise<OfferFact[]> {
  const made = await db.selectFrom('contact_events').select('contact_id').distinct().where('instance_id', '=', q.instanceId).where('type', '=', 'OFFERED').where('at', '>=', q.start).where('at', '<', q.end).execute();
  const out: OfferFact[] = [];
  for (const ids of chunks(made.map((m) => m.contact_id))) {
    const contacts = await db.selectFrom('contacts').select(['id', 'channel', 'initiation_method', 'segment_attributes']).where('id', 'in', ids).execute();
    const byId = new Map(contacts.map((c) => [c.id, c]));
    const rows = await db
      .selectFrom('contact_events')
      .select(['seq', 'contact_id', 'type', 'at', 'detail'])
      .where('contact_id', 'in', ids)
      .where('type', 'in', ['OFFERED', 'OFFER_ENDED', 'CONNECTED_TO_AGENT'])
      .orderBy('seq')
      .execute();
    // The offer an OFFER_ENDED or CONNECTED_TO_AGENT closes: the agent's latest open one on that contact.
    const ringing = new Map<string, OfferFact>();
    for (const e of rows.map(loggedEvent)) {
      const c = byId.get(e.contactId);
      if (!c || !('agentId' in e)) continue;
      const key = `${e.contactId}|${e.agentId}`;
      if (e.type === 'OFFERED') {
        const o: OfferFact = {
          contactId: e.contactId,
          agentId: e.agentId,
          at: e.at,
          outcome: null,
          endedAt: null,
          queueId: e.queueId,
          channel: c.channel,
          initiationMethod: c.initiation_method,
          routingProfileId: null,
          subtype: subtypeOf(JSON.parse(c.segment_attributes) as Record<string, unknown>),
        };
        out.push(o);
        ringing.set(key, o);
      } else if (e.type === 'OFFER_ENDED' || e.type === 'CONNECTED_TO_AGENT') {
        const o = ringing.get(key);
        if (o) Object.assign(o, { outcome: e.type === 'OFFER_ENDED' ? (e.outcome satisfies OfferOutcome) : 'ACCEPTED', endedAt: e.at });
        ringing.delete(key);
      }
    }
  }
  const inRange = out.filter((o) => o.at >= q.start && o.at < q.end);
  const agentIds = [...new Set(inRange.map((o) => o.agentId))];
  const profiles = new Map<string, string>();
  for (const ids of chunks(agentIds))
    for (const u of await db.selectFrom('users').select(['id', 'routing_profile_id']).where('id', 'in', ids).execute()) profiles.set(u.id, u.routing_profile_id);
  return inRange.map((o) => ({ ...o, routingProfileId: profiles.get(o.agentId) ?? null }));
}

/** ConnectParticipantWithLexBot blocks that finished in the range, from the flow logs (written while flow logging is on). */
async function bots(db: Kysely<Database>, q: LoadRange): Promise<BotFact[]> {
  const rows = await db
    .selectFrom('flow_logs')
    .innerJoin('contacts', 'contacts.id', 'flow_logs.contact_id')
    .select(['flow_logs.contact_id', 'flow_logs.at', 'flow_logs.flow_id', 'flow_logs.result', 'flow_logs.error', 'contacts.channel', 'contacts.initiation_method', 'contacts.segment_attributes'])
    .where('contacts.instance_id', '=', q.instanceId)
    .where('flow_logs.type', '=', 'ConnectParticipantWithLexBot')
    .where('flow_logs.at', '>=', q.start)
    .where('flow_logs.at', '<', q.end)
    .where((eb) => eb.or([eb('flow_logs.result', 'is not', null), eb('flow_logs.error', 'is not', null)]))
    .execute();
  return rows.map((r) => ({
    contactId: r.contact_id,
    at: Number(r.at),
    outcome: r.error === null ? 'SUCCESS' : 'FAILED',
    flowId: r.flow_id,
    channel: r.channel,
    initiationMethod: r.initiation_method,
    subtype: subtypeOf(JSON.parse(r.segment_attributes) as Record<string, unknown>),
  }));
}
