import { precompiled } from '../../adapters/store/compiled.js';
import type { Tx } from '../../adapters/store/db.js';
import type { Database } from '../../adapters/store/schema.js';
import { recordEvent } from '../contacts/events.js';
import type { ContactEvent } from '../../core/contact/events.js';
import type { ContactRow } from './chat-records.js';

type ContactColumns = Database['contacts'];

/** What a new segment must be told; everything else starts empty (no queue, no disconnect yet). */
export type NewSegment = Pick<ContactColumns, 'id' | 'instance_id' | 'chat_id' | 'initiation_method' | 'channel' | 'flow_id' | 'segment_attributes'> &
  Partial<Pick<ContactColumns, 'previous_contact_id' | 'related_contact_id' | 'continued_from_contact_id' | 'flow_version' | 'hooks' | 'working_queue_id' | 'queue_priority' | 'queue_time_adjust_seconds' | 'routing_criteria'>> & {
    /** The flow execution to store with it: the segment is then IN_FLOW (runner.ts runNewSegmentFlow runs it). */
    flow_state?: string;
  };

/** Built once per dialect (compiled.ts): every chat start runs it. */
const insert = precompiled((db, p: ContactColumns) =>
  db.insertInto('contacts').values({
    id: p.id,
    instance_id: p.instance_id,
    chat_id: p.chat_id,
    previous_contact_id: p.previous_contact_id,
    next_contact_id: p.next_contact_id,
    related_contact_id: p.related_contact_id,
    continued_from_contact_id: p.continued_from_contact_id,
    initiation_method: p.initiation_method,
    channel: p.channel,
    state: p.state,
    flow_id: p.flow_id,
    flow_version: p.flow_version,
    flow_state: p.flow_state,
    queue_id: p.queue_id,
    enqueued_at: p.enqueued_at,
    initiated_at: p.initiated_at,
    disconnected_at: p.disconnected_at,
    disconnect_reason: p.disconnect_reason,
    name: p.name,
    description: p.description,
    segment_attributes: p.segment_attributes,
    updated_at: p.updated_at,
    hooks: p.hooks,
    working_queue_id: p.working_queue_id,
    queue_priority: p.queue_priority,
    queue_time_adjust_seconds: p.queue_time_adjust_seconds,
    routing_criteria: p.routing_criteria,
    agent_id: p.agent_id,
    connected_to_agent_at: p.connected_to_agent_at,
  }),
);

/**
 * A new segment's row, in state INITIATED (IN_FLOW when it comes with its flow execution), as
 * insertSegment stores it: the first of a chat, or one that follows another.
 */
export function segmentRow(s: NewSegment, now: number): ContactRow {
  return {
    id: s.id,
    instance_id: s.instance_id,
    chat_id: s.chat_id,
    previous_contact_id: s.previous_contact_id ?? null,
    next_contact_id: null,
    related_contact_id: s.related_contact_id ?? null,
    continued_from_contact_id: s.continued_from_contact_id ?? null,
    initiation_method: s.initiation_method,
    channel: s.channel,
    state: s.flow_state ? 'IN_FLOW' : 'INITIATED',
    flow_id: s.flow_id,
    flow_version: s.flow_version ?? null,
    flow_state: s.flow_state ?? null,
    queue_id: null,
    enqueued_at: null,
    initiated_at: now,
    disconnected_at: null,
    disconnect_reason: null,
    name: null,
    description: null,
    segment_attributes: s.segment_attributes,
    updated_at: now,
    hooks: s.hooks ?? null,
    working_queue_id: s.working_queue_id ?? null,
    queue_priority: s.queue_priority ?? null,
    queue_time_adjust_seconds: s.queue_time_adjust_seconds ?? null,
    routing_criteria: s.routing_criteria ?? null,
    agent_id: null,
    connected_to_agent_at: null,
  };
}

/** Writes a segment's row (segmentRow's, perhaps changed since). */
export async function insertSegmentRow(tx: Tx, row: ContactRow): Promise<void> {
  await insert.defer(tx, row);
}

/** A segment's first event, at its initiated_at. */
export const initiatedEvent = (row: ContactRow): ContactEvent => ({ type: 'INITIATED', method: row.initiation_method, previousContactId: row.previous_contact_id });

/** Inserts a new segment (segmentRow) and logs its INITIATED. Returns the row as stored. */
export async function insertSegment(tx: Tx, s: NewSegment, now: number): Promise<ContactRow> {
  const row = segmentRow(s, now);
  await insertSegmentRow(tx, row);
  await recordEvent(tx, now, row, initiatedEvent(row));
  return row;
}
