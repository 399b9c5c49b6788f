/**
 * A contact segment's flow execution: plain JSON stored with the segment, pinned to the flow
 * version it started on, so that it survives restarts and a flow edit never changes a running
 * contact.
 */
export interface FlowFrame {
  flowId: string;
  version: number;
  /** The InvokeFlowModule action of the caller that resumes when the module returns. */
  returnTo: string;
  flowAttributes: Record<string, string>;
}

import type { FlowCommand } from './commands.js';

/**
 * A bot conversation (ConnectParticipantWithLexBot), stored with the flow so that it survives a
 * restart and needs no memory in the bot: what the block asked for, the customer's messages not yet
 * answered, and the state the bot handed back last.
 */
export interface BotConversation {
  prompt: string | null;
  initialMessage: string | null;
  sessionAttributes: Record<string, string>;
  /** LexTimeoutSeconds.Text: the customer's silence that ends the conversation (InputTimeLimitExceeded). */
  timeoutSeconds: number;
  /** The prompt was posted and the initial message queued. */
  started: boolean;
  /** Customer messages waiting for the bot, oldest first. */
  pending: string[];
  /** Counts the bot's answers: an answer computed for an older turn is dropped. */
  turn: number;
  dialog?: unknown;
}

/**
 * What a flow is parked on, and until when (domain ms) at the latest. `seq` numbers the pauses of
 * an execution (absent in executions stored before it existed), so that an outcome meant for one
 * pause never resumes a later one of the same kind.
 */
export type Parked = { seq?: number } & (
  | { kind: 'wait'; events: string[]; until: number }
  | { kind: 'lambda'; until: number }
  | ({ kind: 'bot'; until: number; botRef: string; sessionId: string } & Partial<BotConversation>)
  /** `invocation`: the view_invocations row once the view was shown to the chat. */
  | { kind: 'view'; until: number; invocation?: string }
);

/** The pause an outcome answers: its kind, its number, and (for its timer) when it was due. */
export interface PauseRef {
  kind: Parked['kind'];
  seq?: number;
  until?: number;
}

/** The pause a parked flow waits on, to hand to whatever will resume it. */
export const pauseOf = (p: Parked): PauseRef => ({ kind: p.kind, ...(p.seq !== undefined ? { seq: p.seq } : {}) });

/** Whether an outcome for `ref` may resume a flow parked on `parked`. */
export const answers = (parked: Parked | null, ref: PauseRef): boolean =>
  parked?.kind === ref.kind && parked.seq === ref.seq && (ref.until === undefined || parked.until === ref.until);

/**
 * Work done since the flow last heard from outside (a Wait completing, customer input, a bot's
 * turn): blocks run and outside calls made. A flow whose error branch leads back to a failing call
 * would otherwise loop, one transaction after another, until the chat's deadline.
 */
export interface Spins {
  blocks: number;
  calls: number;
}

export interface FlowExecution {
  flowId: string;
  version: number;
  /** The action being run (waiting for its outcome), or the next to run; null once the flow ended. */
  at: string | null;
  stack: FlowFrame[];
  flowAttributes: Record<string, string>;
  /** The last Lambda response ($.External). */
  external: unknown;
  /** The last bot interaction ($.Lex). */
  lex: Record<string, unknown> | null;
  /** The last view response ($.Views: Action and ViewResultData); optional in executions stored before views ran. */
  views?: { Action: string | null; ViewResultData: Record<string, unknown> } | null;
  /** The last queue metrics loaded by GetMetricData ($.Metrics). */
  metrics: Record<string, unknown> | null;
  storedCustomerInput: string | null;
  /** Loop counters by flow id and action Identifier. */
  loops: Record<string, number>;
  /** Flow logs on (UpdateFlowLoggingBehavior); inherited by later segments. */
  logging: boolean;
  parked: Parked | null;
  /** The number of the last pause (Parked.seq); absent in executions stored before it existed. */
  pauses?: number;
  /** Absent: none yet. */
  spins?: Spins;
}

export function newExecution(flowId: string, version: number, startAction: string, logging = false): FlowExecution {
  return {
    flowId,
    version,
    at: startAction,
    stack: [],
    flowAttributes: {},
    external: null,
    lex: null,
    metrics: null,
    storedCustomerInput: null,
    loops: {},
    logging,
    parked: null,
  };
}

/** What a flow parks on for a `bot` command. */
export function parkOnBot(c: Extract<FlowCommand, { kind: 'bot' }>, until: number, sessionId: string): Parked {
  return {
    kind: 'bot',
    until,
    botRef: c.botRef,
    sessionId,
    prompt: c.prompt,
    initialMessage: c.initialMessage,
    sessionAttributes: c.sessionAttributes,
    timeoutSeconds: c.timeoutSeconds,
    started: false,
    pending: [],
    turn: 0,
  };
}
