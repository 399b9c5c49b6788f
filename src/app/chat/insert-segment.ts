import type { Tx } from '../../adapters/store/db.js';
import type { Database } from '../../adapters/store/schema.js';
import { recordEvent } from '../contacts/events.js';

type ContactRow = Database['contacts'];

/** What a new segment must be told; everything else starts empty (no queue, no disconnect yet). */
export type NewSegment = Pick<ContactRow, 'id' | 'instance_id' | 'chat_id' | 'initiation_method' | 'channel' | 'flow_id' | 'segment_attributes'> &
  Partial<Pick<ContactRow, 'previous_contact_id' | 'related_contact_id' | 'continued_from_contact_id' | 'flow_version' | 'hooks' | 'working_queue_id' | 'queue_priority' | 'queue_time_adjust_seconds' | 'routing_criteria'>>;

/** Inserts a contact segment in state INITIATED: the first of a chat, or one that follows another. */
export async function insertSegment(tx: Tx, s: NewSegment, now: number): Promise<void> {
  await tx
    .insertInto('contacts')
    .values({
      previous_contact_id: null,
      related_contact_id: null,
      continued_from_contact_id: null,
      ...s,
      next_contact_id: null,
      state: 'INITIATED',
      queue_id: null,
      enqueued_at: null,
      initiated_at: now,
      disconnected_at: null,
      disconnect_reason: null,
      name: null,
      description: null,
      updated_at: now,
    })
    .execute();
  await recordEvent(tx, now, s, { type: 'INITIATED', method: s.initiation_method, previousContactId: s.previous_contact_id ?? null });
}
