import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlow, flowOf, hangUp } from '../flows/kit.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { TestSocket } from '../helpers/socket.js';
import { isEvent } from '../scenario/kit.js';
import { customer, filtered, metrics, metricsV2, rowOf, send } from './kit.js';

/*
 * BOT_CONVERSATIONS_COMPLETED from the flow logs of ConnectParticipantWithLexBot, answered by the
 * built-in bot (PARLEY_BOTS): one conversation fulfils its intent (SUCCESS), one fails after two
 * answers the bot cannot use (FAILED), one is still going when the query runs (not completed).
 */

const HELLO = 'arn:aws:lex:us-east-1:123456789012:bot-alias/HELLOBOT/LIVE';
const BOTS = {
  [HELLO]: {
    intents: [
      { name: 'Greet', utterances: ['hello'] },
      { name: 'Survey', utterances: ['survey'], slots: [{ name: 'score', prompt: 'From 1 to 5?', values: ['1', '2', '3', '4', '5'] }] },
    ],
    maxAttempts: 2,
  },
};

let p: TestParley;
let flowId: string;
beforeAll(async () => {
  p = await startTestParley({ env: { PARLEY_BOTS: JSON.stringify(BOTS) } });
  const flow = await createFlow(
    p,
    flowOf(
      { Identifier: 'logging', Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: 'Enabled' }, Transitions: { NextAction: 'lex' } },
      {
        Identifier: 'lex',
        Type: 'ConnectParticipantWithLexBot',
        Parameters: { Text: 'How can I help?', LexV2Bot: { AliasArn: HELLO } },
        Transitions: {
          NextAction: 'bye',
          Errors: [
            { ErrorType: 'NoMatchingCondition', NextAction: 'bye' },
            { ErrorType: 'NoMatchingError', NextAction: 'bye' },
          ],
          Conditions: [{ NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['Greet'] } }],
        },
      },
      hangUp('bye'),
    ),
    { name: 'Bot front door' },
  );
  flowId = flow.id;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await p.stop();
});

const sockets: TestSocket[] = [];
/** A customer of the bot flow with its socket open, to see the bot answer and the chat end. */
async function botCustomer() {
  const c = await customer(p, flowId);
  const socket = await TestSocket.open(c.websocketUrl);
  sockets.push(socket);
  return { ...c, socket };
}
const ended = (socket: TestSocket) => socket.waitForItem(isEvent('chat.ended'));
const PROMPT = 'From 1 to 5?';
/** Resolves once the bot has asked for the score `n` times. */
const asked = (socket: TestSocket, n: number) => socket.waitForItem((i) => i.Content === PROMPT && socket.items().filter((x) => x.Content === PROMPT).length >= n);

describe('bot conversations completed', () => {
  it('counts finished conversations by outcome, in the flow that ran them', async () => {
    const T = p.clock.now();
    const happy = await botCustomer();
    await send(p, happy.token, 'hello there');
    await ended(happy.socket);
    p.clock.advance(60_000);
    const unhappy = await botCustomer();
    await send(p, unhappy.token, 'survey');
    await asked(unhappy.socket, 1);
    await send(p, unhappy.token, 'banana');
    await asked(unhappy.socket, 2);
    await send(p, unhappy.token, 'banana');
    await ended(unhappy.socket);
    p.clock.advance(60_000);
    // Still talking to the bot: not completed.
    const talking = await botCustomer();
    await send(p, talking.token, 'survey');
    await asked(talking.socket, 1);
    p.clock.advance(60_000);

    const results = await metricsV2(p, {
      StartTime: new Date(T),
      EndTime: new Date(p.clock.now()),
      Filters: [{ FilterKey: 'FLOWS_RESOURCE_ID', FilterValues: [flowId] }],
      Groupings: ['FLOWS_RESOURCE_ID'],
      Metrics: [
        ...metrics('BOT_CONVERSATIONS_COMPLETED'),
        filtered('BOT_CONVERSATIONS_COMPLETED', 'BOT_CONVERSATION_OUTCOME_TYPE', ['SUCCESS']),
        filtered('BOT_CONVERSATIONS_COMPLETED', 'BOT_CONVERSATION_OUTCOME_TYPE', ['FAILED']),
      ],
    });
    expect(rowOf(results, { FLOWS_RESOURCE_ID: flowId })).toEqual({
      BOT_CONVERSATIONS_COMPLETED: 2,
      'BOT_CONVERSATIONS_COMPLETED[BOT_CONVERSATION_OUTCOME_TYPE=SUCCESS]': 1,
      'BOT_CONVERSATIONS_COMPLETED[BOT_CONVERSATION_OUTCOME_TYPE=FAILED]': 1,
    });
  });
});
