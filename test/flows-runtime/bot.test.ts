import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import type { TestSocket } from '../helpers/socket.js';
import { act, chatOn, customerSays, insertFlow, park, say, systemMessage, systemTexts } from './kit.js';

/*
 * ConnectParticipantWithLexBot through the bot port, answered by the built-in rules bot
 * (PARLEY_BOTS), driven by a customer over the SDK and watched on the customer's socket.
 */

const BANK = 'arn:aws:lex:us-east-1:123456789012:bot-alias/BANKBOT/PRODALIAS';
const BOTS = {
  [BANK]: {
    intents: [
      { name: 'CheckBalance', utterances: ['balance', 'how much money'], slots: [{ name: 'account', prompt: 'Which account: checking or savings?', values: ['checking', 'savings'] }], fulfilledMessage: 'Looking up your {account} balance.' },
      { name: 'TalkToAgent', utterances: ['agent', 'human', 'real person'] },
      { name: 'OrderPizza', utterances: ['pizza'] },
    ],
  },
  // Named as Lex classic bots are: no fallback intent, and two misses end the conversation.
  Strict: { intents: [{ name: 'Survey', utterances: ['survey'], slots: [{ name: 'score', prompt: 'From 1 to 5?', values: ['1', '2', '3', '4', '5'] }] }], fallbackIntent: null, notUnderstood: 'Say "survey" to start.', maxAttempts: 2 },
};

let p: TestParley;
beforeAll(async () => {
  p = await startTestParley({ env: { PARLEY_BOTS: JSON.stringify(BOTS) } });
});
afterAll(async () => {
  await p.stop();
});

/** A flow that talks to `bot` and says which branch it left by. */
function botFlow(bot: Record<string, unknown>) {
  return insertFlow(p, [
    act(
      'lex',
      'ConnectParticipantWithLexBot',
      { Text: 'Hi $.Attributes.name, how can I help?', LexTimeoutSeconds: { Text: '120' }, ...bot },
      {
        next: 'error',
        errors: { NoMatchingCondition: 'nomatch', InputTimeLimitExceeded: 'timeout', NoMatchingError: 'error' },
        conditions: { CheckBalance: 'balance', TalkToAgent: 'agent', FallbackIntent: 'fallback', Survey: 'survey' },
      },
    ),
    say('balance', 'Intent $.Lex.IntentName, account $.Lex.Slots.account, tier $.Lex.SessionAttributes.tier', 'park'),
    say('agent', 'branch TalkToAgent', 'park'),
    say('fallback', 'branch FallbackIntent', 'park'),
    say('survey', 'branch Survey: $.Lex.Slots.score', 'park'),
    say('nomatch', 'branch NoMatchingCondition: $.Lex.IntentName', 'park'),
    say('timeout', 'branch InputTimeLimitExceeded', 'park'),
    say('error', 'branch NoMatchingError', 'park'),
    park(),
  ]);
}

