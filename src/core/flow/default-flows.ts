import type { FlowAction, FlowDocument } from './flow-document.js';

/**
 * The flows seeded in the default instance, written in the flow language as a user would write
 * them (and readable with DescribeContactFlow): the inbound chat flow, the seed scenario's
 * disconnect flow (DESIGN.md) and the default customer queue flow.
 */

export const DEFAULT_GREETING = 'Thanks for reaching out. You are in the queue, and an agent will be with you shortly.';
export const DEFAULT_INBOUND_FLOW_NAME = 'Default inbound chat';
export const DEFAULT_DISCONNECT_FLOW_NAME = 'Default chat disconnect';
/** Connect's name for the flow a queued customer gets when no CustomerQueue hook names another. */
export const DEFAULT_CUSTOMER_QUEUE_FLOW_NAME = 'Default customer queue';

/** The contact attribute naming the agent a customer was last with, recorded when an agent joins (routing). */
export const LAST_AGENT_ATTRIBUTE = 'lastAgentId';
/** How long the disconnect flow waits for the customer to come back, as AWS's sample disconnect flow does. */
export const DISCONNECT_WAIT_SECONDS = 900;
/** How often the customer queue flow reminds a queued customer, and how many reminders it sends at most. */
export const QUEUE_REMINDER_SECONDS = 120;
export const QUEUE_REMINDERS = 5;

export const DISCONNECT_TEXTS = {
  agentLeft: 'The agent has left the chat. If you write again within 15 minutes, we will pick up where you left off.',
  welcomeBack: 'Welcome back! We are connecting you again.',
  timedOut: 'We did not hear from you, so we are closing this chat. You can start a new chat at any time.',
  error: 'Something went wrong on our side, so we are closing this chat. Please start a new chat.',
  nobody: 'Sorry, nobody can take your chat right now. Please start a new chat later.',
} as const;
export const QUEUE_REMINDER_TEXT = 'Thanks for waiting. All our agents are busy; one will be with you as soon as possible.';

const message = (Identifier: string, Text: string, next: string): FlowAction => ({
  Identifier,
  Type: 'MessageParticipant',
  Parameters: { Text },
  Transitions: { NextAction: next, Errors: [{ ErrorType: 'NoMatchingError', NextAction: next }] },
});
const onError = (next: string) => [{ ErrorType: 'NoMatchingError', NextAction: next }];
const equals = (value: string, next: string) => ({ NextAction: next, Condition: { Operator: 'Equals', Operands: [value] } });
const transfer = (Identifier: string, onFailure: string): FlowAction => ({
  Identifier,
  Type: 'TransferContactToQueue',
  Transitions: { NextAction: onFailure, Errors: [{ ErrorType: 'QueueAtCapacity', NextAction: onFailure }, ...onError(onFailure)] },
});
const disconnect: FlowAction = { Identifier: 'disconnect', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };

/** The seeded inbound chat flow: flow logs on, greet, set the disconnect flow, set BasicQueue as the working queue, transfer to it. */
export function defaultInboundFlow(basicQueueArn: string, disconnectFlowArn: string): FlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: 'logging',
    Metadata: {
      entryPointPosition: { x: 40, y: 40 },
      ActionMetadata: {
        'set-disconnect-flow': { parameters: { EventHooks: { CustomerRemaining: { displayName: DEFAULT_DISCONNECT_FLOW_NAME } } } },
        'set-queue': { parameters: { QueueId: { displayName: 'BasicQueue' } } },
      },
    },
    Actions: [
      { Identifier: 'logging', Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: 'Enabled' }, Transitions: { NextAction: 'greeting' } },
      message('greeting', DEFAULT_GREETING, 'set-disconnect-flow'),
      {
        Identifier: 'set-disconnect-flow',
        Type: 'UpdateContactEventHooks',
        Parameters: { EventHooks: { CustomerRemaining: disconnectFlowArn } },
        Transitions: { NextAction: 'set-queue', Errors: onError('set-queue') },
      },
      {
        Identifier: 'set-queue',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: basicQueueArn },
        Transitions: { NextAction: 'transfer', Errors: onError('disconnect') },
      },
      transfer('transfer', 'disconnect'),
      disconnect,
    ],
  };
}

/**
 * The seed scenario's disconnect flow (CustomerRemaining): tell the customer, Wait for them. When
 * they write again: back to the previous agent if that agent is available (the agent's queue),
 * else to the previous queue (the working queue carried over), else disconnect. When the Wait
 * runs out, or fails: a last message and disconnect.
 */
