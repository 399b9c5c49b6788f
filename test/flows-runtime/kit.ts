import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import type { FlowAction, FlowDocument } from '../../src/core/flow/flow-document.js';
import { startChat, type TestChat } from '../helpers/chat.js';
import type { TestParley } from '../helpers/parley.js';
import { TestSocket, type ChatItem } from '../helpers/socket.js';

/**
 * Stores a flow in the seeded instance the way CreateContactFlow would: a flows row and its
 * version 1. Returns the flow id.
 */
export async function insertFlow(p: TestParley, actions: FlowAction[], opts: { type?: string; name?: string } = {}): Promise<string> {
  const id = randomUUID();
  const now = p.clock.now();
  const content = JSON.stringify({ Version: '2019-10-30', StartAction: actions[0].Identifier, Actions: actions } satisfies FlowDocument);
  await p.deps.db.write(async (tx) => {
    await tx.insertInto('flow_versions').values({ flow_id: id, version: 1, content, created_at: now }).execute();
    await tx
      .insertInto('flows')
      .values({
        id,
        version: 1,
        instance_id: p.seeded.instanceId,
        name: opts.name ?? `test flow ${id}`,
        type: opts.type ?? 'CONTACT_FLOW',
        description: '',
        content,
        state: 'ACTIVE',
        status: 'PUBLISHED',
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  return id;
}

/** One action of a flow, in the export's shape. */
export const act = (Identifier: string, Type: string, Parameters: Record<string, unknown>, t: { next?: string; errors?: Record<string, string>; conditions?: Record<string, string> } = {}): FlowAction => ({
  Identifier,
  Type,
  Parameters,
  Transitions: {
    ...(t.next ? { NextAction: t.next } : {}),
    Errors: Object.entries(t.errors ?? {}).map(([ErrorType, NextAction]) => ({ ErrorType, NextAction })),
    Conditions: Object.entries(t.conditions ?? {}).map(([operand, NextAction]) => ({ NextAction, Condition: { Operator: 'Equals', Operands: [operand] } })),
  },
});

export const say = (Identifier: string, Text: string, next?: string) => act(Identifier, 'MessageParticipant', { Text }, { next, errors: next ? { NoMatchingError: next } : {} });

/** Keeps the chat open (a flow that ends before queueing ends the chat) until the test is done. */
export const park = (Identifier = 'park') => act(Identifier, 'Wait', { TimeLimitSeconds: '3600' }, { next: Identifier });

/** A chat running `flowId`, its customer's socket open from the first item. */
export async function chatOn(p: TestParley, flowId: string, input: Parameters<typeof startChat>[1] = {}): Promise<{ chat: TestChat; socket: TestSocket }> {
  const chat = await startChat(p, { ContactFlowId: flowId, ...input });
  return { chat, socket: await TestSocket.open(chat.websocketUrl) };
}

/** The customer sends a text message. */
export const customerSays = (p: TestParley, chat: TestChat, text: string) =>
  p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: text }));

/** A message the flow (role SYSTEM) posted with this text. */
export const systemMessage = (socket: TestSocket, text: string | RegExp): Promise<ChatItem> =>
  socket.waitForItem((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'SYSTEM' && (typeof text === 'string' ? i.Content === text : text.test(String(i.Content))));

/** Messages the flow posted so far, in order. */
export const systemTexts = (socket: TestSocket): string[] => socket.items().filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'SYSTEM').map((i) => String(i.Content));
