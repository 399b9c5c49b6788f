import type { FlowEvent } from '../../core/flow/commands.js';
import { pauseOf, type FlowExecution, type Parked } from '../../core/flow/execution.js';
import type { Deps } from '../deps.js';
import { performExternal, publishContact } from './external.js';
import { advanceFlow, heardFromOutside } from './runner.js';

/** What a parked flow gets when its time is up. */
const ON_TIMEOUT: Record<Parked['kind'], FlowEvent> = {
  wait: { kind: 'result', value: 'WaitCompleted' },
  lambda: { kind: 'error', type: 'NoMatchingError' },
  bot: { kind: 'error', type: 'InputTimeLimitExceeded' },
  view: { kind: 'error', type: 'TimeLimitExceeded' },
};

/** The flow timer of a contact fell due: the Wait completes, or the outside call takes its error branch. */
export async function onFlowTimeout(deps: Deps, contactId: string, dueAt: number): Promise<void> {
  const next = await deps.db.write(async (tx) => {
    const row = await tx.selectFrom('contacts').select('flow_state').where('id', '=', contactId).executeTakeFirst();
    const parked = row?.flow_state ? (JSON.parse(row.flow_state) as FlowExecution).parked : null;
    // A timer of a flow that has moved on since (resumed, re-parked) is stale; read before the
    // lock, so advanceFlow checks again once it holds the segment.
    if (!parked || parked.until !== dueAt) return null;
    // A completed Wait is the flow hearing from outside (time passed); a failed call is not.
    return advanceFlow(deps, tx, contactId, ON_TIMEOUT[parked.kind], { ...pauseOf(parked), until: dueAt }, parked.kind === 'wait' ? heardFromOutside : undefined);
  });
  await publishContact(deps, contactId);
  if (next) performExternal(deps, next);
}
