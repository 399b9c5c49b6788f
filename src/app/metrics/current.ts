import crypto from 'node:crypto';
import type { Tx } from '../../adapters/store/db.js';
import { invalidParameter, notFound } from '../../core/errors.js';
import { aggregateCurrent, CURRENT_METRIC_UNITS, sortRows, type ComputedMetric, type CurrentRow } from '../../core/metrics/current.js';
import { checkCurrentRequest, type CurrentMetricRequest } from '../../core/metrics/current-rules.js';
import { epochSeconds } from '../../core/time.js';
import { requireInstance } from '../admin/instances.js';
import { idFromRef } from '../arn.js';
import type { Deps } from '../deps.js';
import { sign, unsign } from '../signing.js';
import { readLiveSnapshot } from './live-snapshot.js';
import { activeChatsOf } from '../chat/chat-quota.js';

export interface GetCurrentMetricDataInput extends CurrentMetricRequest {
  NextToken?: string;
  MaxResults?: number;
}

/** Connect: "The token expires after 5 minutes from the time it is created." */
const TOKEN_TTL_MS = 5 * 60_000;
/** Shared with GetMetricData's pages: the key (instance and parameters) keeps a token to the request that made it. */
const PAGE_PURPOSE = 'metric-data-page';
interface PageCursor {
  k: string;
  o: number;
  t: number;
}

/**
 * GetCurrentMetricData: the instance's live figures aggregated by the request's groupings and
 * filters (core/metrics/current.ts), sorted, one page at a time. Each page is computed afresh at
 * its DataSnapshotTime (nothing is cached between pages): the NextToken carries the position in
 * the sorted results, signed with the request's parameters, and expires after 5 minutes.
 */
export async function getCurrentMetricData(deps: Deps, instanceRef: string, input: GetCurrentMetricDataInput) {
  const metrics = checkCurrentRequest(input);
  const k = deps.db.kysely;
  const instance = await requireInstance(k, instanceRef);
  const f = input.Filters;
  const queues = f.Queues ? await resolveQueues(k, instance.id, f.Queues) : undefined;
  const profileIds = f.RoutingProfiles ? await resolveIds(k, 'routing_profiles', instance.id, f.RoutingProfiles, 'RoutingProfile', 'ROUTING_PROFILE') : undefined;
  const statusIds = f.AgentStatuses ? await resolveIds(k, 'agent_statuses', instance.id, f.AgentStatuses, 'AgentStatus', 'AGENT_STATUS') : undefined;
  const now = deps.clock.now();
  const { NextToken: _t, MaxResults: _m, ...params } = input;
  const key = `current-metrics:${crypto.createHash('sha256').update(JSON.stringify([instance.id, params])).digest('base64url')}`;
  const offset = offsetOf(deps, key, input.NextToken, now);

  const groupings = input.Groupings ?? [];
  const snapshot = await readLiveSnapshot(k, deps.config, instance.id, now, queues?.agentQueues);
  const sort = input.SortCriteria?.[0];
  const rows = sortRows(
    aggregateCurrent(snapshot, { queueIds: queues?.ids, channels: f.Channels && [...new Set(f.Channels)], profileIds, statusIds, groupings }),
    sort?.SortByMetric as ComputedMetric | undefined,
    sort?.SortOrder,
  );
  const limit = input.MaxResults ?? 100;
  const next = offset + limit;
  return {
    MetricResults: rows.slice(offset, next).map((r) => present(r, metrics, groupings.length > 0)),
    ...(next < rows.length ? { NextToken: sign(deps.secret, PAGE_PURPOSE, { k: key, o: next, t: now } satisfies PageCursor) } : {}),
    DataSnapshotTime: epochSeconds(now),
    ApproximateTotalCount: rows.length,
  };
}

/** A result as the wire has it: every requested metric, in the order asked; OLDEST_CONTACT_AGE in ms without groupings (Connect's quirk). */
function present(r: CurrentRow, metrics: ComputedMetric[], grouped: boolean) {
  return {
    Dimensions: {
      ...(r.queue ? { Queue: { Id: r.queue.id, Arn: r.queue.arn } } : {}),
      ...(r.channel ? { Channel: r.channel } : {}),
      ...(r.profile ? { RoutingProfile: { Id: r.profile.id, Arn: r.profile.arn } } : {}),
      ...(r.status ? { AgentStatus: { Id: r.status.id, Arn: r.status.arn } } : {}),
    },
    Collections: metrics.map((Name) => {
      const raw = r.values[Name];
      const Value = Name === 'OLDEST_CONTACT_AGE' && grouped ? Math.floor(raw / 1000) : raw;
      return { Metric: { Name, Unit: CURRENT_METRIC_UNITS[Name] }, Value };
    }),
  };
}

