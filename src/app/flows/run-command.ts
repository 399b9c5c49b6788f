import { sql } from 'kysely';
import { afterCommit, type Tx } from '../../adapters/store/db.js';
import { attributesBytes, ATTRIBUTES_MAX_BYTES } from '../../core/chat/attributes.js';
import type { FlowCommand, FlowEvent } from '../../core/flow/commands.js';
import type { FlowExecution } from '../../core/flow/execution.js';
import { type HoursConfig, type HoursOverride, isOpen } from '../../core/routing/hours.js';
import { idFromRef } from '../arn.js';
import type { ChatRow, ContactRow } from '../chat/chat-records.js';
import { messageItem, type Who } from '../chat/system-items.js';
import type { Deps } from '../deps.js';
import type { ContactDataCache } from './contact-data.js';
import { findTarget } from './flow-refs.js';
import type { PendingContact } from './pending-contact.js';
import type { PendingEvents } from './pending-events.js';
import type { PendingItems } from './pending-items.js';
import type { PendingTimers } from './pending-timers.js';
import { queueMetrics, type QueueFigures } from './queue-metrics.js';

export interface Segment {
  chat: ChatRow;
  contact: ContactRow;
  system: Who;
  /** Writes to the contact row the run has not made yet (the runner writes them when the run ends). */
  pending: PendingContact;
  /** The run's messages, not appended yet (the runner appends them when the run stops). */
  said: PendingItems;
  /** The contact events the run logged, not written yet (written when the run stops). */
  logged: PendingEvents;
  /** The timers the run set, not written yet (written when the run stops). */
  timers: PendingTimers;
}

/** What became of a command: go on with this event, or stop the run here. */
export type CommandOutcome = { continue: FlowEvent } | { stop: 'parked' | 'ended' | 'queued' | 'external' };

const ok: CommandOutcome = { continue: { kind: 'done' } };
const fail = (type = 'NoMatchingError', detail?: string): CommandOutcome => ({ continue: { kind: 'error', type, ...(detail ? { detail } : {}) } });

/**
 * Carries out the commands that only touch the store, inside the flow's transaction. Commands
 * that need the outside world (functions, bots, views), waits and flow switches are the
 * runner's; this returns null for them.
 */
