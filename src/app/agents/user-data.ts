import { invalidParameter } from '../../core/errors.js';
import { epochSeconds } from '../../core/time.js';
import { cursorOf, namePage } from '../admin/hours.js';
import { requireInstance } from '../admin/instances.js';
import { idFromRef } from '../arn.js';
import type { Deps } from '../deps.js';
import { agentSnapshot, type AgentSnapshot } from './snapshot.js';

export interface UserDataFilters {
  Queues?: string[];
  RoutingProfiles?: string[];
  Agents?: string[];
  UserHierarchyGroups?: string[];
  ContactFilter?: { ContactStates?: string[] };
}

/**
 * GetCurrentUserData: the live state of the agents a filter names (by queue served, routing
 * profile or user; exactly one of them, as Connect requires). Agents who are logged out (Offline,
 * no socket, no contact) have no current data and are left out, as in Connect.
 */
export async function getCurrentUserData(deps: Deps, instanceRef: string, filters: UserDataFilters, page: { MaxResults?: number; NextToken?: string }) {
  const instance = await requireInstance(deps.db.kysely, instanceRef);
  const kinds = (['Queues', 'RoutingProfiles', 'Agents', 'UserHierarchyGroups'] as const).filter((k) => filters[k] !== undefined);
  if (kinds.length !== 1) throw invalidParameter('Filters must name exactly one of Queues, RoutingProfiles, Agents and UserHierarchyGroups');
  const kind = kinds[0];
  const ids = filters[kind]!.map(idFromRef);
  const key = `userdata:${instance.id}:${kind}:${[...ids].sort().join(',')}:${(filters.ContactFilter?.ContactStates ?? []).join(',')}`;
  const after = cursorOf(deps, key, page.NextToken);
  const limit = page.MaxResults ?? 100;
  let q = deps.db.kysely.selectFrom('users').innerJoin('agents', 'agents.user_id', 'users.id').select(['users.id', 'users.id as name']).where('users.instance_id', '=', instance.id);
  if (kind === 'UserHierarchyGroups') return { UserDataList: [], ApproximateTotalCount: 0 };
  if (kind === 'Agents') q = q.where('users.id', 'in', ids);
  if (kind === 'RoutingProfiles') q = q.where('users.routing_profile_id', 'in', ids);
  if (kind === 'Queues') q = q.where((eb) => eb.or([eb('users.id', 'in', ids), eb('users.routing_profile_id', 'in', eb.selectFrom('routing_profile_queues').select('routing_profile_id').where('queue_id', 'in', ids))]));
  if (after) q = q.where('users.id', '>', after.i);
  const candidates = await q.orderBy('users.id').execute();
  const wall = Date.now();
  const states = filters.ContactFilter?.ContactStates;
  const live: { id: string; name: string; snap: AgentSnapshot }[] = [];
  for (const c of candidates) {
    if (live.length > limit) break;
    const snap = await agentSnapshot(deps.db, deps.config, c.id, wall);
    if (!snap.Online && snap.AgentStatus.Type === 'OFFLINE' && !snap.Contacts.length) continue;
    if (states?.length && !snap.Contacts.some((x) => states.includes(x.State))) continue;
    live.push({ id: c.id, name: c.id, snap });
  }
  const { shown, NextToken } = namePage(deps, key, live, limit);
  return { UserDataList: shown.map((s) => userData(s.snap)), ApproximateTotalCount: shown.length, ...(NextToken ? { NextToken } : {}) };
}

const seconds = (iso: string) => epochSeconds(Date.parse(iso));

function userData(s: AgentSnapshot) {
  const byChannel = (f: (c: AgentSnapshot['RoutingProfile']['Concurrency'][number]) => number) => Object.fromEntries(s.RoutingProfile.Concurrency.map((c) => [c.Channel, f(c)]));
  return {
    User: { Id: s.User.Id, Arn: s.User.Arn },
    RoutingProfile: { Id: s.RoutingProfile.Id, Arn: s.RoutingProfile.Arn },
    HierarchyPath: {},
    Status: { StatusStartTimestamp: seconds(s.AgentStatus.StartTimestamp!), StatusArn: s.AgentStatus.ARN, StatusName: s.AgentStatus.Name },
    AvailableSlotsByChannel: byChannel((c) => c.AvailableSlots),
    MaxSlotsByChannel: byChannel((c) => c.MaximumSlots),
    ActiveSlotsByChannel: byChannel((c) => s.Contacts.filter((x) => x.Channel === c.Channel).length),
    Contacts: s.Contacts.map((c) => ({
      ContactId: c.ContactId,
      Channel: c.Channel,
      InitiationMethod: c.InitiationMethod,
      AgentContactState: c.State,
      StateStartTimestamp: seconds(c.StateStartTimestamp),
      ...(c.ConnectedToAgentTimestamp ? { ConnectedToAgentTimestamp: seconds(c.ConnectedToAgentTimestamp) } : {}),
      ...(c.Queue ? { Queue: { Id: c.Queue.Id, Arn: c.Queue.Arn } } : {}),
    })),
    ...(s.NextAgentStatus ? { NextStatus: s.NextAgentStatus.Name } : {}),
  };
}