function offsetOf(deps: Deps, key: string, token: string | undefined, now: number): number {
  if (token === undefined) return 0;
  const c = unsign<PageCursor>(deps.secret, PAGE_PURPOSE, token);
  if (!c || c.k !== key || !Number.isInteger(c.o)) throw invalidParameter('NextToken is not valid for this request (replay it with the same parameters)');
  if (now - c.t > TOKEN_TTL_MS) throw invalidParameter('NextToken has expired (tokens last 5 minutes)');
  return c.o;
}

/** Queue ids from ids or ARNs: standard queues, or agents' own queues (the user's id, `…/queue/agent/<id>`). */
async function resolveQueues(db: Tx, instanceId: string, refs: string[]) {
  const ids = [...new Set(refs.map(idFromRef))];
  const standard = await db.selectFrom('queues').select('id').where('instance_id', '=', instanceId).where('id', 'in', ids).execute();
  const users = await db.selectFrom('users').select('id').where('instance_id', '=', instanceId).where('id', 'in', ids).execute();
  const known = new Set([...standard, ...users].map((r) => r.id));
  const missing = refs.find((r) => !known.has(idFromRef(r)));
  if (missing) throw notFound('Queue', missing, 'QUEUE');
  return { ids, agentQueues: users.map((u) => u.id).filter((id) => !standard.some((s) => s.id === id)) };
}

async function resolveIds(db: Tx, table: 'routing_profiles' | 'agent_statuses', instanceId: string, refs: string[], what: string, type: string): Promise<string[]> {
  const ids = [...new Set(refs.map(idFromRef))];
  const rows = await db.selectFrom(table).select('id').where('instance_id', '=', instanceId).where('id', 'in', ids).execute();
  const missing = refs.find((r) => !rows.some((x) => x.id === idFromRef(r)));
  if (missing) throw notFound(what, missing, type);
  return ids;
}

/** A queue's live figures, with GetCurrentMetricData's definitions (agentsAfterContactWork counts contacts, as Connect's does). */
export interface QueueLiveFigures {
  queueId: string;
  queueName: string;
  inQueue: number;
  oldestMs: number;
  agentsOnline: number;
  agentsAvailable: number;
  agentsOnContact: number;
  agentsAfterContactWork: number;
  agentsError: number;
}

export interface InstanceLiveFigures {
  instanceId: string;
  alias: string;
  activeChats: number;
  queues: QueueLiveFigures[];
}

/**
 * The live figures of every standard queue of every instance (or of one), on the channels Parley
 * routes: what GetCurrentMetricData grouped by QUEUE answers, for the Prometheus endpoint and dashboards.
 */
export async function liveQueueFigures(deps: Pick<Deps, 'db' | 'config' | 'clock'>, instanceId?: string): Promise<InstanceLiveFigures[]> {
  let q = activeChatsOf(deps.db.kysely).orderBy('alias');
  if (instanceId) q = q.where('id', '=', instanceId);
  const out: InstanceLiveFigures[] = [];
  for (const i of await q.execute()) {
    const snapshot = await readLiveSnapshot(deps.db.kysely, deps.config, i.id, deps.clock.now());
    const rows = aggregateCurrent(snapshot, { groupings: ['QUEUE'] });
    out.push({
      instanceId: i.id,
      alias: i.alias,
      activeChats: Number(i.active_chats),
      queues: rows.map(({ queue, values: v }) => ({
        queueId: queue!.id,
        queueName: queue!.name,
        inQueue: v.CONTACTS_IN_QUEUE,
        oldestMs: v.OLDEST_CONTACT_AGE,
        agentsOnline: v.AGENTS_ONLINE,
        agentsAvailable: v.AGENTS_AVAILABLE,
        agentsOnContact: v.AGENTS_ON_CONTACT,
        agentsAfterContactWork: v.AGENTS_AFTER_CONTACT_WORK,
        agentsError: v.AGENTS_ERROR,
      })),
    });
  }
  return out;
}
