import type { FlowData } from '../../src/core/flow/flow-data.js';
import type { FlowAction, FlowDocument } from '../../src/core/flow/flow-document.js';

/** Blocks per pass of the benchmark flow: Compare, UpdateContactAttributes, MessageParticipant. */
export const TRIPLE = 3;

const onError = (next: string) => [{ ErrorType: 'NoMatchingError', NextAction: next }];

/**
 * `triples` passes of Compare → UpdateContactAttributes → MessageParticipant, with references in
 * every block (the attribute compared, an attribute written from another, a message naming two),
 * as a real flow has them; the last one goes on to `next`.
 */
export function benchActions(triples: number, next: string): FlowAction[] {
  const actions: FlowAction[] = [];
  for (let i = 0; i < triples; i++) {
    const after = i + 1 < triples ? `compare-${i + 1}` : next;
    actions.push(
      {
        Identifier: `compare-${i}`,
        Type: 'Compare',
        Parameters: { ComparisonValue: '$.Attributes.tier' },
        Transitions: {
          NextAction: `set-${i}`,
          Conditions: [
            { NextAction: `set-${i}`, Condition: { Operator: 'Equals', Operands: ['gold'] } },
            { NextAction: `set-${i}`, Condition: { Operator: 'Equals', Operands: ['silver'] } },
          ],
          Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: `set-${i}` }],
        },
      },
      {
        Identifier: `set-${i}`,
        Type: 'UpdateContactAttributes',
        Parameters: { TargetContact: 'Current', Attributes: { step: String(i), greeting: 'Hello $.Attributes.name' } },
        Transitions: { NextAction: `say-${i}`, Errors: onError(`say-${i}`) },
      },
      {
        Identifier: `say-${i}`,
        Type: 'MessageParticipant',
        Parameters: { Text: 'Step $.Attributes.step for $.Attributes.name ($.Attributes.tier)' },
        Transitions: { NextAction: after, Errors: onError(after) },
      },
    );
  }
  return actions;
}

export function benchFlow(triples: number): FlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: 'compare-0',
    Actions: [...benchActions(triples, 'end'), { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }],
  };
}

/** What the flow reads: a chat contact with the attributes the blocks use. */
export const BENCH_DATA: FlowData = {
  contactId: 'c-1',
  initialContactId: 'c-1',
  previousContactId: null,
  channel: 'CHAT',
  initiationMethod: 'API',
  instanceArn: 'arn:aws:connect:us-east-1:000000000000:instance/i-1',
  region: 'us-east-1',
  customerId: null,
  name: null,
  description: null,
  languageCode: null,
  attributes: { tier: 'gold', name: 'Ada' },
  segmentAttributes: {},
  queue: null,
  agent: null,
  initialMessage: null,
  random: 0.5,
  now: Date.UTC(2026, 10, 2, 9, 0, 0),
};
