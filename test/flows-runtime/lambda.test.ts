import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_TIMER_GRACE_MS } from '../../src/app/flows/runner.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { flowLogs } from '../scenario/kit.js';
import { act, chatOn, insertFlow, park, say, systemMessage } from './kit.js';

/*
 * InvokeLambdaFunction end to end: a local HTTP server stands for the functions (PARLEY_FUNCTIONS
 * maps each ARN or function name to it), a flow calls them, and what they answer ($.External)
 * shows in the next message the customer's socket receives.
 */

const ARN = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

interface Call {
  path: string;
  body: { Name: string; Details: { ContactData: Record<string, unknown>; Parameters: Record<string, string> } };
}

let p: TestParley;
let fn: http.Server;
const calls: Call[] = [];
const held: http.ServerResponse[] = [];

const ANSWERS: Record<string, (res: http.ServerResponse) => void> = {
  '/vanity': (res) => json(res, 200, { vanity1: '1-800-FLOWERS', count: 3, ok: true, none: null }),
  '/customer': (res) => json(res, 200, { customer: { name: 'Ana', tier: { level: 'gold' } }, visits: [1, 2] }),
  '/other': (res) => json(res, 200, { other: 'x' }),
  '/fail': (res) => json(res, 500, { errorMessage: 'boom' }),
  '/garbage': (res) => res.end('this is not JSON'),
  // Never answers: the time limit decides.
  '/hold': (res) => held.push(res),
};

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

