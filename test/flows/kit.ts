import { CreateContactFlowCommand, type ContactFlowType } from '@aws-sdk/client-connect';
import { GetTranscriptCommand } from '@aws-sdk/client-connectparticipant';
import type { FlowAction, FlowDocument } from '../../src/core/flow/flow-document.js';
import type { TestParley } from '../helpers/parley.js';

/** A flow in the 2019-10-30 language from its actions; the first one starts. */
export const flowOf = (...actions: FlowAction[]): FlowDocument => ({ Version: '2019-10-30', StartAction: actions[0].Identifier, Actions: actions });

export const say = (Identifier: string, Text: string, next?: string): FlowAction => ({
  Identifier,
  Type: 'MessageParticipant',
  Parameters: { Text },
  Transitions: next ? { NextAction: next, Errors: [{ ErrorType: 'NoMatchingError', NextAction: next }] } : {},
});
export const hangUp = (Identifier = 'bye'): FlowAction => ({ Identifier, Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} });
/** A Wait of `seconds` that goes on to `next` when the time is up (and on error). */
export const waitFor = (Identifier: string, seconds: number, next: string): FlowAction => ({
  Identifier,
  Type: 'Wait',
  Parameters: { TimeLimitSeconds: String(seconds) },
  Transitions: {
    NextAction: next,
    Conditions: [{ NextAction: next, Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }],
    Errors: [{ ErrorType: 'NoMatchingError', NextAction: next }],
  },
});

let n = 0;
/** Creates a flow in the seeded instance through the SDK; a fresh name unless one is given. */
export async function createFlow(p: TestParley, content: FlowDocument | string, opts: { name?: string; type?: ContactFlowType } = {}) {
  const out = await p.connect.send(
    new CreateContactFlowCommand({
      InstanceId: p.seeded.instanceId,
      Name: opts.name ?? `test flow ${++n}`,
      Type: opts.type ?? 'CONTACT_FLOW',
      Content: typeof content === 'string' ? content : JSON.stringify(content),
    }),
  );
  return { id: out.ContactFlowId!, arn: out.ContactFlowArn!, sha: out.FlowContentSha256! };
}

/** The texts the SYSTEM (the flow) has sent in a chat, in order. */
export async function flowTexts(p: TestParley, connectionToken: string): Promise<string[]> {
  const t = await p.participant.send(new GetTranscriptCommand({ ConnectionToken: connectionToken, SortOrder: 'ASCENDING', MaxResults: 100 }));
  return (t.Transcript ?? []).filter((i) => i.ParticipantRole === 'SYSTEM' && i.Type === 'MESSAGE').map((i) => i.Content ?? '');
}

/** The `problems` of an InvalidContactFlowException, as messages. */
export function problemsOf(e: unknown): string[] {
  return ((e as { problems?: { message?: string }[] }).problems ?? []).map((x) => x.message ?? '');
}

/** Runs `send`, expects it to fail, and returns the error. */
export async function rejection(send: () => Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await send();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the request to be refused');
}