export async function runStoreCommand(deps: Deps, tx: Tx, seg: Segment, exec: FlowExecution, c: FlowCommand, cache?: ContactDataCache): Promise<CommandOutcome | null> {
  const now = deps.clock.now();
  const { chat, contact } = seg;
  switch (c.kind) {
    case 'message':
      seg.said.add(messageItem(deps.ids, contact.id, seg.system, 'text/plain', c.text));
      return ok;
    case 'set-attributes': {
      // A chat start's chat row is written with the run's items: write it before reading it.
      await seg.said.write(tx, now);
      const row = await tx.selectFrom('chats').select('attributes').where('id', '=', chat.id).executeTakeFirstOrThrow();
      const merged = { ...(JSON.parse(row.attributes) as Record<string, string>), ...c.attributes };
      // All or nothing: a flow that would exceed the limit takes the error branch and changes nothing.
      if (attributesBytes(merged) > ATTRIBUTES_MAX_BYTES) return fail();
      await tx.updateTable('chats').set({ attributes: JSON.stringify(merged) }).where('id', '=', chat.id).execute();
      chat.attributes = JSON.stringify(merged);
      seg.logged.add(contact, { type: 'CONTACT_DATA_UPDATED' }, now);
      return ok;
    }
    case 'set-queue': {
      const q = await findTarget(tx, contact.instance_id, c);
      if (!q) return fail();
      seg.pending.set({ working_queue_id: q.id, updated_at: now });
      contact.working_queue_id = q.id;
      // What the flow reads as $.Queue is this row (an agent's queue has none), and a transfer
      // checks its capacity: no need to read them again.
      if (cache) {
        cache.queue = { id: q.id, row: q.agent ? undefined : { id: q.id, name: q.name } };
        cache.capacity = { queueId: q.id, max: q.maxContacts };
      }
      return ok;
    }
    case 'enqueue': {
      if (!contact.working_queue_id || contact.state === 'QUEUED') return fail();
      // A full queue refuses the contact, which stays where it was (spec §5.8).
      const known = cache?.capacity?.queueId === contact.working_queue_id ? cache.capacity.max : undefined;
      const full = await atCapacity(deps, tx, seg, contact.working_queue_id, known);
      if (full) return fail('QueueAtCapacity', full);
      seg.pending.set({ state: 'QUEUED', queue_id: contact.working_queue_id, enqueued_at: now, updated_at: now });
      contact.state = 'QUEUED';
      contact.queue_id = contact.working_queue_id;
      seg.logged.add(contact, { type: 'QUEUED', queueId: contact.working_queue_id }, now);
      afterCommit(tx, () => deps.routing.wake());
      return ok;
    }
    case 'requeue': {
      const q = await findTarget(tx, contact.instance_id, c);
      if (!q || contact.state !== 'QUEUED') return fail();
      const full = q.id === contact.queue_id ? null : await atCapacity(deps, tx, seg, q.id);
      if (full) return fail('QueueAtCapacity', full);
      seg.pending.set({ working_queue_id: q.id, queue_id: q.id, enqueued_at: now, updated_at: now });
      contact.working_queue_id = q.id;
      contact.queue_id = q.id;
      seg.logged.add(contact, { type: 'QUEUED', queueId: q.id }, now);
      afterCommit(tx, () => deps.routing.wake());
      return ok;
    }
    case 'set-hooks': {
      const hooks = { ...(JSON.parse(contact.hooks ?? '{}') as Record<string, string>), ...c.hooks };
      seg.pending.set({ hooks: JSON.stringify(hooks) });
      contact.hooks = JSON.stringify(hooks);
      return ok;
    }
    case 'set-routing':
      // Adds to the column's own value: what is pending goes first.
      await seg.pending.write(tx);
      await tx
        .updateTable('contacts')
        .set({
          ...(c.priority !== undefined ? { queue_priority: c.priority } : {}),
          ...(c.ageAdjustSeconds !== undefined ? { queue_time_adjust_seconds: sql<number>`coalesce(queue_time_adjust_seconds, 0) + ${c.ageAdjustSeconds}` } : {}),
        })
        .where('id', '=', contact.id)
        .execute();
      return ok;
    case 'set-routing-criteria':
      seg.pending.set({ routing_criteria: JSON.stringify(c.criteria), updated_at: now });
      return ok;
    case 'update-contact': {
      const f = c.fields;
      seg.pending.set({ ...(f.Name !== undefined ? { name: f.Name } : {}), ...(f.Description !== undefined ? { description: f.Description } : {}), updated_at: now });
      if (f.CustomerId !== undefined) {
        await seg.said.write(tx, now); // the chat's row first (set-attributes)
        await tx.updateTable('chats').set({ customer_id: f.CustomerId }).where('id', '=', chat.id).execute();
      }
      // The run reads $.Name, $.Description and $.CustomerId from these rows (contact-data.ts).
      if (f.Name !== undefined) contact.name = f.Name;
      if (f.Description !== undefined) contact.description = f.Description;
      if (f.CustomerId !== undefined) chat.customer_id = f.CustomerId;
      seg.logged.add(contact, { type: 'CONTACT_DATA_UPDATED' }, now);
      return ok;
    }
    case 'check-hours':
      return checkHours(tx, contact, c.hoursRef, now);
    case 'check-metric': {
      const queueId = c.queueRef || c.agentRef ? (await findTarget(tx, contact.instance_id, c))?.id : contact.working_queue_id;
      if (!queueId) return fail();
      await seg.pending.write(tx);
      const m = await queueMetrics(tx, queueId, now);
      const value = METRIC_VALUES[c.metric]?.(m);
      return value === undefined ? fail() : { continue: { kind: 'result', value: String(value) } };
    }
    case 'get-metrics': {
      const q = c.queueRef || c.agentRef ? await findTarget(tx, contact.instance_id, c) : await workingQueue(tx, contact);
      if (!q) return fail();
      await seg.pending.write(tx);
      const m = await queueMetrics(tx, q.id, now);
      const n = (v: number) => ({ Count: String(v) });
      exec.metrics = {
        Queue: { Name: q.name, Size: String(m.inQueue), OldestContactAge: String(Math.floor(m.oldestMs / 1000)) },
        Agents: {
          Online: n(m.agentsOnline),
          Available: n(m.agentsAvailable),
          Staffed: n(m.agentsStaffed),
          AfterContactWork: n(m.agentsAfterContactWork),
          Busy: n(m.agentsOnContact),
          Missed: n(m.agentsMissed),
          NonProductive: n(m.agentsNonProductive),
        },
      };
      return ok;
    }
    default:
      return null;
  }
}

