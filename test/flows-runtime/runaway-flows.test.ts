import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_RESPONSE_MAX_BYTES } from '../../src/app/flows/external.js';
import { FUNCTION_TIMER_GRACE_MS, MAX_SPIN_CALLS } from '../../src/app/flows/runner.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { advance, flowLogs, isEvent } from '../scenario/kit.js';
import { act, chatOn, insertFlow, park, say, systemMessage, systemTexts } from './kit.js';

/*
 * Flows that could run away or be misled by their functions: a late answer of a function whose
 * time limit passed, a function failing in a loop, a flow sending messages forever, functions
 * found by ARN of another partition or by a name JavaScript objects inherit, oversized answers.
 * A local HTTP server stands for the functions (PARLEY_FUNCTIONS).
 */

const ARN = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

let p: TestParley;
let fn: http.Server;
const held: http.ServerResponse[] = [];
const callsTo = new Map<string, number>();
const received: ((path: string) => void)[] = [];

const send = (res: http.ServerResponse, status: number, body: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);

const ANSWERS: Record<string, (res: http.ServerResponse) => void> = {
  // Never answers: its time limit decides.
  '/hold': (res) => held.push(res),
  // Answers after its caller's time limit of 1 s would have passed, within its own limit.
  '/late': (res) => setTimeout(() => send(res, 200, JSON.stringify({ who: 'late' })), 1500),
  '/fail': (res) => send(res, 500, JSON.stringify({ errorMessage: 'boom' })),
  '/ok': (res) => send(res, 200, JSON.stringify({ who: 'ok' })),
  // Connect refuses Lambda answers over 32 KB.
  '/huge': (res) => send(res, 200, JSON.stringify({ blob: 'x'.repeat(FUNCTION_RESPONSE_MAX_BYTES) })),
};

