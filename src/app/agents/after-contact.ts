import { afterCommit, type Tx } from '../../adapters/store/db.js';
import { recordEvent } from '../contacts/events.js';
import type { Bus } from '../../adapters/bus/local-bus.js';
import type { TimerWake } from '../deps.js';

/** Who hears of an agent's work ending: the agent's sockets, and the router when a slot frees. */
export interface AgentNotices {
  bus: Pick<Bus, 'publishAgent'>;
  routing: TimerWake;
}

/** The durable timer that ends an agent's after-contact work when its limit is reached. */
export const ACW_TIMER = 'acw-limit';
/** The durable timer of an offer: not accepted within 20 s, the offer is missed (metrics.md §5.3). */
export const OFFER_TIMER = 'offer-timeout';
export const OFFER_TIMEOUT_MS = 20_000;

/**
 * The agent side of a contact ending for its agent (the agent left, the chat ended, a transfer
 * moved it on), in the caller's transaction: a connected agent enters after-contact work (the
 * slot stays taken until the agent clears it, or until the limit of the agent's routing profile,
 * else of the user's PhoneConfig; 0 means no limit); an offer not yet accepted is withdrawn and
 * its slot freed at once (the customer has gone). `participantId` limits it to one agent.
 */
export async function endAgentWork(tx: Tx, deps: AgentNotices, contactIds: readonly string[], at: number, participantId?: string): Promise<void> {
  if (!contactIds.length) return;
  let q = tx.selectFrom('agent_contacts').selectAll().where('contact_id', 'in', contactIds).where('state', 'in', ['CONNECTING', 'CONNECTED']);
  if (participantId) q = q.where('participant_id', '=', participantId);
  const rows = await q.execute();
  for (const r of rows) {
    if (r.state === 'CONNECTING') {
      await tx.deleteFrom('agent_contacts').where('id', '=', r.id).execute();
      await tx.deleteFrom('timers').where('kind', '=', OFFER_TIMER).where('target', '=', r.id).execute();
      await recordEvent(tx, at, { id: r.contact_id, instance_id: r.instance_id }, { type: 'OFFER_ENDED', agentId: r.user_id, outcome: 'WITHDRAWN' });
      // The slot is free at once: a waiting chat may take it now.
      afterCommit(tx, () => deps.routing.wake());
    } else {
      await tx.updateTable('agent_contacts').set({ state: 'ENDED', state_since: at, ended_at: at }).where('id', '=', r.id).execute();
      await recordEvent(tx, at, { id: r.contact_id, instance_id: r.instance_id }, { type: 'AFTER_CONTACT_WORK', agentId: r.user_id });
      const limit = await acwLimitSeconds(tx, r.user_id);
      if (limit > 0) await tx.insertInto('timers').values({ kind: ACW_TIMER, target: r.id, due_at: at + limit * 1000, lease_until: 0 }).onConflict((oc) => oc.doNothing()).execute();
    }
    afterCommit(tx, () => deps.bus.publishAgent(r.user_id));
  }
}

/** After-contact work limit in seconds: the routing profile's when set, else the user's PhoneConfig.AfterContactWorkTimeLimit. */
async function acwLimitSeconds(tx: Tx, userId: string): Promise<number> {
  const row = await tx
    .selectFrom('users')
    .innerJoin('routing_profiles', 'routing_profiles.id', 'users.routing_profile_id')
    .select(['routing_profiles.acw_seconds', 'users.phone_config'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!row) return 0;
  if (row.acw_seconds != null) return Number(row.acw_seconds);
  const phone = JSON.parse(row.phone_config) as { AfterContactWorkTimeLimit?: number };
  return phone.AfterContactWorkTimeLimit ?? 0;
}