/** The contact's working queue, a standard one or an agent's. */
async function workingQueue(tx: Tx, contact: ContactRow) {
  if (!contact.working_queue_id) return undefined;
  return (await findTarget(tx, contact.instance_id, { queueRef: contact.working_queue_id })) ?? findTarget(tx, contact.instance_id, { agentRef: contact.working_queue_id });
}

/** CheckHoursOfOperation: the hours named (id, ARN or name), else the working queue's. */
async function checkHours(tx: Tx, contact: ContactRow, hoursRef: string | undefined, now: number): Promise<CommandOutcome> {
  let hoursId = hoursRef;
  if (!hoursId) {
    const queueId = contact.working_queue_id;
    if (!queueId) return fail('NoMatchingError', 'no working queue is set and no HoursOfOperationId is given');
    const queue = await tx.selectFrom('queues').select('hours_of_operation_id').where('id', '=', queueId).executeTakeFirst();
    // An agent's own queue has no hours: it is always open.
    if (!queue && (await tx.selectFrom('users').select('id').where('id', '=', queueId).executeTakeFirst())) return { continue: { kind: 'result', value: 'True' } };
    if (!queue) return fail('NoMatchingError', `the working queue ${queueId} does not exist`);
    // A queue made before hours existed (Connect requires them) keeps behaving as it did: open.
    if (!queue.hours_of_operation_id) return { continue: { kind: 'result', value: 'True' } };
    hoursId = queue.hours_of_operation_id;
  }
  const hours = await tx
    .selectFrom('hours_of_operation')
    .select(['name', 'time_zone', 'config', 'overrides'])
    .where('instance_id', '=', contact.instance_id)
    .where((eb) => eb.or([eb('id', '=', idFromRef(hoursId)), eb('name', '=', hoursId)]))
    .executeTakeFirst();
  if (!hours) return fail('NoMatchingError', `no hours of operation ${hoursId} in this instance`);
  let open: boolean;
  try {
    open = isOpen(JSON.parse(hours.config) as HoursConfig[], JSON.parse(hours.overrides) as HoursOverride[], hours.time_zone, now);
  } catch (e) {
    return fail('NoMatchingError', `the hours of operation ${hours.name} cannot be read: ${(e as Error).message}`);
  }
  return { continue: { kind: 'result', value: open ? 'True' : 'False' } };
}

/**
 * Why the queue takes no more contacts (its maximum of contacts in queue are QUEUED), or null.
 * `known`: its max_contacts as read earlier in this transaction. The queue's row is locked first,
 * and its limit read again under the lock, so that two contacts entering at once on PostgreSQL
 * cannot both take the last place; a single-writer store (SQLite) holds the whole store already.
 */
async function atCapacity(deps: Deps, tx: Tx, seg: Segment, queueId: string, known?: number | null): Promise<string | null> {
  const readMax = async () => (await tx.selectFrom('queues').select('max_contacts').where('id', '=', queueId).executeTakeFirst())?.max_contacts;
  // Whether the queue has a limit at all, unless the run read its row already (set-queue).
  const limit = known !== undefined ? known : await readMax();
  if (limit == null) return null;
  let max = limit;
  if (!deps.db.capabilities.singleWriter) {
    await tx.updateTable('queues').set((eb) => ({ max_contacts: eb.ref('max_contacts') })).where('id', '=', queueId).execute();
    const locked = await readMax();
    if (locked == null) return null;
    max = locked;
  }
  await seg.pending.write(tx);
  const row = await tx.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('queue_id', '=', queueId).where('state', '=', 'QUEUED').executeTakeFirst();
  const queued = Number(row?.n ?? 0);
  return queued >= max ? `the queue is at capacity: ${queued} contacts in queue, at most ${max}` : null;
}

/** CheckMetricData values; OldestContactInQueueAgeSeconds is compared in milliseconds, as exports do (spec §5.17). */
const METRIC_VALUES: Record<string, (m: QueueFigures) => number> = {
  NumberOfContactsInQueue: (m) => m.inQueue,
  OldestContactInQueueAgeSeconds: (m) => m.oldestMs,
  NumberOfAgentsAvailable: (m) => m.agentsAvailable,
  NumberOfAgentsStaffed: (m) => m.agentsStaffed,
  NumberOfAgentsOnline: (m) => m.agentsOnline,
};
