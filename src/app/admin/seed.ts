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
  defaultTransferFlow,
  DEFAULT_AGENT_TRANSFER_FLOW_NAME,
  DEFAULT_QUEUE_TRANSFER_FLOW_NAME,
} from '../../core/flow/default-flows.js';
import type { FlowDocument } from '../../core/flow/flow-document.js';
import type { Ids } from '../../core/ports.js';
import { arns } from '../arn.js';
import { DAYS, type HoursConfig } from '../../core/routing/hours.js';
import { seedRouting, type SeededRouting } from './seed-routing.js';

export { DEFAULT_INBOUND_FLOW_NAME } from '../../core/flow/default-flows.js';
export const DEMO_INSTANCE_ALIAS = 'parley-demo';
export const BASIC_HOURS_NAME = 'Basic Hours';
/** Connect's default hours: every day 00:00–00:00 (24 hours), in UTC. */
const BASIC_HOURS: HoursConfig[] = DAYS.map((Day) => ({ Day, StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 } }));

export interface Seeded extends SeededRouting {
  instanceId: string;
  basicQueueId: string;
  basicHoursId: string;
  inboundFlowId: string;
  disconnectFlowId: string;
  customerQueueFlowId: string;
  queueTransferFlowId: string;
  agentTransferFlowId: string;
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
 * First start: a demo instance with BasicQueue, its Basic Hours (open 24/7) and the sample flows,
 * and the server secret. Later starts change nothing, except that what was added to the seed since
 * the data dir was made is added: sample flows (a flow the user already has under that name is
 * left alone), Basic Hours, and hours for a BasicQueue that has none. Safe to run from several
 * nodes at once: seeded rows have ids derived from the instance, so a second insert is a no-op.
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
  const basicHoursId = await seedBasicHours(db, instance.id, queue.id, now);
  const a = arns(config);
  // By name first (a data dir older than derived ids has its own), else by id (the user renamed it).
  const idOf = async (key: string, name: string) => {
    const rows = await k
      .selectFrom('flows')
      .select(['id', 'name'])
      .where('instance_id', '=', instance.id)
      .where((eb) => eb.or([eb('id', '=', seededId(instance.id, key)), eb('name', '=', name)]))
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
    await addFlowIfMissing(tx, instance.id, now, {
      key: 'queue-transfer',
      name: DEFAULT_QUEUE_TRANSFER_FLOW_NAME,
      type: 'QUEUE_TRANSFER',
      description: 'For queue quick connects: tells the customer and transfers to the queue',
      content: defaultTransferFlow(),
    });
    await addFlowIfMissing(tx, instance.id, now, {
      key: 'agent-transfer',
      name: DEFAULT_AGENT_TRANSFER_FLOW_NAME,
      type: 'AGENT_TRANSFER',
      description: 'For agent quick connects: tells the customer and transfers to the agent',
      content: defaultTransferFlow(),
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
  await db.write((tx) => addManagedViews(tx, instance.id, config.region, now));
  const routing = await seedRouting(db, instance.id, queue.id, (key) => seededId(instance.id, key), now);
  const secret = await k.selectFrom('settings').select('value').where('key', '=', 'secret').executeTakeFirstOrThrow();
  return {
    instanceId: instance.id,
    basicQueueId: queue.id,
    basicHoursId,
    inboundFlowId: await idOf('inbound', DEFAULT_INBOUND_FLOW_NAME),
    disconnectFlowId,
    customerQueueFlowId: await idOf('customer-queue', DEFAULT_CUSTOMER_QUEUE_FLOW_NAME),
    queueTransferFlowId: await idOf('queue-transfer', DEFAULT_QUEUE_TRANSFER_FLOW_NAME),
    agentTransferFlowId: await idOf('agent-transfer', DEFAULT_AGENT_TRANSFER_FLOW_NAME),
    secret: secret.value,
    ...routing,
  };
}

/** Basic Hours, unless the instance has them (by seeded id or by name), set on BasicQueue if it has no hours. */
async function seedBasicHours(db: Db, instanceId: string, queueId: string, now: number): Promise<string> {
  const id = seededId(instanceId, 'basic-hours');
  await db.write(async (tx) => {
    const existing = await tx
      .selectFrom('hours_of_operation')
      .select('id')
      .where('instance_id', '=', instanceId)
      .where((eb) => eb.or([eb('id', '=', id), eb('name', '=', BASIC_HOURS_NAME)]))
      .executeTakeFirst();
    if (!existing)
      await tx
        .insertInto('hours_of_operation')
        .values({ id, instance_id: instanceId, name: BASIC_HOURS_NAME, description: 'Open 24/7', time_zone: 'UTC', config: JSON.stringify(BASIC_HOURS), overrides: '[]', created_at: now, updated_at: now })
        // A concurrent seeder inserted the same row first.
        .onConflict((oc) => oc.doNothing())
        .execute();
  });
  const k = db.kysely;
  const rows = await k
    .selectFrom('hours_of_operation')
    .select(['id', 'name'])
    .where('instance_id', '=', instanceId)
    .where((eb) => eb.or([eb('id', '=', id), eb('name', '=', BASIC_HOURS_NAME)]))
    .execute();
  const hoursId = (rows.find((r) => r.name === BASIC_HOURS_NAME) ?? rows[0]).id;
  await db.write((tx) => tx.updateTable('queues').set({ hours_of_operation_id: hoursId }).where('id', '=', queueId).where('hours_of_operation_id', 'is', null).execute());
  return hoursId;
}

async function addFlowIfMissing(tx: Tx, instanceId: string, now: number, f: SeededFlow): Promise<void> {
  const id = seededId(instanceId, f.key);
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

/** A seeded resource's id: the same on every node and every start, so that seeding twice adds nothing. */
function seededId(instanceId: string, key: string): string {
  const h = crypto.createHash('sha256').update(`parley-seed/${instanceId}/${key}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * The AWS-managed views flows name in ShowView (ViewResource.Id
 * `arn:aws:connect:<region>:aws-managed:view/<Name>`). Parley's stand-ins have Connect's names,
 * ids and field shapes (a Template and an InputSchema, both JSON documents kept as strings, and
 * the actions that become the block's branches); their templates are Parley's own, small ones.
 */
const MANAGED_VIEWS: { name: string; actions: string[]; inputs: Record<string, unknown>; body: Record<string, unknown> }[] = [
  {
    name: 'Form',
    actions: ['Submit', 'Cancel', 'Back'],
    inputs: { Heading: { type: 'string' }, SubHeading: { type: 'string' }, Sections: { type: 'array', items: { type: 'object' } }, ErrorText: { type: 'string' } },
    body: { Type: 'Form', Props: { Heading: '$.Heading', SubHeading: '$.SubHeading', Sections: '$.Sections', ErrorText: '$.ErrorText' } },
  },
  {
    name: 'Confirmation',
    actions: ['Next'],
    inputs: { Heading: { type: 'string' }, SubHeading: { type: 'string' }, Next: { type: 'object' } },
    body: { Type: 'Confirmation', Props: { Heading: '$.Heading', SubHeading: '$.SubHeading', Next: '$.Next' } },
  },
  {
    name: 'Detail',
    actions: ['Next', 'Back'],
    inputs: { Heading: { type: 'string' }, Description: { type: 'string' }, Sections: { type: 'array', items: { type: 'object' } } },
    body: { Type: 'Detail', Props: { Heading: '$.Heading', Description: '$.Description', Sections: '$.Sections' } },
  },
  {
    name: 'List',
    actions: ['ActionSelected', 'Back'],
    inputs: { Heading: { type: 'string' }, Items: { type: 'array', items: { type: 'object' } } },
    body: { Type: 'List', Props: { Heading: '$.Heading', Items: '$.Items' } },
  },
  {
    name: 'Cards',
    actions: ['CardSelected', 'Back'],
    inputs: { Heading: { type: 'string' }, Cards: { type: 'array', items: { type: 'object' } } },
    body: { Type: 'Cards', Props: { Heading: '$.Heading', Cards: '$.Cards' } },
  },
];

/** Adds the managed views the instance lacks; a second run (or a concurrent node) adds nothing. */
async function addManagedViews(tx: Tx, instanceId: string, region: string, now: number): Promise<void> {
  for (const v of MANAGED_VIEWS) {
    const template = { Head: { Title: v.name }, Body: [{ _id: v.name, ...v.body }] };
    const schema = { type: 'object', properties: v.inputs };
    await tx
      .insertInto('views')
      .values({
        instance_id: instanceId,
        id: v.name,
        arn: `arn:aws:connect:${region}:aws-managed:view/${v.name}`,
        name: v.name,
        version: 1,
        template: JSON.stringify(template),
        input_schema: JSON.stringify(schema),
        actions: JSON.stringify(v.actions),
        managed: 1,
        created_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
