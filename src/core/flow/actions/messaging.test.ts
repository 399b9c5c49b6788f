import { describe, expect, it } from 'vitest';
import { action, chatData, feed, flowOf, freshExec, reached, start, wired } from './test-kit.js';

const ON_ERROR = wired({ next: 'ok', errors: { NoMatchingError: 'error' } });

describe('MessageParticipant (spec §5.2)', () => {
  it('sends its Text with the references inside replaced, then goes on', () => {
    const doc = flowOf([action('say', 'MessageParticipant', { Text: 'Your number is $.External.vanity1. Going to $.Queue.Name now.' }, ON_ERROR)]);
    const r = start(doc, chatData({ queue: { id: 'q', name: 'Sales', arn: 'arn:q' } }), freshExec(doc, { external: { vanity1: '1-800-FLOWERS' } }));
    expect(r.command).toEqual({ kind: 'message', text: 'Your number is 1-800-FLOWERS. Going to Sales now.' });
    expect(r.exec.at).toBe('say');
    const after = feed(doc, r, { kind: 'done' });
    expect(reached(after)).toBe('ok');
    expect(after.logs).toEqual([expect.objectContaining({ identifier: 'say', error: null, next: 'ok' })]);
  });

  it.each([
    ['a voice prompt', { PromptId: 'arn:aws:connect:us-east-1:1:instance/i/prompt/p' }, 'only Text'],
    ['SSML', { SSML: '<speak>Hi</speak>' }, 'only Text'],
    ['audio media', { Media: { Uri: 's3://b/k.wav', SourceType: 'S3', MediaType: 'Audio' } }, 'only Text'],
    ['a text that renders empty', { Text: '$.Attributes.none' }, 'empty'],
  ])('takes the error branch on chat for %s', (_name, params, why) => {
    const r = start(flowOf([action('say', 'MessageParticipant', params, ON_ERROR)]));
    expect(reached(r)).toBe('error');
    expect(r.logs[0]).toMatchObject({ error: 'NoMatchingError', detail: expect.stringContaining(why) });
  });

  it('an old "Play prompt" export with "Errors": [] goes on when the message cannot be sent', () => {
    const doc = flowOf([action('say', 'MessageParticipant', { PromptId: 'p' }, { NextAction: 'ok', Errors: [], Conditions: [] })]);
    expect(reached(start(doc))).toBe('ok');
  });
});

describe('ConnectParticipantWithLexBot (spec §5.4)', () => {
  const LEX = wired({
    next: 'error',
    errors: { NoMatchingError: 'error', NoMatchingCondition: 'nomatch', InputTimeLimitExceeded: 'timeout' },
    conditions: [['Equals', 'CheckBalance', 'balance'], ['Equals', 'FallbackIntent', 'fallback']],
  });
  const bot = (params: Record<string, unknown>, data = chatData()) => {
    const doc = flowOf([action('lex', 'ConnectParticipantWithLexBot', params, LEX)]);
    return { doc, r: start(doc, data) };
  };

  it('hands the conversation to the bot: prompt, session attributes, initial message, chat timeout', () => {
    const { r } = bot(
      {
        Text: 'Hi $.Attributes.name, how can I help?',
        LexV2Bot: { AliasArn: 'arn:aws:lex:us-east-1:1:bot-alias/B/A' },
        LexSessionAttributes: { tier: '$.Attributes.tier' },
        LexInitializationData: { InitialMessage: '$.Media.InitialMessage' },
        LexTimeoutSeconds: { Text: '600' },
      },
      chatData({ attributes: { name: 'Ana', tier: 'gold' }, initialMessage: 'my balance please' }),
    );
    expect(r.command).toEqual({
      kind: 'bot',
      botRef: 'arn:aws:lex:us-east-1:1:bot-alias/B/A',
      prompt: 'Hi Ana, how can I help?',
      sessionAttributes: { tier: 'gold' },
      initialMessage: 'my balance please',
      timeoutSeconds: 600,
    });
    expect(r.exec.at).toBe('lex');
  });

  it('accepts the docs misspelling LexInitilizationData, a Lex classic bot, and defaults the timeout', () => {
    const { r } = bot({ LexBot: { Name: 'Banking', Alias: 'prod' }, LexInitilizationData: { InitialMessage: 'hello' } });
    expect(r.command).toMatchObject({ kind: 'bot', botRef: 'Banking:prod', prompt: null, initialMessage: 'hello', timeoutSeconds: 300 });
  });

  it('an unset InitialMessage seeds nothing', () => {
    const { r } = bot({ LexV2Bot: { AliasArn: 'B' }, LexInitializationData: { InitialMessage: '$.Media.InitialMessage' } });
    expect(r.command).toMatchObject({ initialMessage: null });
  });

  it('continues on the branch of the intent the bot fulfilled', () => {
    const { doc, r } = bot({ LexV2Bot: { AliasArn: 'B' } });
    const done = feed(doc, r, { kind: 'result', value: 'CheckBalance' });
    expect(reached(done)).toBe('balance');
    expect(done.logs[0]).toMatchObject({ identifier: 'lex', result: 'CheckBalance', next: 'balance' });
    expect(reached(feed(doc, r, { kind: 'result', value: 'FallbackIntent' }))).toBe('fallback');
    expect(reached(feed(doc, r, { kind: 'result', value: 'OrderPizza' }))).toBe('nomatch');
    expect(reached(feed(doc, r, { kind: 'error', type: 'InputTimeLimitExceeded' }))).toBe('timeout');
    expect(reached(feed(doc, r, { kind: 'error', type: 'NoMatchingError' }))).toBe('error');
  });

  it('reads $.Lex after the bot finished', () => {
    const doc = flowOf([
      action('lex', 'ConnectParticipantWithLexBot', { LexV2Bot: { AliasArn: 'B' } }, wired({ conditions: [['Equals', 'CheckBalance', 'say']] })),
      action('say', 'MessageParticipant', { Text: '$.Lex.IntentName for $.Lex.Slots.account ($.Lex.SessionAttributes.tier)' }, {}),
    ]);
    const parked = start(doc);
    const lex = { IntentName: 'CheckBalance', Slots: { account: 'savings' }, SessionAttributes: { tier: 'gold' } };
    const r = feed(doc, { ...parked, exec: { ...parked.exec, lex } }, { kind: 'result', value: 'CheckBalance' });
    expect(r.command).toEqual({ kind: 'message', text: 'CheckBalance for savings (gold)' });
  });

  it('takes the error branch without a bot', () => {
    expect(reached(bot({ Text: 'Hi' }).r)).toBe('error');
    expect(reached(bot({ LexV2Bot: { AliasArn: '$.Attributes.none' } }).r)).toBe('error');
  });
});