/** A bot message: role SYSTEM, display name BOT. */
const botMessage = (socket: TestSocket, text: string) =>
  socket.waitForItem((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'SYSTEM' && i.DisplayName === 'BOT' && i.Content === text);

describe('a chat with a bot', () => {
  it('prompts, asks for a slot, fulfils the intent, and the flow continues on its branch with $.Lex set', async () => {
    const flowId = await botFlow({ LexV2Bot: { AliasArn: BANK }, LexSessionAttributes: { tier: '$.Attributes.tier' } });
    const { chat, socket } = await chatOn(p, flowId, { Attributes: { name: 'Ana', tier: 'gold' } });
    await botMessage(socket, 'Hi Ana, how can I help?');

    await customerSays(p, chat, "What's my balance?");
    await botMessage(socket, 'Which account: checking or savings?');
    await customerSays(p, chat, 'Savings please');
    await botMessage(socket, 'Looking up your savings balance.');
    const done = await systemMessage(socket, 'Intent CheckBalance, account savings, tier gold');
    // The flow's own messages are the system's; the bot's are named BOT.
    expect(done.DisplayName).not.toBe('BOT');
    expect(systemTexts(socket)).toEqual(['Hi Ana, how can I help?', 'Which account: checking or savings?', 'Looking up your savings balance.', 'Intent CheckBalance, account savings, tier gold']);
  });

  it('answers messages sent one right after the other in order', async () => {
    const flowId = await botFlow({ LexV2Bot: { AliasArn: BANK } });
    const { chat, socket } = await chatOn(p, flowId);
    await customerSays(p, chat, 'how much money do I have');
    await customerSays(p, chat, 'checking');
    await systemMessage(socket, 'Intent CheckBalance, account checking, tier ');
    expect(systemTexts(socket)).toEqual(['Hi , how can I help?', 'Which account: checking or savings?', 'Looking up your checking balance.', 'Intent CheckBalance, account checking, tier ']);
  });

  it('a slot value in the first sentence is taken at once', async () => {
    const flowId = await botFlow({ LexV2Bot: { AliasArn: BANK } });
    const { chat, socket } = await chatOn(p, flowId);
    await customerSays(p, chat, 'balance of my savings');
    await systemMessage(socket, 'Intent CheckBalance, account savings, tier ');
  });

  it('LexInitializationData seeds the first turn with the chat\'s initial message', async () => {
    const flowId = await botFlow({ LexV2Bot: { AliasArn: BANK }, LexInitializationData: { InitialMessage: '$.Media.InitialMessage' } });
    const { socket } = await chatOn(p, flowId, { InitialMessage: { ContentType: 'text/plain', Content: 'I want a real person' } });
    await systemMessage(socket, 'branch TalkToAgent');
  });

  it('without it the initial message is not the bot\'s; an intent the block has no branch for is NoMatchingCondition', async () => {
    const flowId = await botFlow({ LexV2Bot: { AliasArn: BANK } });
    const { chat, socket } = await chatOn(p, flowId, { InitialMessage: { ContentType: 'text/plain', Content: 'I want a real person' } });
    await botMessage(socket, 'Hi , how can I help?');
    await customerSays(p, chat, 'one pizza');
    await systemMessage(socket, 'branch NoMatchingCondition: OrderPizza');
  });

  it('what no intent matches goes to FallbackIntent', async () => {
    const flowId = await botFlow({ LexV2Bot: { AliasArn: BANK } });
    const { chat, socket } = await chatOn(p, flowId);
    await customerSays(p, chat, 'the weather is nice');
    await systemMessage(socket, 'branch FallbackIntent');
  });

  it('a bot without a fallback asks again, and gives up (error branch) after too many misses', async () => {
    const flowId = await botFlow({ LexBot: { Name: 'Strict', Alias: 'live', Region: 'us-east-1' } });
    const { chat, socket } = await chatOn(p, flowId);
    await customerSays(p, chat, 'hello');
    await botMessage(socket, 'Say "survey" to start.');
    await customerSays(p, chat, 'ok the survey');
    await botMessage(socket, 'From 1 to 5?');
    await customerSays(p, chat, 'great');
    await customerSays(p, chat, 'very good');
    await systemMessage(socket, 'branch NoMatchingError');
  });

  it('a bot that is not configured takes the error branch at once', async () => {
    const flowId = await botFlow({ LexV2Bot: { AliasArn: 'arn:aws:lex:us-east-1:123456789012:bot-alias/NOPE/NOPE' } });
    const { socket } = await chatOn(p, flowId);
    await systemMessage(socket, 'branch NoMatchingError');
    expect(systemTexts(socket)).toEqual(['branch NoMatchingError']);
  });
});

describe('the bot conversation timeout (LexTimeoutSeconds.Text)', () => {
  it('the customer\'s silence takes InputTimeLimitExceeded', async () => {
    const flowId = await botFlow({ LexV2Bot: { AliasArn: BANK } });
    const { socket } = await chatOn(p, flowId);
    await botMessage(socket, 'Hi , how can I help?');
    p.clock.advance(120_000);
    await p.settle();
    await systemMessage(socket, 'branch InputTimeLimitExceeded');
  });

  it('each customer message restarts it', async () => {
    const flowId = await botFlow({ LexV2Bot: { AliasArn: BANK } });
    const started = p.clock.now();
    const { chat, socket } = await chatOn(p, flowId);
    p.clock.advance(100_000);
    await p.settle();
    await customerSays(p, chat, 'balance');
    await botMessage(socket, 'Which account: checking or savings?');
    // 219 s after the bot started, 119 s after the customer last wrote: still talking.
    p.clock.advance(119_000);
    await p.settle();
    p.clock.advance(1_000);
    await p.settle();
    const timedOut = await systemMessage(socket, 'branch InputTimeLimitExceeded');
    expect(Date.parse(String(timedOut.AbsoluteTime)) - started).toBe(220_000);
  });
});
