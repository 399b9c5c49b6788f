import type { Tx } from '../../adapters/store/db.js';
import { appendItems } from '../../adapters/store/items-repo.js';
import type { FlowDocument } from '../../core/flow/flow-document.js';
import { step, type FlowEvent } from '../../core/flow/step.js';
import { DISCONNECT_REASONS } from '../../core/contact/contact-state.js';
import { idFromRef } from '../arn.js';
import type { Deps } from '../deps.js';
import { endChat } from './end-chat.js';
import { messageItem, type Who } from './system-items.js';

const MAX_STEPS = 1000;

/**
 * Runs a flow on a new contact inside its start transaction, until it queues the contact, ends
 * or disconnects. Only blocks that finish at once are supported here; the durable runner with
 * Waits, bots and Lambda calls replaces this with the flow engine (issue 3).
 */
export async function runInboundFlow(
  deps: Deps,
  tx: Tx,
  flow: FlowDocument,
  ctx: { chatId: string; contactId: string; instanceId: string; system: Who; now: number },
): Promise<void> {
  let targetQueue: string | null = null;
  let { state, command } = step(flow, { at: flow.StartAction }, { kind: 'start' });
  await tx.updateTable('contacts').set({ state: 'IN_FLOW' }).where('id', '=', ctx.contactId).execute();
  for (let i = 0; i < MAX_STEPS; i++) {
    let event: FlowEvent = { kind: 'ok' };
    switch (command.kind) {
      case 'message':
        await appendItems(tx, ctx.chatId, [messageItem(deps.ids, ctx.contactId, ctx.system, 'text/plain', command.text)], ctx.now);
        break;
      case 'set-queue': {
        const ref = command.queueRef;
        const q = await tx
          .selectFrom('queues')
          .select('id')
          .where('instance_id', '=', ctx.instanceId)
          .where((eb) => eb.or([eb('id', '=', idFromRef(ref)), eb('name', '=', ref)]))
          .executeTakeFirst();
        if (q) targetQueue = q.id;
        else event = { kind: 'error', errorType: 'NoMatchingError' };
        break;
      }
      case 'enqueue':
        if (!targetQueue) {
          event = { kind: 'error', errorType: 'NoMatchingError' };
          break;
        }
        await tx
          .updateTable('contacts')
          .set({ state: 'QUEUED', queue_id: targetQueue, enqueued_at: ctx.now, updated_at: ctx.now })
          .where('id', '=', ctx.contactId)
          .execute();
        return;
      case 'disconnect':
      case 'end':
        // A chat whose inbound flow ends without queueing it is disconnected, as in Connect.
        await endChat(tx, deps.ids, ctx.chatId, DISCONNECT_REASONS.flow, ctx.now);
        return;
    }
    ({ state, command } = step(flow, state, event));
  }
  await endChat(tx, deps.ids, ctx.chatId, DISCONNECT_REASONS.flow, ctx.now);
}
