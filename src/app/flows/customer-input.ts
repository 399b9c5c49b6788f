import type { Tx } from '../../adapters/store/db.js';
import type { FlowExecution } from '../../core/flow/execution.js';
import type { Deps } from '../deps.js';
import { advanceFlow, type ExternalCall } from './runner.js';

/**
 * A customer message, already in the transcript, reaches the flow of the current segment when it
 * is parked on a Wait that listens for CustomerReturned (spec §5.5): the Wait ends on that
 * branch, in the same transaction as the message. Returns undefined when no flow took it.
 */
export async function customerSpoke(deps: Deps, tx: Tx, contactId: string): Promise<ExternalCall | null | undefined> {
  const row = await tx.selectFrom('contacts').select('flow_state').where('id', '=', contactId).executeTakeFirst();
  const parked = row?.flow_state ? (JSON.parse(row.flow_state) as FlowExecution).parked : null;
  if (parked?.kind === 'wait' && parked.events.includes('CustomerReturned'))
    return advanceFlow(deps, tx, contactId, { kind: 'result', value: 'CustomerReturned' }, 'wait');
  return undefined;
}
