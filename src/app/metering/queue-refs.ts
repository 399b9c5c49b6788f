import { arns } from '../arn.js';
import type { Deps } from '../deps.js';

/** A queue as usage rows name it; Name is null for a queue deleted since. */
export interface QueueRef {
  Id: string;
  Arn: string;
  Name: string | null;
}

/**
 * The queues of usage rows by id. A segment's queue is a standard queue, or an agent's queue
 * (a transfer to an agent: its id is the user's, named by the username as ListQueues does).
 */
export async function queueRefs(deps: Deps, instanceId: string, ids: (string | null)[]): Promise<Map<string, QueueRef>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  const out = new Map<string, QueueRef>();
  if (!wanted.length) return out;
  const a = arns(deps.config);
  const db = deps.db.kysely;
  for (const q of await db.selectFrom('queues').select(['id', 'name']).where('instance_id', '=', instanceId).where('id', 'in', wanted).execute())
    out.set(q.id, { Id: q.id, Arn: a.queue(instanceId, q.id), Name: q.name });
  const agents = wanted.filter((id) => !out.has(id));
  if (agents.length)
    for (const u of await db.selectFrom('users').select(['id', 'username']).where('instance_id', '=', instanceId).where('id', 'in', agents).execute())
      out.set(u.id, { Id: u.id, Arn: a.agentQueue(instanceId, u.id), Name: u.username });
  for (const id of wanted) if (!out.has(id)) out.set(id, { Id: id, Arn: a.queue(instanceId, id), Name: null });
  return out;
}
