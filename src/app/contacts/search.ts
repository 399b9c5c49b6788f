import { invalidParameter } from '../../core/errors.js';
import { epochSeconds } from '../../core/time.js';
import { requireInstance } from '../admin/instances.js';
import { arns } from '../arn.js';
import type { Deps } from '../deps.js';
import { requestHash } from '../request-hash.js';
import { sign, unsign } from '../signing.js';

export interface SearchContactsInput {
  InstanceId: string;
  TimeRange: { Type: string; StartTime: number; EndTime: number };
  SearchCriteria?: {
    AgentIds?: string[];
    Channels?: string[];
    InitiationMethods?: string[];
    QueueIds?: string[];
    SearchableContactAttributes?: { Criteria: { Key: string; Values: string[] }[]; MatchType?: string };
  };
  MaxResults?: number;
  NextToken?: string;
  Sort?: { FieldName: string; Order: string };
}

/** The column of each TimeRange type (contacts have no scheduled time: chats are never scheduled). */
const TIME_COLUMNS = {
  INITIATION_TIMESTAMP: 'initiated_at',
  DISCONNECT_TIMESTAMP: 'disconnected_at',
  ENQUEUE_TIMESTAMP: 'enqueued_at',
  CONNECTED_TO_AGENT_TIMESTAMP: 'connected_to_agent_at',
} as const;
const SORT_COLUMNS = { ...TIME_COLUMNS, INITIATION_METHOD: 'initiation_method', CHANNEL: 'channel' } as const;

/** Segments searched in one request at most (before attribute matching): the time range must narrow it further. */
const MAX_SCANNED = 20_000;

type Cursor = { h: string; o: number };
type AttributeCriteria = NonNullable<NonNullable<SearchContactsInput['SearchCriteria']>['SearchableContactAttributes']>;

/**
 * SearchContacts: contact segments, live and ended, whose TimeRange time falls in the range and
 * that match every given criterion (agent = the agent who connected; attributes: every contact
 * attribute is searchable in Parley). Ordered by Sort (default: initiation time, newest first),
 * paged with a signed NextToken bound to the request.
 */
export async function searchContacts(deps: Deps, input: SearchContactsInput) {
  const db = deps.db.kysely;
  const instance = await requireInstance(db, input.InstanceId);
  const { TimeRange: range, SearchCriteria: crit = {} } = input;
  if (range.EndTime <= range.StartTime) throw invalidParameter('TimeRange EndTime must be after StartTime');
  const limit = input.MaxResults ?? 100;
  const { NextToken, MaxResults: _pageSize, ...request } = input;
  const hash = requestHash(request);
  let offset = 0;
  if (NextToken) {
    const c = unsign<Cursor>(deps.secret, 'contact-search-page', NextToken);
    if (!c || c.h !== hash) throw invalidParameter('NextToken is not valid for this request');
    offset = c.o;
  }
  const col = TIME_COLUMNS[range.Type as keyof typeof TIME_COLUMNS];
  if (range.Type === 'SCHEDULED_TIMESTAMP') return { Contacts: [], TotalCount: 0 };
  if (!col) throw invalidParameter(`TimeRange Type ${range.Type} is not supported`);
  let q = db
    .selectFrom('contacts')
    .innerJoin('chats', 'chats.id', 'contacts.chat_id')
    .selectAll('contacts')
    .select('chats.attributes')
    .where('contacts.instance_id', '=', instance.id)
    .where(`contacts.${col}`, '>=', range.StartTime * 1000)
    .where(`contacts.${col}`, '<', range.EndTime * 1000);
  if (crit.Channels?.length) q = q.where('contacts.channel', 'in', crit.Channels);
  if (crit.InitiationMethods?.length) q = q.where('contacts.initiation_method', 'in', crit.InitiationMethods);
  if (crit.QueueIds?.length) q = q.where('contacts.queue_id', 'in', crit.QueueIds.map(idOf));
  if (crit.AgentIds?.length) q = q.where('contacts.agent_id', 'in', crit.AgentIds.map(idOf)).where('contacts.connected_to_agent_at', 'is not', null);
  const rows = await q.limit(MAX_SCANNED + 1).execute();
  if (rows.length > MAX_SCANNED) throw invalidParameter(`More than ${MAX_SCANNED} contacts in this TimeRange: narrow it or add criteria`);
  const matching = rows.filter((r) => attributesMatch(JSON.parse(r.attributes) as Record<string, string>, crit.SearchableContactAttributes));
  const sortCol = SORT_COLUMNS[(input.Sort?.FieldName ?? 'INITIATION_TIMESTAMP') as keyof typeof SORT_COLUMNS];
  if (!sortCol) throw invalidParameter(`Sort FieldName ${input.Sort?.FieldName} is not supported`);
  const dir = (input.Sort?.Order ?? 'DESCENDING') === 'ASCENDING' ? 1 : -1;
  matching.sort((a, b) => dir * compare(a[sortCol], b[sortCol]) || compare(a.id, b.id));
  const page = matching.slice(offset, offset + limit);
  const a = arns(deps.config);
  const secs = (v: number | null) => (v === null ? undefined : epochSeconds(Number(v)));
  return {
    Contacts: page.map((c) => ({
      Arn: a.contact(instance.id, c.id),
      Id: c.id,
      InitialContactId: c.chat_id,
      PreviousContactId: c.previous_contact_id ?? undefined,
      InitiationMethod: c.initiation_method,
      Channel: c.channel,
      QueueInfo: c.queue_id ? { Id: c.queue_id, EnqueueTimestamp: secs(c.enqueued_at) } : undefined,
      AgentInfo: c.agent_id && c.connected_to_agent_at !== null ? { Id: c.agent_id, ConnectedToAgentTimestamp: secs(c.connected_to_agent_at) } : undefined,
      InitiationTimestamp: secs(c.initiated_at),
      DisconnectTimestamp: secs(c.disconnected_at),
      Name: c.name ?? undefined,
    })),
    TotalCount: matching.length,
    ...(offset + limit < matching.length ? { NextToken: sign(deps.secret, 'contact-search-page', { h: hash, o: offset + limit } satisfies Cursor) } : {}),
  };
}

const idOf = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return Number(a) === Number(a) && Number(b) === Number(b) ? Number(a) - Number(b) : String(a) < String(b) ? -1 : 1;
}

/** MATCH_ALL (default): every criterion holds; MATCH_ANY: one does. A criterion holds when the key has one of its values. */
function attributesMatch(attrs: Record<string, string>, s: AttributeCriteria | undefined): boolean {
  if (!s?.Criteria.length) return true;
  const holds = (c: { Key: string; Values: string[] }) => attrs[c.Key] !== undefined && c.Values.includes(attrs[c.Key]);
  return (s.MatchType ?? 'MATCH_ALL') === 'MATCH_ANY' ? s.Criteria.some(holds) : s.Criteria.every(holds);
}
