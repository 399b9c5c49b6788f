import { describe, expect, it } from 'vitest';
import { parseBotDefinitions } from '../../src/adapters/bots/bot-definitions.js';
import { BuiltinBot } from '../../src/adapters/bots/builtin-bot.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { UnknownBotError } from '../../src/core/flow/bot.js';

/* The built-in rules bot on its own: how it reads PARLEY_BOTS and how it holds a conversation. */

const definitions = (raw: unknown) => {
  const problems: string[] = [];
  const bots = parseBotDefinitions(JSON.stringify(raw), problems);
  return { bots, problems };
};

const bank = new BuiltinBot(
  definitions({
    Bank: {
      intents: [
        { name: 'CheckBalance', utterances: ['balance', 'how much money'], slots: [{ name: 'account', prompt: 'Which account?', values: ['checking', 'savings'] }, { name: 'note', prompt: 'Any note?' }] },
        { name: 'Close', utterances: ['close account', 'close my account now'] },
        { name: 'Account', utterances: ['account'] },
      ],
    },
  }).bots,
);
const turn = (text: string, dialog?: unknown) => bank.converse({ botRef: 'Bank', sessionId: 's', text, sessionAttributes: { a: '1' }, dialog });

describe('the built-in bot', () => {
  it('picks the intent whose utterance words all appear, the longest match first, in any case and punctuation', async () => {
    expect(await turn('CLOSE my account, please!')).toMatchObject({ state: 'Fulfilled', intent: 'Close' });
    expect(await turn('about my account')).toMatchObject({ state: 'Fulfilled', intent: 'Account' });
    expect(await turn('How much MONEY?')).toMatchObject({ state: 'ElicitSlot', intent: 'CheckBalance', messages: ['Which account?'] });
  });

  it('fills slots one by one, keeps unlisted slot replies whole, and hands its state back each turn', async () => {
    const first = await turn('balance');
    const second = await turn('my savings one', first.dialog);
    expect(second).toMatchObject({ state: 'ElicitSlot', messages: ['Any note?'], slots: { account: 'savings' } });
    const third = await turn('  call me back ', second.dialog);
    expect(third).toEqual({ state: 'Fulfilled', intent: 'CheckBalance', slots: { account: 'savings', note: 'call me back' }, messages: [], sessionAttributes: { a: '1' } });
  });

  it('asks again for a listed slot value it did not get, then fails after maxAttempts (3 by default)', async () => {
    let t = await turn('balance');
    t = await turn('hmm', t.dialog);
    expect(t).toMatchObject({ state: 'ElicitSlot', messages: ['Which account?'] });
    t = await turn('what', t.dialog);
    expect(t.state).toBe('ElicitSlot');
    expect(await turn('no idea', t.dialog)).toMatchObject({ state: 'Failed', intent: 'CheckBalance' });
  });

  it('fulfils FallbackIntent when nothing matches', async () => {
    expect(await turn('tell me a joke')).toMatchObject({ state: 'Fulfilled', intent: 'FallbackIntent', messages: [] });
  });

  it('finds a bot by alias ARN, by its bot id in the ARN, or by name with a Lex classic alias', async () => {
    const { bots } = definitions({ 'arn:aws:lex:us-east-1:1:bot-alias/B1/A1': { intents: [{ name: 'X', utterances: ['x'] }] }, B2: { intents: [{ name: 'Y', utterances: ['y'] }] } });
    const bot = new BuiltinBot(bots);
    expect(bot.has('arn:aws:lex:us-east-1:1:bot-alias/B1/A1')).toBe(true);
    expect(bot.has('arn:aws:lex:eu-west-1:2:bot-alias/B2/OTHER')).toBe(true);
    expect(bot.has('B2:$LATEST')).toBe(true);
    expect(bot.has('B3')).toBe(false);
    expect(bot.has('constructor')).toBe(false);
    await expect(bot.converse({ botRef: 'B3', sessionId: 's', text: 'x', sessionAttributes: {} })).rejects.toBeInstanceOf(UnknownBotError);
  });
});

describe('PARLEY_BOTS', () => {
  it('reports each malformed definition by where it is', () => {
    const { bots, problems } = definitions({
      Good: { intents: [{ name: 'A', utterances: ['a'] }] },
      NoIntents: { intents: [] },
      BadIntent: { intents: [{ name: 'A' }] },
      BadSlot: { intents: [{ name: 'A', utterances: ['a'], slots: [{ name: 's' }] }] },
      BadFallback: { intents: [{ name: 'A', utterances: ['a'] }], fallbackIntent: 7 },
      BadAttempts: { intents: [{ name: 'A', utterances: ['a'] }], maxAttempts: 0 },
    });
    expect(Object.keys(bots)).toEqual(['Good']);
    expect(problems).toEqual([
      expect.stringContaining('PARLEY_BOTS["NoIntents"]'),
      expect.stringContaining('PARLEY_BOTS["BadIntent"].intents[0]'),
      expect.stringContaining('PARLEY_BOTS["BadSlot"].intents[0].slots'),
      expect.stringContaining('PARLEY_BOTS["BadFallback"].fallbackIntent'),
      expect.stringContaining('PARLEY_BOTS["BadAttempts"].maxAttempts'),
    ]);
  });

  it('a server does not start on a bad PARLEY_BOTS, and says why', () => {
    expect(() => loadConfig({ PARLEY_BOTS: '{"Bank": {"intents": "none"}}' })).toThrow(ConfigError);
    expect(() => loadConfig({ PARLEY_BOTS: '/nonexistent/bots.json' })).toThrow(/PARLEY_BOTS/);
    expect(loadConfig({}).bots).toEqual({});
  });
});