beforeAll(async () => {
  fn = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = req.url ?? '';
      callsTo.set(path, (callsTo.get(path) ?? 0) + 1);
      for (const r of received.splice(0)) r(path);
      ANSWERS[path]?.(res);
    });
  });
  await new Promise<void>((resolve) => fn.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(fn.address() as AddressInfo).port}`;
  const functions = {
    [ARN('hold')]: `${base}/hold`,
    [ARN('late')]: `${base}/late`,
    [ARN('broken')]: `${base}/fail`,
    [ARN('huge')]: `${base}/huge`,
    // By name: an ARN of any partition (aws-cn, aws-us-gov) names it too, as validation accepts.
    'china-fn': `${base}/ok`,
  };
  p = await startTestParley({ env: { PARLEY_FUNCTIONS: JSON.stringify(functions) } });
});

afterAll(async () => {
  await p.stop();
  for (const res of held) res.destroy();
  fn.closeAllConnections();
  await new Promise((resolve) => fn.close(resolve));
});

const nextCallTo = (path: string) =>
  new Promise<void>((resolve) => {
    const check = (got: string) => (got === path ? resolve() : received.push(check));
    received.push(check);
  });

/** Logging on, then a Wait of 10 s (so the customer is connected before anything runs), then `first`. */
const logged = (first: string) => [
  act('logs', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Enabled' }, { next: 'hold-on' }),
  act('hold-on', 'Wait', { TimeLimitSeconds: '10' }, { next: first }),
];

describe('a function answering late', () => {
  it('cannot resume the next function call of the flow, which takes its own answer', async () => {
    const flowId = await insertFlow(p, [
      act('a', 'InvokeLambdaFunction', { LambdaFunctionARN: ARN('hold'), InvocationTimeLimitSeconds: '1' }, { next: 'a-ok', errors: { NoMatchingError: 'b' } }),
      act('b', 'InvokeLambdaFunction', { LambdaFunctionARN: ARN('late'), InvocationTimeLimitSeconds: '5' }, { next: 'b-ok', errors: { NoMatchingError: 'b-failed' } }),
      say('a-ok', 'A answered', 'park'),
      say('b-ok', 'B answered: $.External.who', 'park'),
      say('b-failed', 'B failed', 'park'),
      park(),
    ]);
    const calledA = nextCallTo('/hold');
    const { socket } = await chatOn(p, flowId);
    await calledA;
    // A's flow timer falls due (as after a restart): the flow goes on to B. A's own call still
    // ends, with its abort after 1 s, while B is pending: that outcome is A's, not B's.
    const calledB = nextCallTo('/late');
    await advance(p, 1000 + FUNCTION_TIMER_GRACE_MS);
    await calledB;
    await systemMessage(socket, 'B answered: late');
    expect(systemTexts(socket)).toEqual(['B answered: late']);
  });
});

describe('flows that never stop', () => {
  it.each([
    ['a function answering HTTP 500 whose error branch calls it again', ARN('broken')],
    ['a dynamic ARN no function is mapped to, retried on error', '$.Attributes.fn'],
  ])(`%s is stopped after ${MAX_SPIN_CALLS} calls, and the flow log says why`, async (_name, arn) => {
    const flowId = await insertFlow(p, [
      ...logged('fn'),
      act('fn', 'InvokeLambdaFunction', { LambdaFunctionARN: arn, InvocationTimeLimitSeconds: '3' }, { next: 'fn', errors: { NoMatchingError: 'fn' } }),
    ]);
    const { chat, socket } = await chatOn(p, flowId, { Attributes: { fn: 'arn:aws:lambda:us-east-1:123456789012:function:nowhere' } });
    await advance(p, 10_000);
    await socket.waitForItem(isEvent('chat.ended'));
    const logs = await flowLogs(p, chat.contactId);
    expect(logs.filter((l) => l.Identifier === 'fn' && l.Error === 'NoMatchingError')).toHaveLength(MAX_SPIN_CALLS);
    expect(logs.at(-1)).toMatchObject({ Identifier: 'fn', Error: 'FlowStopped', ErrorDetail: expect.stringMatching(`More than ${MAX_SPIN_CALLS} outside calls`) });
  });

  it('a flow sending messages in a loop is stopped, and the flow log says why', async () => {
    const flowId = await insertFlow(p, [...logged('again'), say('again', 'again and again', 'again')]);
    const { chat, socket } = await chatOn(p, flowId);
    await advance(p, 10_000);
    await socket.waitForItem(isEvent('chat.ended'));
    expect((await flowLogs(p, chat.contactId)).at(-1)).toMatchObject({ Identifier: 'again', Error: 'FlowStopped', ErrorDetail: expect.stringMatching(/More than 500 commands/) });
  });
});

describe('finding and reading functions', () => {
  const calling = (arn: string) =>
    insertFlow(p, [
      ...logged('fn'),
      act('fn', 'InvokeLambdaFunction', { LambdaFunctionARN: arn, InvocationTimeLimitSeconds: '3', ResponseValidation: { ResponseType: 'JSON' } }, { next: 'ok', errors: { NoMatchingError: 'error' } }),
      say('ok', 'answered: $.External.who', 'park'),
      say('error', 'error branch', 'park'),
      park(),
    ]);

  it('an ARN of another partition finds the function mapped by its name', async () => {
    const { socket } = await chatOn(p, await calling('arn:aws-cn:lambda:cn-north-1:123456789012:function:china-fn'));
    await advance(p, 10_000);
    await systemMessage(socket, 'answered: ok');
  });

  it('a dynamic ARN "constructor" is no function', async () => {
    const { chat, socket } = await chatOn(p, await calling('$.Attributes.fn'), { Attributes: { fn: 'constructor' } });
    await advance(p, 10_000);
    await systemMessage(socket, 'error branch');
    expect((await flowLogs(p, chat.contactId)).find((l) => l.Identifier === 'fn')).toMatchObject({ ErrorDetail: 'no endpoint for function constructor in PARLEY_FUNCTIONS' });
  });

  it(`an answer over ${FUNCTION_RESPONSE_MAX_BYTES} bytes takes the error branch`, async () => {
    const { chat, socket } = await chatOn(p, await calling(ARN('huge')));
    await advance(p, 10_000);
    await systemMessage(socket, 'error branch');
    expect((await flowLogs(p, chat.contactId)).find((l) => l.Identifier === 'fn')).toMatchObject({ ErrorDetail: `the function answered more than ${FUNCTION_RESPONSE_MAX_BYTES} bytes` });
  });
});
