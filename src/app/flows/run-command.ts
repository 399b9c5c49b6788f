import { sql } from 'kysely';
import type { Tx } from '../../adapters/store/db.js';
import { appendItems } from '../../adapters/store/items-repo.js';
import { attributesBytes, ATTRIBUTES_MAX_BYTES } from '../../core/chat/attributes.js';
import type { FlowCommand, FlowEvent } from '../../core/flow/commands.js';
import type { FlowExecution } from '../../core/flow/execution.js';
import type { ChatRow, ContactRow } from '../chat/chat-records.js';
import { messageItem, type Who } from '../chat/system-items.js';
import type { Deps } from '../deps.js';
import { findQueue } from './flow-refs.js';
import { queueMetrics } from './queue-metrics.js';

export interface Segment {
  chat: ChatRow;
  contact: ContactRow;
  system: Who;
}

/** What became of a command: go on with this event, or stop the run here. */
export type CommandOutcome = { continue: FlowEvent } | { stop: 'parked' | 'ended' | 'queued' | 'external' };

const ok: CommandOutcome = { continue: { kind: 'done' } };
const fail = (type = 'NoMatchingError'): CommandOutcome => ({ continue: { kind: 'error', type } });

/**
 * Carries out the commands that only touch the store, inside the flow's transaction. Commands
 * that need the outside world (functions, bots, views), waits and flow switches are the
 * runner's; this returns null for them.
 */
export async function runStoreCommand(deps: Deps, tx: Tx, seg: Segment, exec: FlowExecution, c: FlowCommand): Promise<CommandOutcome | null> {
  const now = deps.clock.now();
  const { chat, contact } = seg;
  switch (c.kind) {
    case 'message':
      await appendItems(tx, chat.id, [messageItem(deps.ids, contact.id, seg.system, 'text/plain', c.text)], now);
      return ok;
    case 'set-attributes': {
      const row = await tx.selectFrom('chats').select('attributes').where('id', '=', chat.id).executeTakeFirstOrThrow();
      const merged = { ...(JSON.parse(row.attributes) as Record<string, string>), ...c.attributes };
      // All or nothing: a flow that would exceed the limit takes the error branch and changes nothing.
      if (attributesBytes(merged) > ATTRIBUTES_MAX_BYTES) return fail();
      await tx.updateTable('chats').set({ attributes: JSON.stringify(merged) }).where('id', '=', chat.id).execute();
      chat.attributes = JSON.stringify(merged);
      return ok;
    }
    case 'set-queue': {
      // Agents (and their own queues) arrive with routing; until then an agent reference does not resolve.
      const q = c.queueRef ? await findQueue(tx, contact.instance_id, c.queueRef) : undefined;
      if (!q) return fail();
      await tx.updateTable('contacts').set({ working_queue_id: q.id, updated_at: now }).where('id', '=', contact.id).execute();
      contact.working_queue_id = q.id;
      return ok;
    }
    case 'enqueue': {
      if (!contact.working_queue_id || contact.state === 'QUEUED') return fail();
      await tx
        .updateTable('contacts')
        .set({ state: 'QUEUED', queue_id: contact.working_queue_id, enqueued_at: now, updated_at: now })
        .where('id', '=', contact.id)
        .execute();
      contact.state = 'QUEUED';
      contact.queue_id = contact.working_queue_id;
      return ok;
    }
    case 'requeue': {
      // Agents' own queues arrive with routing; until then only a queue reference resolves.
      const q = c.queueRef ? await findQueue(tx, contact.instance_id, c.queueRef) : undefined;
      if (!q || contact.state !== 'QUEUED') return fail();
      await tx
        .updateTable('contacts')
        .set({ working_queue_id: q.id, queue_id: q.id, enqueued_at: now, updated_at: now })
        .where('id', '=', contact.id)
        .execute();
      contact.working_queue_id = q.id;
      contact.queue_id = q.id;
      return ok;
    }
    case 'set-hooks': {
      const hooks = { ...(JSON.parse(contact.hooks ?? '{}') as Record<string, string>), ...c.hooks };
      await tx.updateTable('contacts').set({ hooks: JSON.stringify(hooks) }).where('id', '=', contact.id).execute();
      contact.hooks = JSON.stringify(hooks);
      return ok;
    }
    case 'set-routing':
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
      await tx.updateTable('contacts').set({ routing_criteria: JSON.stringify(c.criteria), updated_at: now }).where('id', '=', contact.id).execute();
      return ok;
    case 'update-contact': {
      const f = c.fields;
      await tx
        .updateTable('contacts')
        .set({ ...(f.Name !== undefined ? { name: f.Name } : {}), ...(f.Description !== undefined ? { description: f.Description } : {}), updated_at: now })
        .where('id', '=', contact.id)
        .execute();
      if (f.CustomerId !== undefined) await tx.updateTable('chats').set({ customer_id: f.CustomerId }).where('id', '=', chat.id).execute();
      return ok;
    }
    case 'check-hours':
      // Hours of operation arrive with the routing configuration; until then every queue is open.
      return contact.working_queue_id || c.hoursRef ? { continue: { kind: 'result', value: 'True' } } : fail();
    case 'check-metric': {
      // Agents (and their own queues) arrive with routing; until then an agent reference does not resolve.
      if (c.agentRef) return fail();
      const queueId = c.queueRef ? (await findQueue(tx, contact.instance_id, c.queueRef))?.id : contact.working_queue_id;
      if (!queueId) return fail();
      const m = await queueMetrics(tx, queueId, now);
      const value = METRIC_VALUES[c.metric]?.(m);
      return value === undefined ? fail() : { continue: { kind: 'result', value: String(value) } };
    }
    case 'get-metrics': {
      if (c.agentRef) return fail();
      const q = c.queueRef ? await findQueue(tx, contact.instance_id, c.queueRef) : contact.working_queue_id ? await findQueue(tx, contact.instance_id, contact.working_queue_id) : undefined;
      if (!q) return fail();
      const m = await queueMetrics(tx, q.id, now);
      exec.metrics = {
        Queue: { Name: q.name, Size: String(m.inQueue), OldestContactAge: String(Math.floor(m.oldestMs / 1000)) },
        Agents: { Online: { Count: '0' }, Available: { Count: '0' }, Staffed: { Count: '0' }, AfterContactWork: { Count: '0' }, Busy: { Count: '0' }, Missed: { Count: '0' }, NonProductive: { Count: '0' } },
      };
      return ok;
    }
    default:
      return null;
  }
}

/** CheckMetricData values; OldestContactInQueueAgeSeconds is compared in milliseconds, as exports do (spec §5.17). */
const METRIC_VALUES: Record<string, (m: { inQueue: number; oldestMs: number; agentsAvailable: number; agentsStaffed: number; agentsOnline: number }) => number> = {
  NumberOfContactsInQueue: (m) => m.inQueue,
  OldestContactInQueueAgeSeconds: (m) => m.oldestMs,
  NumberOfAgentsAvailable: (m) => m.agentsAvailable,
  NumberOfAgentsStaffed: (m) => m.agentsStaffed,
  NumberOfAgentsOnline: (m) => m.agentsOnline,
};
