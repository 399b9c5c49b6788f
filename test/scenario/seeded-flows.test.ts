import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DescribeContactFlowCommand } from '@aws-sdk/client-connect';
import { afterEach, describe, expect, it } from 'vitest';
import { randomIds } from '../../src/adapters/ids.js';
import type { Db } from '../../src/adapters/store/db.js';
import { openSqlite } from '../../src/adapters/store/sqlite.js';
import { seed } from '../../src/app/admin/seed.js';
import {
  DEFAULT_AGENT_TRANSFER_FLOW_NAME,
  DEFAULT_CUSTOMER_QUEUE_FLOW_NAME,
  DEFAULT_DISCONNECT_FLOW_NAME,
  DEFAULT_INBOUND_FLOW_NAME,
  DEFAULT_QUEUE_TRANSFER_FLOW_NAME,
} from '../../src/core/flow/default-flows.js';

/** The transfer flows for quick connects, seeded beside the three sample flows. */
const TRANSFER_FLOWS = [DEFAULT_AGENT_TRANSFER_FLOW_NAME, DEFAULT_QUEUE_TRANSFER_FLOW_NAME];
import type { FlowDocument } from '../../src/core/flow/flow-document.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';

/** The seeded sample flows: readable through the API, seeded once, and added to data dirs made before them. */
const config = { region: 'us-east-1', accountId: '123456789012' };
const NAMES = [DEFAULT_INBOUND_FLOW_NAME, DEFAULT_DISCONNECT_FLOW_NAME, DEFAULT_CUSTOMER_QUEUE_FLOW_NAME];
let dir: string | null = null;
let db: Db | null = null;
let p: TestParley | null = null;
afterEach(async () => {
  await p?.stop();
  await db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  p = db = dir = null;
});

async function freshStore(): Promise<Db> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-seed-'));
  return (db = await openSqlite({ file: path.join(dir, 'parley.db'), durability: 'process' }));
}

const flowsNamed = (store: Db) => store.kysely.selectFrom('flows').select(['id', 'name', 'type', 'content']).where('name', 'in', NAMES).orderBy('name').execute();

describe('the seeded sample flows', () => {
  it('are in the demo instance, with the types Connect gives them, and the inbound flow sets the disconnect flow', async () => {
    p = await startTestParley();
    const get = async (id: string) => (await p!.connect.send(new DescribeContactFlowCommand({ InstanceId: p!.seeded.instanceId, ContactFlowId: id }))).ContactFlow!;
    const inbound = await get(p.seeded.inboundFlowId);
    const disconnect = await get(p.seeded.disconnectFlowId);
    const queue = await get(p.seeded.customerQueueFlowId);
    expect([inbound.Name, inbound.Type, disconnect.Name, disconnect.Type, queue.Name, queue.Type]).toEqual([
      DEFAULT_INBOUND_FLOW_NAME,
      'CONTACT_FLOW',
      DEFAULT_DISCONNECT_FLOW_NAME,
      'CONTACT_FLOW',
      DEFAULT_CUSTOMER_QUEUE_FLOW_NAME,
      'CUSTOMER_QUEUE',
    ]);
    const hooks = (JSON.parse(inbound.Content!) as FlowDocument).Actions.find((a) => a.Type === 'UpdateContactEventHooks');
    expect(hooks?.Parameters).toEqual({ EventHooks: { CustomerRemaining: disconnect.Arn } });
    const wait = (JSON.parse(disconnect.Content!) as FlowDocument).Actions.find((a) => a.Type === 'Wait');
    expect(wait?.Parameters).toEqual({ TimeLimitSeconds: '900', Events: ['CustomerReturned'] });
  });

  it('are seeded once however often, and concurrently, the store is seeded', async () => {
    const store = await freshStore();
    const [a, b] = await Promise.all([seed(store, randomIds, config, 1000), seed(store, randomIds, config, 1000)]);
    const again = await seed(store, randomIds, config, 2000);
    expect(b).toEqual(a);
    expect(again).toEqual(a);
    expect((await flowsNamed(store)).map((f) => f.name)).toEqual([...NAMES].sort());
  });

  it('are added to a data dir made before them, leaving the flows it has alone', async () => {
    const store = await freshStore();
    const first = await seed(store, randomIds, config, 1000);
    // A data dir from before the disconnect and customer queue flows existed, whose user has edited the inbound flow.
    await store.write(async (tx) => {
      await tx.deleteFrom('flow_versions').where('flow_id', 'in', [first.disconnectFlowId, first.customerQueueFlowId]).execute();
      await tx.deleteFrom('flows').where('id', 'in', [first.disconnectFlowId, first.customerQueueFlowId]).execute();
      await tx.updateTable('flows').set({ content: '{"edited":true}' }).where('id', '=', first.inboundFlowId).execute();
    });
    const later = await seed(store, randomIds, config, 2000);
    expect(later).toEqual(first);
    const flows = await flowsNamed(store);
    expect(flows.map((f) => [f.name, f.type])).toEqual([
      [DEFAULT_DISCONNECT_FLOW_NAME, 'CONTACT_FLOW'],
      [DEFAULT_CUSTOMER_QUEUE_FLOW_NAME, 'CUSTOMER_QUEUE'],
      [DEFAULT_INBOUND_FLOW_NAME, 'CONTACT_FLOW'],
    ]);
    expect(flows.find((f) => f.id === first.inboundFlowId)?.content).toBe('{"edited":true}');
  });

  it('are not added again when the user renamed one', async () => {
    const store = await freshStore();
    const first = await seed(store, randomIds, config, 1000);
    await store.write((tx) => tx.updateTable('flows').set({ name: 'My disconnect flow' }).where('id', '=', first.disconnectFlowId).execute());
    const later = await seed(store, randomIds, config, 2000);
    expect(later.disconnectFlowId).toBe(first.disconnectFlowId);
    expect(await store.kysely.selectFrom('flows').select('name').where('name', 'not in', TRANSFER_FLOWS).orderBy('name').execute()).toEqual(
      [DEFAULT_CUSTOMER_QUEUE_FLOW_NAME, DEFAULT_INBOUND_FLOW_NAME, 'My disconnect flow'].map((name) => ({ name })),
    );
  });
});
