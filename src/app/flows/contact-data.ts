import type { Tx } from '../../adapters/store/db.js';
import type { FlowData } from '../../core/flow/flow-data.js';
import { arns } from '../arn.js';
import type { ChatRow, ContactRow } from '../chat/chat-records.js';
import type { Deps } from '../deps.js';

/**
 * What a run has loaded already: the working queue (reloaded when a command changes it) and the
 * first customer message (found once: it cannot change while the run holds the chat).
 */
export interface ContactDataCache {
  queue?: { id: string | null; row: { id: string; name: string } | undefined };
  first?: { content: string | null } | undefined;
  /** The maximum of contacts of the queue a command of this run read (run-command.ts), for TransferContactToQueue. */
  capacity?: { queueId: string; max: number | null };
}

/**
 * What the flow may read about its contact, for one step. With a cache, a run queries the store
 * only for what changed since its last step; the rest comes from the rows the commands keep up to
 * date (run-command.ts).
 */
export async function contactData(deps: Deps, tx: Tx, chat: ChatRow, contact: ContactRow, cache: ContactDataCache = {}): Promise<FlowData> {
  const a = arns(deps.config);
  if (!cache.queue || cache.queue.id !== contact.working_queue_id) {
    const row = contact.working_queue_id
      ? await tx.selectFrom('queues').select(['id', 'name']).where('id', '=', contact.working_queue_id).executeTakeFirst()
      : undefined;
    cache.queue = { id: contact.working_queue_id, row };
  }
  const queue = cache.queue.row;
  cache.first ??= await tx
    .selectFrom('items')
    .select('content')
    .where('chat_id', '=', chat.id)
    .where('role', '=', 'CUSTOMER')
    .where('type', '=', 'MESSAGE')
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst()
    .then((r) => ({ content: r?.content ?? null }));
  const first = cache.first;
  return {
    contactId: contact.id,
    initialContactId: chat.id,
    previousContactId: contact.previous_contact_id,
    channel: 'CHAT',
    initiationMethod: contact.initiation_method,
    instanceArn: a.instance(contact.instance_id),
    region: deps.config.region,
    customerId: chat.customer_id,
    name: contact.name,
    description: contact.description,
    languageCode: null,
    attributes: JSON.parse(chat.attributes) as Record<string, string>,
    segmentAttributes: JSON.parse(contact.segment_attributes) as FlowData['segmentAttributes'],
    queue: queue ? { id: queue.id, name: queue.name, arn: a.queue(contact.instance_id, queue.id) } : null,
    agent: null,
    initialMessage: first?.content ?? null,
    random: Math.random(),
    now: deps.clock.now(),
  };
}