describe('ShowView (spec §5.27)', () => {
  const VIEW = wired({ next: 'error', errors: { NoMatchingError: 'error', NoMatchingCondition: 'nomatch', TimeLimitExceeded: 'late' }, conditions: [['Equals', 'Next', 'next']] });

  it('asks for the view with its data, and branches on the action picked', () => {
    const doc = flowOf([action('v', 'ShowView', { ViewResource: { Id: 'arn:view/form', Version: '1' }, ViewData: { Heading: 'Hi $.Attributes.name' }, InvocationTimeLimitSeconds: '120' }, VIEW)]);
    const r = start(doc, chatData({ attributes: { name: 'Ana' } }));
    expect(r.command).toEqual({ kind: 'show-view', viewRef: 'arn:view/form', data: { Heading: 'Hi Ana' }, timeoutSeconds: 120 });
    expect(reached(feed(doc, r, { kind: 'result', value: 'Next' }))).toBe('next');
    expect(reached(feed(doc, r, { kind: 'result', value: 'Back' }))).toBe('nomatch');
    expect(reached(feed(doc, r, { kind: 'error', type: 'TimeLimitExceeded' }))).toBe('late');
  });

  it('takes the error branch without a view', () => {
    expect(reached(start(flowOf([action('v', 'ShowView', {}, VIEW)])))).toBe('error');
  });
});

describe('input blocks that do not exist on chat', () => {
  it('GetParticipantInput (DTMF) takes its error branch, as the AWS sample disconnect flow is wired for', () => {
    const doc = flowOf([
      action('dtmf', 'GetParticipantInput', { Text: 'press 1', StoreInput: 'False', InputTimeLimitSeconds: '5' }, wired({ next: 'noentry', errors: { NoMatchingError: 'noentry', NoMatchingCondition: 'noentry', InputTimeLimitExceeded: 'noentry' }, conditions: [['Equals', '1', 'happy']] })),
    ]);
    const r = start(doc);
    expect(reached(r)).toBe('noentry');
    expect(r.logs[0]).toMatchObject({ identifier: 'dtmf', error: 'NoMatchingError', detail: expect.stringContaining('voice-only') });
  });

  it('MessageParticipantIteratively (Loop prompts) takes its error branch', () => {
    const doc = flowOf([action('loop', 'MessageParticipantIteratively', { Messages: [{ Text: 'Please hold' }], InterruptFrequencySeconds: '20' }, wired({ next: 'err', errors: { NoMatchingError: 'err' }, conditions: [['Equals', 'MessagesInterrupted', 'interrupted']] }))]);
    expect(reached(start(doc))).toBe('err');
  });

  it('MessageParticipantIteratively without an error branch ends the flow, so a queued contact just waits for an agent', () => {
    // AWS's Default customer queue: "Transitions": {"Errors": [], "Conditions": []}.
    const doc = flowOf([action('loop', 'MessageParticipantIteratively', { Messages: [{ Text: 'Thank you for waiting' }] }, { Errors: [], Conditions: [] })]);
    const r = start(doc);
    expect(r.command).toEqual({ kind: 'end' });
    expect(r.logs).toEqual([expect.objectContaining({ identifier: 'loop', error: 'NoMatchingError', next: null })]);
  });
});
