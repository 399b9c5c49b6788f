import type { Tx } from '../../adapters/store/db.js';
import type { StoredItem } from '../../core/chat/items.js';
import { pauseOf, type FlowExecution } from '../../core/flow/execution.js';
import type { Deps } from '../deps.js';
import { botInput } from './bots.js';
import { lockSegment } from './lock-segment.js';
import { advanceFlow, heardFromOutside, type ExternalCall } from './runner.js';
import { viewInput } from './views.js';

/**
 * A customer message, just written to the transcript (`message`), reaches the flow of the current segment when it
 * is in a bot conversation (the bot answers it after commit), answers a view the flow showed
 * (ShowView: the flow goes on in the message's transaction), or is parked on a Wait that listens
 * for CustomerReturned (spec §5.5): the Wait ends on that branch, in the same transaction as the
 * message. Returns undefined when no flow took it.
 */
export async function customerSpoke(deps: Deps, tx: Tx, contactId: string, message: StoredItem): Promise<ExternalCall | null | undefined> {
  // The message's transaction holds the chat already; the segment is read under its lock.
  await lockSegment(tx, contactId);
  const row = await tx.selectFrom('contacts').select('flow_state').where('id', '=', contactId).executeTakeFirst();
  const exec = row?.flow_state ? (JSON.parse(row.flow_state) as FlowExecution) : null;
  const parked = exec?.parked ?? null;
  // A bot in conversation with the chat comes first (DESIGN.md: bot, then a parked Wait, then the agent).
  if (parked?.kind === 'bot') return botInput(deps, tx, contactId, message.content);
  // A view shown to the customer waits for their interactive.response (views.ts).
  if (parked?.kind === 'view') return viewInput(deps, tx, contactId, message);
  if (parked?.kind === 'wait' && parked.events.includes('CustomerReturned'))
    return advanceFlow(deps, tx, contactId, { kind: 'result', value: 'CustomerReturned' }, pauseOf(parked), heardFromOutside);
  return undefined;
}
