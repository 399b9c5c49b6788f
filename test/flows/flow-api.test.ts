import { createHash } from 'node:crypto';
import {
  CreateContactFlowCommand,
  DeleteContactFlowCommand,
  DescribeContactFlowCommand,
  ListContactFlowsCommand,
  StartChatContactCommand,
  UpdateContactFlowContentCommand,
  UpdateContactFlowMetadataCommand,
  UpdateContactFlowNameCommand,
  type CreateContactFlowCommandInput,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withBody } from '../bad-input/schema-cases.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { snapshotStore } from '../helpers/store-snapshot.js';
import { createFlow, flowOf, hangUp, problemsOf, rejection, say } from './kit.js';

let p: TestParley;
beforeAll(async () => {
  // One function is configured, by name: flows may call it by that name or by any Lambda ARN ending in it.
  p = await startTestParley({ env: { PARLEY_FUNCTIONS: JSON.stringify({ 'order-lookup': 'http://127.0.0.1:9/never-called' }) } });
});
afterAll(async () => {
  await p.stop();
});

const instance = () => p.seeded.instanceId;
const describeFlow = (id: string) => p.connect.send(new DescribeContactFlowCommand({ InstanceId: instance(), ContactFlowId: id }));
const queueArn = () => `arn:aws:connect:us-east-1:000000000000:instance/${instance()}/queue/${p.seeded.basicQueueId}`;
const OTHER_QUEUE = 'arn:aws:connect:us-east-1:201706955376:instance/658aa90c-6c92-4798-a30d-dc8941d65d27/queue/4c826a3b-85d0-4e02-8926-8dea0b1729e8';

/** Expects a refusal with InvalidContactFlowException (400) that changed nothing; returns its problems. */
async function refused(send: () => Promise<unknown>): Promise<string[]> {
  const before = await snapshotStore(p);
  const e = await rejection(send);
  expect(e.name).toBe('InvalidContactFlowException');
  expect(e.$metadata?.httpStatusCode).toBe(400);
  expect(await snapshotStore(p)).toEqual(before);
  return problemsOf(e);
}

const setQueue = (QueueId: string) => ({
  Identifier: 'queue',
  Type: 'UpdateContactTargetQueue',
  Parameters: { QueueId },
  Transitions: { NextAction: 'bye', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] },
});

describe('CreateContactFlow and DescribeContactFlow', () => {
  it('stores a valid flow as sent and describes it by id and by ARN', async () => {
    const content = JSON.stringify(flowOf(say('hi', 'Hello $.Attributes.name', 'bye'), hangUp()), null, 2);
    const created = await p.connect.send(
      new CreateContactFlowCommand({ InstanceId: instance(), Name: 'Greeter', Type: 'CONTACT_FLOW', Description: 'Says hello', Content: content }),
    );
    expect(created.ContactFlowArn).toBe(`arn:aws:connect:us-east-1:000000000000:instance/${instance()}/contact-flow/${created.ContactFlowId}`);
    expect(created.FlowContentSha256).toBe(createHash('sha256').update(content).digest('hex'));
    const { ContactFlow } = await describeFlow(created.ContactFlowArn!);
    expect(ContactFlow).toMatchObject({ Id: created.ContactFlowId, Name: 'Greeter', Type: 'CONTACT_FLOW', Description: 'Says hello', State: 'ACTIVE', Status: 'PUBLISHED', Content: content });
    expect(ContactFlow!.LastModifiedTime!.getTime()).toBe(p.clock.now());
  });

  it('refuses a second flow with the same name (DuplicateResourceException) and changes nothing', async () => {
    await createFlow(p, flowOf(hangUp()), { name: 'Taken name' });
    const before = await snapshotStore(p);
    const e = await rejection(() => createFlow(p, flowOf(hangUp()), { name: 'Taken name' }));
    expect([e.name, e.$metadata?.httpStatusCode]).toEqual(['DuplicateResourceException', 409]);
    expect(await snapshotStore(p)).toEqual(before);
  });

  it('accepts every flow type of the API, voice-only blocks included', async () => {
    const types = ['CONTACT_FLOW', 'CUSTOMER_QUEUE', 'CUSTOMER_HOLD', 'CUSTOMER_WHISPER', 'AGENT_HOLD', 'AGENT_WHISPER', 'OUTBOUND_WHISPER', 'AGENT_TRANSFER', 'QUEUE_TRANSFER', 'CAMPAIGN'] as const;
    const dtmf = { Identifier: 'dtmf', Type: 'GetParticipantInput', Parameters: { Text: 'Press 1', StoreInput: 'False' }, Transitions: { NextAction: 'bye' } };
    for (const type of types) {
      const f = await createFlow(p, flowOf(dtmf, hangUp()), { type });
      expect((await describeFlow(f.id)).ContactFlow!.Type).toBe(type);
    }
    const listed = await p.connect.send(new ListContactFlowsCommand({ InstanceId: instance(), ContactFlowTypes: ['AGENT_HOLD'] }));
    expect(listed.ContactFlowSummaryList!.map((f) => f.ContactFlowType)).toEqual(expect.arrayContaining(['AGENT_HOLD']));
    expect(new Set(listed.ContactFlowSummaryList!.map((f) => f.ContactFlowType))).toEqual(new Set(['AGENT_HOLD']));
  });
});

