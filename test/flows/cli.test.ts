import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeContactCommand, DescribeContactFlowCommand, ListContactFlowsCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../src/core/flow/flow-document.js';
import { startChat } from '../helpers/chat.js';
import { freePort } from '../helpers/free-port.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { flowOf, hangUp, say } from './kit.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OTHER_QUEUE = 'arn:aws:connect:us-west-2:052472249070:instance/55287c9c-a226-4cfa-9e42-869a366cb3f2/queue/f43f6dba-91e8-4b7e-8220-17dd165697d6';

/** Runs the real `parley` command (bin/parley.mjs) and collects what it prints. */
async function parley(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PARLEY_')));
  const child = spawn(process.execPath, [path.join(REPO, 'bin/parley.mjs'), ...args], { cwd: dir, env: { ...clean, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'close')) as [number];
  return { code, stdout, stderr };
}

let p: TestParley;
let dir: string;
const write = (name: string, content: unknown) => fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
const flowNamed = async (name: string) =>
  (await p.connect.send(new ListContactFlowsCommand({ InstanceId: p.seeded.instanceId, MaxResults: 1000 }))).ContactFlowSummaryList!.find((f) => f.Name === name);
const contentOf = async (id: string) =>
  JSON.parse((await p.connect.send(new DescribeContactFlowCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: id }))).ContactFlow!.Content!) as FlowDocument;