beforeAll(async () => {
  fn = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      calls.push({ path: req.url ?? '', body: JSON.parse(body) as Call['body'] });
      ANSWERS[req.url ?? '']?.(res);
    });
  });
  await new Promise<void>((resolve) => fn.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(fn.address() as AddressInfo).port}`;
  const functions = {
    [ARN('vanity')]: `${base}/vanity`,
    // Mapped by function name: any account's ARN of that function reaches it.
    'customer-lookup': `${base}/customer`,
    [ARN('other')]: `${base}/other`,
    [ARN('broken')]: `${base}/fail`,
    [ARN('garbage')]: `${base}/garbage`,
    [ARN('slow')]: `${base}/hold`,
  };
  p = await startTestParley({ env: { PARLEY_FUNCTIONS: JSON.stringify(functions) } });
});

afterAll(async () => {
  await p.stop();
  for (const res of held) res.destroy();
  fn.closeAllConnections();
  await new Promise((resolve) => fn.close(resolve));
});

/** A flow: call the function, then say `okText` (success) or "error branch" (error), then stay open. */
async function flowCalling(params: Record<string, unknown>, okText: string): Promise<string> {
  return insertFlow(p, [
    act('logs', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Enabled' }, { next: 'fn' }),
    act('fn', 'InvokeLambdaFunction', { InvocationTimeLimitSeconds: '3', ...params }, { next: 'ok', errors: { NoMatchingError: 'error' } }),
    say('ok', okText, 'park'),
    say('error', 'error branch', 'park'),
    park(),
  ]);
}

describe('InvokeLambdaFunction over HTTP', () => {
  it('posts the Lambda event and the next message reads the STRING_MAP answer in $.External', async () => {
    const flowId = await flowCalling(
      { LambdaFunctionARN: ARN('vanity'), LambdaInvocationAttributes: { phone: '$.Attributes.phone', greeting: 'hi $.Attributes.name' }, ResponseValidation: { ResponseType: 'STRING_MAP' } },
      'Your number is $.External.vanity1. Count $.External.count, ok $.External.ok, none [$.External.none].',
    );
    const { chat, socket } = await chatOn(p, flowId, { Attributes: { phone: '+15550100', name: 'Ana' } });
    await systemMessage(socket, 'Your number is 1-800-FLOWERS. Count 3, ok true, none [].');

    const call = calls.find((c) => c.body.Details.ContactData.ContactId === chat.contactId)!;
    expect(call.path).toBe('/vanity');
    expect(call.body.Name).toBe('ContactFlowEvent');
    expect(call.body.Details.Parameters).toEqual({ phone: '+15550100', greeting: 'hi Ana' });
    expect(call.body.Details.ContactData).toMatchObject({
      ContactId: chat.contactId,
      InitialContactId: chat.contactId,
      Channel: 'CHAT',
      InitiationMethod: 'API',
      Attributes: { phone: '+15550100', name: 'Ana' },
      InstanceARN: expect.stringMatching(new RegExp(`:instance/${p.seeded.instanceId}$`)),
    });
  });

  it('a JSON answer keeps its nesting ($.External.a.b); the function is found by its name', async () => {
    const flowId = await flowCalling({ LambdaFunctionARN: 'arn:aws:lambda:eu-west-1:999999999999:function:customer-lookup', ResponseValidation: { ResponseType: 'JSON' } }, 'Hello $.External.customer.name, $.External.customer.tier.level member');
    const { socket } = await chatOn(p, flowId);
    await systemMessage(socket, 'Hello Ana, gold member');
  });

  it('a nested answer where a STRING_MAP was asked for takes the error branch', async () => {
    const flowId = await flowCalling({ LambdaFunctionARN: ARN('customer-lookup'), ResponseValidation: { ResponseType: 'STRING_MAP' } }, 'should not be said');
    const { socket } = await chatOn(p, flowId);
    await systemMessage(socket, 'error branch');
  });

  it('every call overwrites $.External', async () => {
    const flowId = await insertFlow(p, [
      act('first', 'InvokeLambdaFunction', { LambdaFunctionARN: ARN('vanity') }, { next: 'second', errors: { NoMatchingError: 'error' } }),
      act('second', 'InvokeLambdaFunction', { LambdaFunctionARN: ARN('other') }, { next: 'ok', errors: { NoMatchingError: 'error' } }),
      say('ok', 'vanity1=[$.External.vanity1] other=[$.External.other]', 'park'),
      say('error', 'error branch', 'park'),
      park(),
    ]);
    const { socket } = await chatOn(p, flowId);
    await systemMessage(socket, 'vanity1=[] other=[x]');
  });

  it.each([
    ['answers HTTP 500', ARN('broken'), /HTTP 500/],
    ['answers something that is not JSON', ARN('garbage'), /no JSON/],
    ['is not mapped to any endpoint', ARN('unknown'), /no endpoint for function .*unknown/],
  ])('a function that %s takes the error branch, and the flow log says why', async (_name, arn, why) => {
    const flowId = await flowCalling({ LambdaFunctionARN: arn }, 'should not be said');
    const { chat, socket } = await chatOn(p, flowId);
    await systemMessage(socket, 'error branch');
    expect((await flowLogs(p, chat.contactId)).find((l) => l.Identifier === 'fn')).toMatchObject({ Error: 'NoMatchingError', ErrorDetail: expect.stringMatching(why), NextAction: 'error' });
  });

  it('a function that does not answer within InvocationTimeLimitSeconds takes the error branch', async () => {
    const flowId = await flowCalling({ LambdaFunctionARN: ARN('slow'), InvocationTimeLimitSeconds: '1' }, 'should not be said');
    const { chat, socket } = await chatOn(p, flowId);
    // The call's own deadline (1 s of real time) aborts it.
    await systemMessage(socket, 'error branch');
    expect((await flowLogs(p, chat.contactId)).find((l) => l.Identifier === 'fn')).toMatchObject({ ErrorDetail: 'no answer within 1 s' });
  });

  it('the flow timer takes the error branch when the time limit passes, even if the call never returns', async () => {
    // As after a crash mid-call: the durable flow timer, on the simulated clock, ends the wait.
    const flowId = await flowCalling({ LambdaFunctionARN: ARN('slow'), InvocationTimeLimitSeconds: '8' }, 'should not be said');
    const { chat, socket } = await chatOn(p, flowId);
    const row = await p.deps.db.kysely.selectFrom('contacts').select('flow_state').where('id', '=', chat.contactId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.flow_state!).parked).toMatchObject({ kind: 'lambda' });
    // The timer falls due a grace period after the time limit, so that the call's own answer normally wins.
    p.clock.advance(8_000 + FUNCTION_TIMER_GRACE_MS);
    await p.settle();
    await systemMessage(socket, 'error branch');
  });
});
