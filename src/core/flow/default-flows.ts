import type { FlowDocument } from './flow-document.js';

export const DEFAULT_GREETING = 'Thanks for reaching out. You are in the queue, and an agent will be with you shortly.';

/** The seeded inbound chat flow: greet, set BasicQueue as the working queue, transfer to it. */
export function defaultInboundFlow(basicQueueArn: string): FlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: 'greeting',
    Metadata: {
      entryPointPosition: { x: 40, y: 40 },
      ActionMetadata: { 'set-queue': { parameters: { QueueId: { displayName: 'BasicQueue' } } } },
    },
    Actions: [
      {
        Identifier: 'greeting',
        Type: 'MessageParticipant',
        Parameters: { Text: DEFAULT_GREETING },
        Transitions: { NextAction: 'set-queue', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'set-queue' }] },
      },
      {
        Identifier: 'set-queue',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: basicQueueArn },
        Transitions: { NextAction: 'transfer', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'disconnect' }] },
      },
      {
        Identifier: 'transfer',
        Type: 'TransferContactToQueue',
        Transitions: {
          NextAction: 'disconnect',
          Errors: [
            { ErrorType: 'QueueAtCapacity', NextAction: 'disconnect' },
            { ErrorType: 'NoMatchingError', NextAction: 'disconnect' },
          ],
        },
      },
      { Identifier: 'disconnect', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}
