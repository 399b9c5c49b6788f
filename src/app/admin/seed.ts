import crypto from 'node:crypto';
import type { Config } from '../../config.js';
import type { Db, Tx } from '../../adapters/store/db.js';
import {
  DEFAULT_CUSTOMER_QUEUE_FLOW_NAME,
  DEFAULT_DISCONNECT_FLOW_NAME,
  DEFAULT_INBOUND_FLOW_NAME,
  defaultCustomerQueueFlow,
  defaultDisconnectFlow,
  defaultInboundFlow,
} from '../../core/flow/default-flows.js';
import type { FlowDocument } from '../../core/flow/flow-document.js';
import type { Ids } from '../../core/ports.js';
import { arns } from '../arn.js';

export { DEFAULT_INBOUND_FLOW_NAME } from '../../core/flow/default-flows.js';
export const DEMO_INSTANCE_ALIAS = 'parley-demo';

export interface Seeded {
  instanceId: string;
  basicQueueId: string;
  inboundFlowId: string;
  disconnectFlowId: string;
  customerQueueFlowId: string;
  secret: string;
}

interface SeededFlow {
  key: string;
  name: string;
  type: string;
  description: string;
  content: FlowDocument;
}

/**
 * First start: a demo instance with BasicQueue and the sample flows, and the server secret. Later
 * starts change nothing, except that sample flows added since the data dir was made are added
 * (a flow the user already has under that name is left alone). Safe to run from several nodes at
 * once: seeded flows have ids derived from the instance, so a second insert is a no-op.
 */
export async function seed(db: Db, ids: Ids, config: Pick<Config, 'region' | 'accountId'>, now: number): Promise<Seeded> {
  await db.write(async (tx) => {
    await tx
      .insertInto('settings')
      .values({ key: 'secret', value: crypto.randomBytes(32).toString('base64url') })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const instanceId = ids.uuid();
    const inserted = await tx
      .insertInto('instances')
      .values({ id: instanceId, alias: DEMO_INSTANCE_ALIAS, created_at: now, active_chats: 0, max_active_chats: null })
      .onConflict((oc) => oc.column('alias').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted)
      await tx.insertInto('queues').values({ id: ids.uuid(), instance_id: instanceId, name: 'BasicQueue', description: 'The default queue', created_at: now }).execute();
  });
  const k = db.kysely;
  const instance = await k.selectFrom('instances').select('id').where('alias', '=', DEMO_INSTANCE_ALIAS).executeTakeFirstOrThrow();
  const queue = await k.selectFrom('queues').select('id').where('instance_id', '=', instance.id).where('name', '=', 'BasicQueue').executeTakeFirstOrThrow();
  const a = arns(config);
  // By name first (a data dir older than derived ids has its own), else by id (the user renamed it).
  const idOf = async (key: string, name: string) => {
    const rows = await k
      .selectFrom('flows')
      .select(['id', 'name'])
      .where('instance_id', '=', instance.id)
      .where((eb) => eb.or([eb('id', '=', seededFlowId(instance.id, key)), eb('name', '=', name)]))
      .orderBy('created_at')
      .execute();
    const row = rows.find((r) => r.name === name) ?? rows[0];
    if (!row) throw new Error(`the seeded flow ${name} is missing`);
    return row.id;
  };
  await db.write(async (tx) => {
    await addFlowIfMissing(tx, instance.id, now, {
      key: 'disconnect',
      name: DEFAULT_DISCONNECT_FLOW_NAME,
      type: 'CONTACT_FLOW',
      description: 'Runs when the agent leaves and the customer stays: waits for the customer, then routes back or ends the chat',
      content: defaultDisconnectFlow(),
    });
    await addFlowIfMissing(tx, instance.id, now, {
      key: 'customer-queue',
      name: DEFAULT_CUSTOMER_QUEUE_FLOW_NAME,
      type: 'CUSTOMER_QUEUE',
      description: 'What a queued customer gets when no customer queue flow is set: a few reminders',
      content: defaultCustomerQueueFlow(),
    });
  });
  const disconnectFlowId = await idOf('disconnect', DEFAULT_DISCONNECT_FLOW_NAME);
  await db.write((tx) =>
    addFlowIfMissing(tx, instance.id, now, {
      key: 'inbound',
      name: DEFAULT_INBOUND_FLOW_NAME,
      type: 'CONTACT_FLOW',
      description: 'Greets the customer, sets the disconnect flow and queues the chat in BasicQueue',
      content: defaultInboundFlow(a.queue(instance.id, queue.id), a.flow(instance.id, disconnectFlowId)),
    }),
  );
  const secret = await k.selectFrom('settings').select('value').where('key', '=', 'secret').executeTakeFirstOrThrow();
  return {
    instanceId: instance.id,
    basicQueueId: queue.id,
    inboundFlowId: await idOf('inbound', DEFAULT_INBOUND_FLOW_NAME),
    disconnectFlowId,
    customerQueueFlowId: await idOf('customer-queue', DEFAULT_CUSTOMER_QUEUE_FLOW_NAME),
    secret: secret.value,
  };
}

async function addFlowIfMissing(tx: Tx, instanceId: string, now: number, f: SeededFlow): Promise<void> {
  const id = seededFlowId(instanceId, f.key);
  const existing = await tx
    .selectFrom('flows')
    .select('id')
    .where('instance_id', '=', instanceId)
    .where((eb) => eb.or([eb('id', '=', id), eb('name', '=', f.name)]))
    .executeTakeFirst();
  if (existing) return;
  const content = JSON.stringify(f.content);
  await tx
    .insertInto('flow_versions')
    .values({ flow_id: id, version: 1, content, created_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await tx
    .insertInto('flows')
    .values({ id, version: 1, instance_id: instanceId, name: f.name, type: f.type, description: f.description, content, state: 'ACTIVE', status: 'PUBLISHED', created_at: now, updated_at: now })
    // Whatever unique key a concurrent seeder hit first (the id, or the name): it added the same flow.
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** A seeded flow's id: the same on every node and every start, so that seeding twice adds nothing. */
function seededFlowId(instanceId: string, key: string): string {
  const h = crypto.createHash('sha256').update(`parley-seed/${instanceId}/${key}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
