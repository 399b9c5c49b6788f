import { CreateContactFlowCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe as suite, expect, it } from 'vitest';
import { DEFAULT_CUSTOMER_QUEUE_FLOW_NAME, DEFAULT_DISCONNECT_FLOW_NAME, DISCONNECT_TEXTS } from '../../src/core/flow/default-flows.js';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { TestSocket } from '../helpers/socket.js';
import { addBot, describe, flowMessage, isEvent, leave, say } from './kit.js';

/** When the non-customer side leaving starts the disconnect flow (CustomerRemaining), and when it does not. */
let p: TestParley;
const sockets: TestSocket[] = [];
let flows = 0;
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await p.stop();
});

/** Routing criteria preferring one agent for 30 s, as a flow sets them. */
const PREFERRED_AGENT = {
  Steps: [{ Expression: { AttributeCondition: { ComparisonOperator: 'Match', MatchCriteria: { AgentsCriteria: { AgentIds: ['agent-7'] } } } }, Expiry: { DurationInSeconds: '30' } }],
};

/** An inbound flow: the CustomerRemaining hook (when given), queue priority 2, routing criteria, BasicQueue, transfer. */
async function inboundFlow(hook?: string): Promise<string> {
  const next = (to: string) => ({ NextAction: to, Errors: [{ ErrorType: 'NoMatchingError', NextAction: to }] });
  const actions = [
    ...(hook ? [{ Identifier: 'hooks', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { CustomerRemaining: hook } }, Transitions: next('priority') }] : []),
    { Identifier: 'priority', Type: 'UpdateContactRoutingBehavior', Parameters: { QueuePriority: '2' }, Transitions: next('criteria') },
    { Identifier: 'criteria', Type: 'UpdateContactRoutingCriteria', Parameters: { RoutingCriteria: PREFERRED_AGENT }, Transitions: next('queue') },
    { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: p.seeded.basicQueueId }, Transitions: next('transfer') },
    { Identifier: 'transfer', Type: 'TransferContactToQueue', Transitions: next('bye') },
    { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ];
  const content = JSON.stringify({ Version: '2019-10-30', StartAction: actions[0].Identifier, Actions: actions });
  const created = await p.connect.send(new CreateContactFlowCommand({ InstanceId: p.seeded.instanceId, Name: `Inbound ${++flows}`, Type: 'CONTACT_FLOW', Content: content }));
  return created.ContactFlowId!;
}

async function chatOn(flowId: string, attributes?: Record<string, string>) {
  const chat = await startChat(p, { ContactFlowId: flowId, Attributes: attributes });
  const socket = await TestSocket.open(chat.websocketUrl);
  sockets.push(socket);
  return { chat, socket };
}

/** The bot leaves; resolves once the customer saw it go, and a message sent after it came back (items arrive in order). */
async function botLeavesQuietly(c: Awaited<ReturnType<typeof chatOn>>, token: string, botId: string) {
  await leave(p, token);
  await c.socket.waitForItem((i) => isEvent('participant.left')(i) && i.ParticipantId === botId);
  const after = await say(p, c.chat.connectionToken, 'Hello?');
  await c.socket.waitForItem((i) => i.Id === after.Id);
  expect(c.socket.items().some((i) => i.Content === DISCONNECT_TEXTS.agentLeft)).toBe(false);
  const contact = await describe(p, c.chat.contactId);
  expect(contact.DisconnectTimestamp).toBeUndefined();
  expect(contact.QueueInfo?.Id).toBe(p.seeded.basicQueueId);
}

suite('CustomerRemaining', () => {
  it('without a disconnect flow, the bot just leaves and the chat goes on as it was', async () => {
    const c = await chatOn(await inboundFlow());
    const bot = await addBot(p, c.chat.contactId);
    sockets.push(bot.socket);
    await botLeavesQuietly(c, bot.connectionToken, bot.id);
  });

  it('ignores a hook that names no inbound flow (a customer queue flow, or nothing that exists)', async () => {
    // Named through an attribute: a flow that names them statically is refused when it is saved.
    const flowId = await inboundFlow('$.Attributes.disconnectFlow');
    for (const disconnectFlow of [DEFAULT_CUSTOMER_QUEUE_FLOW_NAME, p.seeded.customerQueueFlowId, 'no such flow']) {
      const c = await chatOn(flowId, { disconnectFlow });
      const bot = await addBot(p, c.chat.contactId);
      sockets.push(bot.socket);
      await botLeavesQuietly(c, bot.connectionToken, bot.id);
    }
  });

  it('runs only when the last bot leaves, finds the flow by name, and carries priority, routing criteria and working queue to the new segment', async () => {
    const c = await chatOn(await inboundFlow(DEFAULT_DISCONNECT_FLOW_NAME));
    const first = await addBot(p, c.chat.contactId, 'First bot');
    const second = await addBot(p, c.chat.contactId, 'Second bot');
    sockets.push(first.socket, second.socket);
    await botLeavesQuietly(c, first.connectionToken, first.id);

    await leave(p, second.connectionToken);
    const notice = await flowMessage(c.socket, DISCONNECT_TEXTS.agentLeft);
    const segment = notice.ContactId as string;
    expect(segment).not.toBe(c.chat.contactId);
    // Not on the wire (DescribeContact has no priority): read from the store.
    const rows = await p.deps.db.kysely.selectFrom('contacts').select(['id', 'queue_priority', 'working_queue_id', 'next_contact_id']).where('chat_id', '=', c.chat.contactId).orderBy('initiated_at').execute();
    expect(rows).toEqual([
      { id: c.chat.contactId, queue_priority: 2, working_queue_id: p.seeded.basicQueueId, next_contact_id: segment },
      { id: segment, queue_priority: 2, working_queue_id: p.seeded.basicQueueId, next_contact_id: null },
    ]);
    const criteria = await p.deps.db.kysely.selectFrom('contacts').select('routing_criteria').where('chat_id', '=', c.chat.contactId).execute();
    expect(criteria.map((r) => JSON.parse(r.routing_criteria ?? 'null')?.Steps?.[0]?.Expiry)).toEqual([{ DurationInSeconds: 30 }, { DurationInSeconds: 30 }]);
    await say(p, c.chat.connectionToken, "Hey, I'm back");
    await flowMessage(c.socket, DISCONNECT_TEXTS.welcomeBack);
    expect((await describe(p, segment)).QueueInfo?.Id).toBe(p.seeded.basicQueueId);
  });

  it('does not run when the customer leaves: the chat ends', async () => {
    const c = await chatOn(await inboundFlow(DEFAULT_DISCONNECT_FLOW_NAME));
    const bot = await addBot(p, c.chat.contactId);
    sockets.push(bot.socket);
    await leave(p, c.chat.connectionToken);
    await c.socket.waitForItem(isEvent('chat.ended'));
    expect(c.socket.items().some((i) => i.Content === DISCONNECT_TEXTS.agentLeft)).toBe(false);
    expect((await describe(p, c.chat.contactId)).DisconnectReason).toBe('CUSTOMER_DISCONNECT');
  });
});
