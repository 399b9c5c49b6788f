/**
 * What the step function asks the runner to do. The runner does it (in the store, or outside for
 * Lambda and bots) and feeds the outcome back as the next FlowEvent.
 */
export type FlowCommand =
  | { kind: 'message'; text: string }
  | { kind: 'set-attributes'; attributes: Record<string, string> }
  /** Set the working queue: a queue (id, ARN or name), or an agent's own queue (id, ARN or user name). */
  | { kind: 'set-queue'; queueRef?: string; agentRef?: string }
  /** Queue the contact in its working queue; the flow ends on success. */
  | { kind: 'enqueue' }
  /** Move an already queued contact to another queue (DequeueContactAndTransferToQueue). */
  | { kind: 'requeue'; queueRef?: string; agentRef?: string }
  | { kind: 'set-hooks'; hooks: Record<string, string> }
  | { kind: 'set-routing'; priority?: number; ageAdjustSeconds?: number }
  /** UpdateRoutingCriteria: the criteria (references resolved) stored on the contact for routing. */
  | { kind: 'set-routing-criteria'; criteria: RoutingCriteria }
  | { kind: 'update-contact'; fields: { Name?: string; Description?: string; LanguageCode?: string; CustomerId?: string } }
  | { kind: 'invoke-lambda'; functionArn: string; parameters: Record<string, string>; timeoutSeconds: number; responseType: 'STRING_MAP' | 'JSON' }
  | { kind: 'bot'; botRef: string; prompt: string | null; sessionAttributes: Record<string, string>; initialMessage: string | null; timeoutSeconds: number }
  | { kind: 'wait'; timeoutSeconds: number; events: string[] }
  | { kind: 'check-hours'; hoursRef?: string }
  | { kind: 'check-metric'; metric: string; queueRef?: string; agentRef?: string }
  | { kind: 'get-metrics'; queueRef?: string; agentRef?: string }
  | { kind: 'transfer-to-flow'; flowRef: string }
  | { kind: 'invoke-module'; moduleRef: string }
  | { kind: 'return-module' }
  /** ShowView: ViewData keeps its JSON shape (lists, objects) with references resolved; hideResponse: HideResponseOn TRANSCRIPT. */
  | { kind: 'show-view'; viewRef: string; data: Record<string, unknown>; timeoutSeconds: number; hideResponse?: boolean }
  /** The flow ends here: DisconnectParticipant. */
  | { kind: 'disconnect' }
  /** The flow ends without disconnecting (EndFlowExecution, or no next action). */
  | { kind: 'end' };

/** The outcome of the last command, or the start of a flow. */
export type FlowEvent =
  | { kind: 'start' }
  | { kind: 'done' }
  | { kind: 'result'; value: string }
  | { kind: 'error'; type: string; detail?: string };

/** One executed block, as Amazon Connect's flow logs show it. */
export interface FlowLogEntry {
  flowId: string;
  identifier: string;
  type: string;
  parameters: Record<string, unknown>;
  result: string | null;
  /** The ErrorType taken, if the block failed. */
  error: string | null;
  /** Why it failed, when the ErrorType alone does not say (an action Parley does not run on chat). */
  detail?: string;
  next: string | null;
}

/** UpdateRoutingCriteria's `RoutingCriteria` (spec §5.20), as Connect's DescribeContact shows it. */
export interface RoutingCriteria {
  Steps: { Expression: unknown; Expiry?: { DurationInSeconds?: number } }[];
}