describe('a flow that cannot run is refused with every problem listed, and nothing is stored', () => {
  it('malformed JSON, with its line and column', async () => {
    const problems = await refused(() => createFlow(p, '{\n  "Version": "2019-10-30",\n  "StartAction": "a"\n  "Actions": []\n}'));
    expect(problems).toEqual([expect.stringMatching(/^Malformed JSON at line 4, column 3: .*expected ',' or '}'.*comma missing at line 3, column 21/)]);
  });

  it('missing Version, StartAction and Actions', async () => {
    const problems = await refused(() => createFlow(p, '{"Metadata": {}}'));
    expect(problems.join('\n')).toMatch(/Version: missing/);
    expect(problems.join('\n')).toMatch(/Actions: missing/);
  });

  it('unknown types, missing targets, missing parameters, bad operators, bad references: each named with its action and field', async () => {
    const flow = flowOf(
      { Identifier: 'start', Type: 'CompareEverything', Parameters: {}, Transitions: { NextAction: 'check' } },
      {
        Identifier: 'check',
        Type: 'Compare',
        Parameters: {},
        Transitions: { NextAction: 'bye', Conditions: [{ NextAction: 'gone', Condition: { Operator: 'Matches', Operands: ['x'] } }] },
      },
      { Identifier: 'wait', Type: 'Wait', Parameters: { TimeLimitSeconds: '604801' }, Transitions: { NextAction: 'bye' } },
      { Identifier: 'loop', Type: 'Loop', Parameters: { LoopCount: '101' }, Transitions: { NextAction: 'bye' } },
      { Identifier: 'ask', Type: 'Compare', Parameters: { ComparisonValue: '$.Nowhere.x' }, Transitions: { NextAction: 'bye' } },
      hangUp(),
      hangUp(),
    );
    const problems = await refused(() => createFlow(p, flow));
    expect(problems).toEqual(
      expect.arrayContaining([
        'Action "start", Type: unknown action type "CompareEverything": Parley does not know this block, so the flow could not run it',
        'Action "check", Parameters.ComparisonValue: missing: Compare needs ComparisonValue',
        'Action "check", Transitions.Conditions[0].NextAction: goes to "gone", which is not an action in the flow',
        expect.stringMatching(/^Action "check", Transitions.Conditions\[0\].Condition.Operator: "Matches" is not an operator/),
        expect.stringMatching(/^Action "wait", Parameters.TimeLimitSeconds: "604801" is out of range/),
        expect.stringMatching(/^Action "loop", Parameters.LoopCount: "101" is out of range/),
        expect.stringMatching(/^Action "ask", Parameters.ComparisonValue: "\$.Nowhere.x" reads an unknown namespace "Nowhere"/),
        'Action "bye", Identifier: used by more than one action: Identifiers must be unique',
      ]),
    );
    expect(problems).toHaveLength(8);
  });

  it('unresolved template placeholders and references to queues, flows and functions the instance does not have', async () => {
    const flow = flowOf(
      setQueue(OTHER_QUEUE),
      { Identifier: 'fn', Type: 'InvokeLambdaFunction', Parameters: { LambdaFunctionARN: 'arn:aws:lambda:us-east-1:1:function:unknown-fn' }, Transitions: { NextAction: 'bye' } },
      { Identifier: 'hop', Type: 'TransferToFlow', Parameters: { ContactFlowId: '${aws_connect_contact_flow.other.contact_flow_id}' }, Transitions: { NextAction: 'bye' } },
      { Identifier: 'hook', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { CustomerRemaining: 'Flow that does not exist' } }, Transitions: { NextAction: 'bye' } },
      hangUp(),
    );
    const problems = await refused(() => createFlow(p, flow));
    expect(problems).toEqual([
      `Action "queue", Parameters.QueueId: no queue ${OTHER_QUEUE} in this instance: create it, or import with --map '${OTHER_QUEUE}=LOCAL_QUEUE_NAME'`,
      expect.stringMatching(/^Action "fn", Parameters.LambdaFunctionARN: no function arn:aws:lambda:us-east-1:1:function:unknown-fn is configured/),
      expect.stringMatching(/^Action "hop", Parameters.ContactFlowId: unresolved template placeholder \$\{aws_connect_contact_flow.other.contact_flow_id\}/),
      expect.stringMatching(/^Action "hook", Parameters.EventHooks.CustomerRemaining: no flow Flow that does not exist in this instance/),
    ]);
  });

  it('the legacy export format, which only the importer converts', async () => {
    const problems = await refused(() => createFlow(p, JSON.stringify({ modules: [], version: '1', start: 'x', metadata: {} })));
    expect(problems).toEqual([expect.stringContaining('legacy export format')]);
  });
});