export function defaultDisconnectFlow(): FlowDocument {
  const lastAgent = `$.Attributes.${LAST_AGENT_ATTRIBUTE}`;
  return {
    Version: '2019-10-30',
    StartAction: 'agent-left',
    Metadata: { entryPointPosition: { x: 40, y: 40 } },
    Actions: [
      message('agent-left', DISCONNECT_TEXTS.agentLeft, 'wait-for-customer'),
      {
        Identifier: 'wait-for-customer',
        Type: 'Wait',
        Parameters: { TimeLimitSeconds: String(DISCONNECT_WAIT_SECONDS), Events: ['CustomerReturned'] },
        Transitions: {
          NextAction: 'wait-error',
          Errors: onError('wait-error'),
          Conditions: [equals('CustomerReturned', 'welcome-back'), equals('WaitCompleted', 'timed-out')],
        },
      },
      message('welcome-back', DISCONNECT_TEXTS.welcomeBack, 'remember-queue'),
      {
        // The previous queue, should the agent's queue refuse the contact after it became the working queue.
        Identifier: 'remember-queue',
        Type: 'UpdateFlowAttributes',
        Parameters: { FlowAttributes: { previousQueue: { Value: '$.Queue.ARN' } } },
        Transitions: { NextAction: 'previous-agent-available', Errors: onError('previous-agent-available') },
      },
      {
        Identifier: 'previous-agent-available',
        Type: 'CheckMetricData',
        Parameters: { MetricType: 'NumberOfAgentsAvailable', AgentId: lastAgent },
        Transitions: {
          NextAction: 'to-previous-queue',
          Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'to-previous-queue' }, ...onError('to-previous-queue')],
          Conditions: [{ NextAction: 'set-previous-agent', Condition: { Operator: 'NumberGreaterThan', Operands: ['0'] } }],
        },
      },
      {
        Identifier: 'set-previous-agent',
        Type: 'UpdateContactTargetQueue',
        Parameters: { AgentId: lastAgent },
        Transitions: { NextAction: 'to-previous-agent', Errors: onError('to-previous-queue') },
      },
      transfer('to-previous-agent', 'restore-queue'),
      {
        Identifier: 'restore-queue',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: '$.FlowAttributes.previousQueue' },
        Transitions: { NextAction: 'to-previous-queue', Errors: onError('nobody') },
      },
      transfer('to-previous-queue', 'nobody'),
      message('nobody', DISCONNECT_TEXTS.nobody, 'disconnect'),
      message('timed-out', DISCONNECT_TEXTS.timedOut, 'disconnect'),
      message('wait-error', DISCONNECT_TEXTS.error, 'disconnect'),
      disconnect,
    ],
  };
}

/** The default customer queue flow: a reminder every QUEUE_REMINDER_SECONDS, QUEUE_REMINDERS times, then the customer waits quietly. */
export function defaultCustomerQueueFlow(): FlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: 'wait',
    Metadata: { entryPointPosition: { x: 40, y: 40 } },
    Actions: [
      {
        Identifier: 'wait',
        Type: 'Wait',
        Parameters: { TimeLimitSeconds: String(QUEUE_REMINDER_SECONDS) },
        Transitions: { NextAction: 'end', Errors: onError('end'), Conditions: [equals('WaitCompleted', 'remind')] },
      },
      message('remind', QUEUE_REMINDER_TEXT, 'loop'),
      {
        Identifier: 'loop',
        Type: 'Loop',
        Parameters: { LoopCount: String(QUEUE_REMINDERS - 1) },
        Transitions: { NextAction: 'end', Conditions: [equals('ContinueLooping', 'wait'), equals('DoneLooping', 'end')] },
      },
      // The contact stays queued: ending a customer queue flow only ends the reminders.
      { Identifier: 'end', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} },
    ],
  };
}

export const DEFAULT_QUEUE_TRANSFER_FLOW_NAME = 'Default queue transfer';
export const DEFAULT_AGENT_TRANSFER_FLOW_NAME = 'Default agent transfer';
export const TRANSFER_TEXT = 'You are being transferred. Please stay with us.';

/**
 * The seeded transfer flows (types QUEUE_TRANSFER and AGENT_TRANSFER), for quick connects: the
 * quick connect has set the working queue (the queue, or the agent's own queue), so the flow tells
 * the customer and transfers; a full queue ends the chat with an apology.
 */
export function defaultTransferFlow(): FlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: 'tell',
    Metadata: { entryPointPosition: { x: 40, y: 40 } },
    Actions: [message('tell', TRANSFER_TEXT, 'transfer'), transfer('transfer', 'nobody'), message('nobody', DISCONNECT_TEXTS.nobody, 'disconnect'), disconnect],
  };
}