/** An export from another instance: greets, sets that instance's queue (the console names it BasicQueue), queues. */
const exported: FlowDocument = {
  ...flowOf(
    say('hi', 'Hello from the import', 'queue'),
    { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: OTHER_QUEUE }, Transitions: { NextAction: 'transfer', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
    { Identifier: 'transfer', Type: 'TransferContactToQueue', Transitions: { NextAction: 'bye', Errors: [{ ErrorType: 'QueueAtCapacity', NextAction: 'bye' }] } },
    hangUp(),
  ),
  Metadata: { name: 'Exported inbound', type: 'contactFlow', ActionMetadata: { queue: { queue: { id: OTHER_QUEUE, text: 'BasicQueue' } } } },
};

/** The old designer's export of a chat disconnect flow: message, Wait (customer returns / 8 hours), back to BasicQueue. */
const legacy = {
  modules: [
    { id: 'm1', type: 'PlayPrompt', branches: [{ condition: 'Success', transition: 'm2' }], parameters: [{ name: 'Text', value: 'The agent has left' }, { name: 'TextToSpeechType', value: 'text' }] },
    {
      id: 'm2',
      type: 'Wait',
      branches: [
        { condition: 'CustomerReturn', transition: 'm3' },
        { condition: 'Timeout', transition: 'm5' },
        { condition: 'Error', transition: 'm5' },
      ],
      parameters: [
        { name: 'TimeoutSeconds', value: '28800' },
        { name: 'InterruptOnCustomerReturn', value: 'true' },
      ],
    },
    { id: 'm3', type: 'SetQueue', branches: [{ condition: 'Success', transition: 'm4' }, { condition: 'Error', transition: 'm5' }], parameters: [{ name: 'Queue', value: OTHER_QUEUE, resourceName: 'BasicQueue' }] },
    { id: 'm4', type: 'Transfer', target: 'Queue', branches: [{ condition: 'AtCapacity', transition: 'm5' }, { condition: 'Error', transition: 'm5' }], parameters: [] },
    { id: 'm5', type: 'Disconnect', branches: [], parameters: [] },
  ],
  version: '1',
  type: 'contactFlow',
  start: 'm1',
  metadata: { name: 'Legacy disconnect', type: 'contactFlow', status: 'published' },
};

beforeAll(async () => {
  p = await startTestParley();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-cli-'));
  write('exported.json', exported);
  write('legacy.json', legacy);
  write('untyped.json', flowOf(say('hi', 'Untyped', 'bye'), hangUp()));
  write('broken.json', '{\n  "Version": "2019-10-30",\n  "StartAction": "hi",\n  "Actions": [\n    {"Identifier": "hi" "Type": "DisconnectParticipant"}\n  ]\n}\n');
});
afterAll(async () => {
  await p?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('parley flows validate', () => {
  it('checks files locally: each problem printed under its file, exit 1 when any is refused', async () => {
    const r = await parley(['flows', 'validate', 'exported.json', 'broken.json', 'legacy.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('exported.json: valid (4 actions)');
    expect(r.stdout).toContain(`needs at import: queue ${OTHER_QUEUE} ("BasicQueue")`);
    expect(r.stdout).toMatch(/broken\.json: refused \(1 problem\)\n {2}Malformed JSON at line 5, column 25: .*expected ',' or '}'/);
    expect(r.stdout).toContain('legacy.json: valid (5 actions, converted from the legacy format)');
    expect(r.stdout).toContain('2 of 3 files valid');
    expect((await parley(['flows', 'validate', 'exported.json', 'legacy.json'])).code).toBe(0);
  });

  it('says how to use it when the command line is wrong (exit 2)', async () => {
    const r = await parley(['flows', 'validate']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('Usage: parley flows validate FILE...')]);
    expect((await parley(['flows', 'validate', 'x.json', '--type', 'VOICEMAIL'])).stderr).toContain('--type VOICEMAIL: expected one of CONTACT_FLOW');
  });
});

describe('parley flows import', () => {
  it('refuses a flow whose queue is in another instance, naming the --map that fixes it; nothing is created', async () => {
    const r = await parley(['flows', 'import', 'exported.json', '--endpoint', p.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('exported.json: refused by the server (1 problem)');
    expect(r.stdout).toContain(`Action "queue", Parameters.QueueId: no queue ${OTHER_QUEUE} in this instance (called "BasicQueue" in the file): create it, or import with --map '${OTHER_QUEUE}=LOCAL_QUEUE_NAME'`);
    expect(await flowNamed('Exported inbound')).toBeUndefined();
  });

  it('imports it with --map, and a chat on the imported flow is queued in the local queue', async () => {
    const r = await parley(['flows', 'import', 'exported.json', '--map', `${OTHER_QUEUE}=BasicQueue`, '--endpoint', p.url]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const flow = (await flowNamed('Exported inbound'))!;
    expect(r.stdout).toContain(`Imported "Exported inbound" (CONTACT_FLOW) from exported.json\n  ContactFlowId: ${flow.Id}`);
    expect(flow.ContactFlowType).toBe('CONTACT_FLOW');
    const chat = await startChat(p, { ContactFlowId: flow.Id });
    const { Contact } = await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: chat.contactId }));
    expect(Contact!.QueueInfo?.Id).toBe(p.seeded.basicQueueId);
  });

  it('maps by the name the console shows for a reference, with the type and name given on the command line', async () => {
    const r = await parley(['flows', 'import', 'exported.json', '--map', 'BasicQueue=BasicQueue', '--name', 'By display name', '--type', 'QUEUE_TRANSFER', '--endpoint', p.url]);
    expect(r.code).toBe(0);
    const flow = (await flowNamed('By display name'))!;
    expect(flow.ContactFlowType).toBe('QUEUE_TRANSFER');
    expect((await contentOf(flow.Id!)).Actions.find((a) => a.Identifier === 'queue')!.Parameters!.QueueId).not.toBe(OTHER_QUEUE);
  });

  it('converts a legacy export: the Wait keeps its 8 hours and its customer-returned branch', async () => {
    const r = await parley(['flows', 'import', 'legacy.json', '--map', 'BasicQueue=BasicQueue', '--endpoint', p.url]);
    expect([r.code, r.stdout]).toEqual([0, expect.stringContaining('Imported "Legacy disconnect" (CONTACT_FLOW) from legacy.json (converted from the legacy format)')]);
    const content = await contentOf((await flowNamed('Legacy disconnect'))!.Id!);
    expect(content.StartAction).toBe('m1');
    expect(content.Actions.find((a) => a.Identifier === 'm2')).toEqual({
      Identifier: 'm2',
      Type: 'Wait',
      Parameters: { TimeLimitSeconds: '28800', Events: ['CustomerReturned'] },
      Transitions: {
        NextAction: 'm5',
        Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'm5' }],
        Conditions: [
          { NextAction: 'm3', Condition: { Operator: 'Equals', Operands: ['CustomerReturned'] } },
          { NextAction: 'm5', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } },
        ],
      },
    });
    expect(content.Actions.find((a) => a.Identifier === 'm4')!.Type).toBe('TransferContactToQueue');
  });

  it('needs --type when the file does not say; a name in use needs --update, which stores a new version', async () => {
    const untyped = await parley(['flows', 'import', 'untyped.json', '--endpoint', p.url]);
    expect([untyped.code, untyped.stderr]).toEqual([2, expect.stringContaining('does not say which type of flow it is (no Metadata.type): pass --type')]);
    expect((await parley(['flows', 'import', 'untyped.json', '--type', 'CUSTOMER_QUEUE', '--endpoint', p.url])).code).toBe(0);
    const again = await parley(['flows', 'import', 'untyped.json', '--type', 'CUSTOMER_QUEUE', '--endpoint', p.url]);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('a flow named "untyped" already exists: choose another --name, or pass --update')]);
    const updated = await parley(['flows', 'import', 'untyped.json', '--update', '--endpoint', p.url]);
    expect([updated.code, updated.stdout]).toEqual([0, expect.stringContaining('Updated "untyped" (CUSTOMER_QUEUE)')]);
    const id = (await flowNamed('untyped'))!.Id!;
    const versions = await p.deps.db.kysely.selectFrom('flow_versions').select('version').where('flow_id', '=', id).execute();
    expect(versions.map((v) => Number(v.version)).sort()).toEqual([1, 2]);
  });

  it('explains a server it cannot reach and keys the server refuses', async () => {
    const port = await freePort();
    const down = await parley(['flows', 'import', 'untyped.json', '--type', 'CONTACT_FLOW'], { PARLEY_ENDPOINT: `http://127.0.0.1:${port}` });
    expect([down.code, down.stderr]).toEqual([1, expect.stringContaining(`cannot reach Parley at http://127.0.0.1:${port} (ECONNREFUSED): is it running?`)]);
    const keys = await parley(['flows', 'import', 'untyped.json', '--type', 'CONTACT_FLOW', '--endpoint', p.url], {
      PARLEY_ACCESS_KEY_ID: 'AKIAWRONGKEY0000',
      PARLEY_SECRET_ACCESS_KEY: 'wrong-secret-wrong-secret',
    });
    expect([keys.code, keys.stderr]).toEqual([1, expect.stringContaining('refused the access keys (UnrecognizedClientException)')]);
  });
});
