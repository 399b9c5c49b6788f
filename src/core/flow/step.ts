import type { FlowAction, FlowDocument } from './flow-document.js';

/** What the runner must do for the flow; the results come back as the next call's `event`. */
export type FlowCommand =
  | { kind: 'message'; text: string }
  | { kind: 'set-queue'; queueRef: string }
  | { kind: 'enqueue' }
  | { kind: 'disconnect' }
  | { kind: 'end' };

export interface FlowState {
  /** The action to run next; null once the flow has ended. */
  at: string | null;
}

export type FlowEvent = { kind: 'start' } | { kind: 'ok' } | { kind: 'error'; errorType: string };

/**
 * One step of a flow: pure. Given where the flow stands and what the last command produced,
 * returns the next state and the command to run. Covers the blocks of the seeded flow; the
 * flow engine (issue 3) extends this with every chat action.
 */
export function step(flow: FlowDocument, state: FlowState, event: FlowEvent): { state: FlowState; command: FlowCommand } {
  let id = state.at;
  if (event.kind !== 'start' && id) {
    const done = find(flow, id);
    id = event.kind === 'ok' ? successTarget(done) : errorTarget(done, event.errorType);
  }
  if (!id) return { state: { at: null }, command: { kind: 'end' } };
  const action = find(flow, id);
  const p = action.Parameters ?? {};
  switch (action.Type) {
    case 'MessageParticipant':
      return { state: { at: id }, command: { kind: 'message', text: String(p.Text ?? '') } };
    case 'UpdateContactTargetQueue':
      return { state: { at: id }, command: { kind: 'set-queue', queueRef: String(p.QueueId ?? '') } };
    case 'TransferContactToQueue':
      return { state: { at: id }, command: { kind: 'enqueue' } };
    case 'DisconnectParticipant':
      return { state: { at: null }, command: { kind: 'disconnect' } };
    default:
      return { state: { at: null }, command: { kind: 'end' } };
  }
}

function find(flow: FlowDocument, id: string): FlowAction {
  const a = flow.Actions.find((x) => x.Identifier === id);
  if (!a) throw new Error(`flow has no action ${id}`);
  return a;
}

/** TransferContactToQueue ends the flow on success: its NextAction is the error edge (spec §2.2). */
function successTarget(a: FlowAction): string | null {
  if (a.Type === 'TransferContactToQueue') return null;
  return a.Transitions.NextAction ?? null;
}

function errorTarget(a: FlowAction, type: string): string | null {
  const errors = a.Transitions.Errors ?? [];
  return (
    errors.find((e) => e.ErrorType === type)?.NextAction ??
    errors.find((e) => e.ErrorType === 'NoMatchingError')?.NextAction ??
    a.Transitions.NextAction ??
    null
  );
}