describe('references that resolve', () => {
  it('accepts queues by id, ARN or name, flows by id, ARN or name, configured functions by name or ARN, and any $. value', async () => {
    const target = await createFlow(p, flowOf(hangUp()), { name: 'Hop target' });
    const queueFlow = await createFlow(p, flowOf(hangUp()), { type: 'CUSTOMER_QUEUE' });
    for (const QueueId of [p.seeded.basicQueueId, queueArn(), 'BasicQueue', '$.Attributes.queue']) await createFlow(p, flowOf(setQueue(QueueId), hangUp()));
    for (const ContactFlowId of [target.id, target.arn, 'Hop target', '$.External.next'])
      await createFlow(p, flowOf({ Identifier: 'hop', Type: 'TransferToFlow', Parameters: { ContactFlowId }, Transitions: { NextAction: 'bye' } }, hangUp()));
    for (const LambdaFunctionARN of ['order-lookup', 'arn:aws:lambda:eu-west-1:123456789012:function:order-lookup'])
      await createFlow(p, flowOf({ Identifier: 'fn', Type: 'InvokeLambdaFunction', Parameters: { LambdaFunctionARN }, Transitions: { NextAction: 'bye' } }, hangUp()));
    const hooks = { CustomerQueue: queueFlow.arn, CustomerRemaining: 'Self looping' };
    // A flow may name itself (a disconnect flow that sets itself again).
    await createFlow(p, flowOf({ Identifier: 'hook', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: hooks }, Transitions: { NextAction: 'bye' } }, hangUp()), { name: 'Self looping' });
  });
});

