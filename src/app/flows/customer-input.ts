import { precompiled } from '../../adapters/store/compiled.js';
import type { Tx } from '../../adapters/store/db.js';
import type { StoredItem } from '../../core/chat/items.js';
import { pauseOf, type FlowExecution } from '../../core/flow/execution.js';
import type { Deps } from '../deps.js';
import { botInput } from './bots.js';
import { advanceFlow, heardFromOutside, type ExternalCall } from './runner.js';
import { viewInput } from './views.js';

const flowStateOf = (lock: boolean) =>
  precompiled((db, p: { contactId: string }) =>
    db
      .selectFrom('contacts')
      .select('flow_state')
      .where('id', '=', p.contactId)
      .$if(lock, (q) => q.forNoKeyUpdate()),
  );
/** The contact's row lock, as lockSegment's no-op update takes it, with the read. */
const lockedFlowState = flowStateOf(true);
/** A single writer needs no row lock (SQLite has no FOR UPDATE). */
const plainFlowState = flowStateOf(false);

/**
 * Flow states (their exact JSON) that hear no customer message: parsing one cost about 2 µs per
 * message on the message path, where a chat's state stays the same between messages (a Wait
 * parked without CustomerReturned, while the agent talks). The verdict depends on the string
 * alone, so a state seen here gets the answer parsing it would give; any change is a new string.
 */
const unheard = new Set<string>();
const UNHEARD_MAX = 4096;

/**
 * (On PostgreSQL, adapters/store/append-at-once.ts repeats in SQL when this function does nothing,
 * to append plain messages in one statement: a change to what a parked flow hears changes it too.)
 *
 * A customer message, just written to the transcript (`message`), reaches the flow of the current segment when it
 * is in a bot conversation (the bot answers it after commit), answers a view the flow showed
 * (ShowView: the flow goes on in the message's transaction), or is parked on a Wait that listens
 * for CustomerReturned (spec §5.5): the Wait ends on that branch, in the same transaction as the
 * message. Returns undefined when no flow took it. The message's transaction holds the chat's
 * lock already (its append bumped the chat's sequence), which every writer of a flow's state
 * takes first (lock-segment.ts); `flowState` is the segment's, when the append read it already.
 */
export async function customerSpoke(deps: Deps, tx: Tx, contactId: string, message: StoredItem, flowState?: string | null): Promise<ExternalCall | null | undefined> {
  const state =
    flowState !== undefined ? flowState : ((await (deps.db.capabilities.singleWriter ? plainFlowState : lockedFlowState).first(tx, { contactId }))?.flow_state ?? null);
  if (!state || !flowHearsCustomer(state)) return undefined;
  const parked = (JSON.parse(state) as FlowExecution).parked ?? null;
  // A bot in conversation with the chat comes first (DESIGN.md: bot, then a parked Wait, then the agent).
  if (parked?.kind === 'bot') return botInput(deps, tx, contactId, message.content);
  // A view shown to the customer waits for their interactive.response (views.ts).
  if (parked?.kind === 'view') return viewInput(deps, tx, contactId, message);
  // Otherwise a Wait for CustomerReturned (flowHearsCustomer): it ends on that branch.
  if (parked?.kind === 'wait') return advanceFlow(deps, tx, contactId, { kind: 'result', value: 'CustomerReturned' }, pauseOf(parked), heardFromOutside);
  return undefined;
}

/**
 * Whether customerSpoke would hand a customer's message to the flow in state `state` (a contact's
 * flow_state): a bot in conversation, a view shown, or a Wait for CustomerReturned. When not, it
 * does nothing, and SendMessage may append without it (message-decided-first.ts).
 */
export function flowHearsCustomer(state: string | null): boolean {
  if (!state || unheard.has(state)) return false;
  const parked = (JSON.parse(state) as FlowExecution).parked ?? null;
  if (parked?.kind === 'bot' || parked?.kind === 'view' || (parked?.kind === 'wait' && parked.events.includes('CustomerReturned'))) return true;
  if (unheard.size >= UNHEARD_MAX) unheard.clear();
  unheard.add(state);
  return false;
}

