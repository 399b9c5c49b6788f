import type { Channel, QueueConfig, QueueReference, RoutingProfileQueue } from '../api/types';
import { wholeNumber } from '../ui/form-checks';
import type { QueueConfigDraft } from './queue-configs-editor';

/** Connect takes at most 10 queues per Associate/Disassociate/UpdateRoutingProfileQueues call. */
export const QUEUES_PER_CALL = 10;

/** What saving the queue editor sends: queues to remove, to add, and to change in place. */
export interface QueueChanges {
  remove: QueueReference[];
  add: QueueConfig[];
  update: QueueConfig[];
}

const key = (queueId: string, channel: string) => `${queueId}:${channel}`;

/** The editor's rows as QueueConfigs, or the message for the first bad row (a queue and channel may appear once). */
export function parseQueueRows(rows: readonly QueueConfigDraft[]): { configs: QueueConfig[]; error?: string } {
  const configs: QueueConfig[] = [];
  const seen = new Set<string>();
  for (const [i, r] of rows.entries()) {
    const priority = wholeNumber(r.priority, 'Priority', 1, 99);
    const delay = wholeNumber(r.delay, 'Delay', 0, 9999);
    if (!r.queueId) return { configs, error: `Queue ${i + 1}: choose a queue.` };
    if (priority.value === undefined || delay.value === undefined) return { configs, error: `Queue ${i + 1}: priority 1 to 99 and delay 0 to 9999 seconds.` };
    if (seen.has(key(r.queueId, r.channel))) return { configs, error: `Queue ${i + 1}: this queue is already listed for ${r.channel}.` };
    seen.add(key(r.queueId, r.channel));
    configs.push({ QueueReference: { QueueId: r.queueId, Channel: r.channel as Channel }, Priority: priority.value, Delay: delay.value });
  }
  return { configs };
}

/** The profile's current queues as editor rows. */
export const draftsOf = (current: readonly RoutingProfileQueue[]): QueueConfigDraft[] =>
  current.map((q) => ({ queueId: q.QueueId, channel: q.Channel, priority: String(q.Priority), delay: String(q.Delay) }));

/** The calls that turn `current` into `wanted`; a queue whose priority and delay did not change is left alone. */
export function queueChanges(current: readonly RoutingProfileQueue[], wanted: readonly QueueConfig[]): QueueChanges {
  const before = new Map(current.map((q) => [key(q.QueueId, q.Channel), q]));
  const after = new Set(wanted.map((c) => key(c.QueueReference.QueueId, c.QueueReference.Channel)));
  const remove = current.filter((q) => !after.has(key(q.QueueId, q.Channel))).map((q) => ({ QueueId: q.QueueId, Channel: q.Channel as Channel }));
  const add: QueueConfig[] = [];
  const update: QueueConfig[] = [];
  for (const c of wanted) {
    const old = before.get(key(c.QueueReference.QueueId, c.QueueReference.Channel));
    if (!old) add.push(c);
    else if (old.Priority !== c.Priority || old.Delay !== c.Delay) update.push(c);
  }
  return { remove, add, update };
}

/** Splits a list into the calls' sizes. */
export function chunks<T>(list: readonly T[], size = QUEUES_PER_CALL): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
