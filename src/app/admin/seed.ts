import crypto from 'node:crypto';
import type { Config } from '../../config.js';
import type { Db } from '../../adapters/store/db.js';
import { defaultInboundFlow } from '../../core/flow/default-flows.js';
import type { Ids } from '../../core/ports.js';
import { arns } from '../arn.js';

export const DEMO_INSTANCE_ALIAS = 'parley-demo';
export const DEFAULT_INBOUND_FLOW_NAME = 'Default inbound chat';

export interface Seeded {
  instanceId: string;
  basicQueueId: string;
  inboundFlowId: string;
  secret: string;
}

/**
 * First start: a demo instance with BasicQueue and the default inbound chat flow, and the server
 * secret. Later starts find them and change nothing. Safe to run from several nodes at once.
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
    if (!inserted) return;
    const queueId = ids.uuid();
    await tx.insertInto('queues').values({ id: queueId, instance_id: instanceId, name: 'BasicQueue', description: 'The default queue', created_at: now }).execute();
    const flow = defaultInboundFlow(arns(config).queue(instanceId, queueId));
    const flowId = ids.uuid();
    await tx.insertInto('flow_versions').values({ flow_id: flowId, version: 1, content: JSON.stringify(flow), created_at: now }).execute();
    await tx
      .insertInto('flows')
      .values({
        id: flowId,
        version: 1,
        instance_id: instanceId,
        name: DEFAULT_INBOUND_FLOW_NAME,
        type: 'CONTACT_FLOW',
        description: 'Greets the customer and queues the chat in BasicQueue',
        content: JSON.stringify(flow),
        state: 'ACTIVE',
        status: 'PUBLISHED',
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  const k = db.kysely;
  const instance = await k.selectFrom('instances').select('id').where('alias', '=', DEMO_INSTANCE_ALIAS).executeTakeFirstOrThrow();
  const queue = await k.selectFrom('queues').select('id').where('instance_id', '=', instance.id).where('name', '=', 'BasicQueue').executeTakeFirstOrThrow();
  const flow = await k.selectFrom('flows').select('id').where('instance_id', '=', instance.id).where('name', '=', DEFAULT_INBOUND_FLOW_NAME).executeTakeFirstOrThrow();
  const secret = await k.selectFrom('settings').select('value').where('key', '=', 'secret').executeTakeFirstOrThrow();
  return { instanceId: instance.id, basicQueueId: queue.id, inboundFlowId: flow.id, secret: secret.value };
}