describe('UpdateContactFlowName, UpdateContactFlowMetadata and paging', () => {
  it('renames, describes, archives; refuses a name in use', async () => {
    const f = await createFlow(p, flowOf(hangUp()), { name: 'Old name' });
    await p.connect.send(new UpdateContactFlowNameCommand({ InstanceId: instance(), ContactFlowId: f.id, Name: 'New name', Description: 'Renamed' }));
    expect((await describeFlow(f.id)).ContactFlow).toMatchObject({ Name: 'New name', Description: 'Renamed' });
    await p.connect.send(new UpdateContactFlowMetadataCommand({ InstanceId: instance(), ContactFlowId: f.arn, ContactFlowState: 'ARCHIVED' }));
    expect((await describeFlow(f.id)).ContactFlow!.State).toBe('ARCHIVED');
    await createFlow(p, flowOf(hangUp()), { name: 'Other name' });
    const e = await rejection(() => p.connect.send(new UpdateContactFlowNameCommand({ InstanceId: instance(), ContactFlowId: f.id, Name: 'Other name' })));
    expect(e.name).toBe('DuplicateResourceException');
    expect((await describeFlow(f.id)).ContactFlow!.Name).toBe('New name');
  });

  it('lists every flow once across pages, and refuses a forged NextToken', async () => {
    for (let i = 0; i < 3; i++) await createFlow(p, flowOf(hangUp()));
    const all = await p.connect.send(new ListContactFlowsCommand({ InstanceId: instance(), MaxResults: 1000 }));
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await p.connect.send(new ListContactFlowsCommand({ InstanceId: instance(), MaxResults: 2, NextToken }));
      expect(page.ContactFlowSummaryList!.length).toBeLessThanOrEqual(2);
      seen.push(...page.ContactFlowSummaryList!.map((f) => f.Id!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(seen).toEqual(all.ContactFlowSummaryList!.map((f) => f.Id));
    const e = await rejection(() => p.connect.send(new ListContactFlowsCommand({ InstanceId: instance(), NextToken: 'forged.token' })));
    expect(e.name).toBe('InvalidParameterException');
  });

  it('refuses a request outside the model (an unknown Type) with InvalidParameterException', async () => {
    const body = { Name: 'Bad type', Type: 'VOICE_MAIL', Content: JSON.stringify(flowOf(hangUp())) };
    const e = await rejection(() => p.connect.send(withBody(new CreateContactFlowCommand({ InstanceId: instance() } as CreateContactFlowCommandInput), body)));
    expect(e.name).toBe('InvalidParameterException');
  });
});

describe('UpdateContactFlowContent and DeleteContactFlow', () => {
  it('a refused update leaves the flow as it was', async () => {
    const f = await createFlow(p, flowOf(hangUp()));
    const problems = await refused(() =>
      p.connect.send(new UpdateContactFlowContentCommand({ InstanceId: instance(), ContactFlowId: f.id, Content: JSON.stringify(flowOf(say('a', 'x', 'nowhere'))) })),
    );
    expect(problems).toContain('Action "a", Transitions.NextAction: goes to "nowhere", which is not an action in the flow');
  });

  it('a deleted flow is gone from the listing, DescribeContactFlow and StartChatContact', async () => {
    const f = await createFlow(p, flowOf(say('hi', 'Hello', 'bye'), hangUp()));
    await p.connect.send(new DeleteContactFlowCommand({ InstanceId: instance(), ContactFlowId: f.id }));
    const list = await p.connect.send(new ListContactFlowsCommand({ InstanceId: instance(), MaxResults: 1000 }));
    expect(list.ContactFlowSummaryList!.map((x) => x.Id)).not.toContain(f.id);
    expect((await rejection(() => describeFlow(f.id))).name).toBe('ResourceNotFoundException');
    const start = () => p.connect.send(new StartChatContactCommand({ InstanceId: instance(), ContactFlowId: f.id, ParticipantDetails: { DisplayName: 'Dana' } }));
    expect((await rejection(start)).name).toBe('ResourceNotFoundException');
    expect((await rejection(() => p.connect.send(new DeleteContactFlowCommand({ InstanceId: instance(), ContactFlowId: f.id })))).name).toBe('ResourceNotFoundException');
  });
});
