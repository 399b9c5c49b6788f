import { invalidParameter } from '../../core/errors.js';
import { isoTime } from '../../core/time.js';
import { requireInstance } from '../admin/instances.js';
import { arns } from '../arn.js';
import { requireContact } from '../chat/chat-records.js';
import type { Deps } from '../deps.js';
import { sign, unsign } from '../signing.js';

/**
 * One executed block, in the shape of Amazon Connect's flow log entries in CloudWatch
 * (ContactId, ContactFlowId as an ARN, ContactFlowName, ContactFlowModuleType, Identifier,
 * Timestamp, Parameters, Results), plus what Parley knows besides: Type (the flow-language action
 * type, the same as ContactFlowModuleType), Error (the ErrorType taken), ErrorDetail and NextAction.
 */
export interface FlowLogRecord {
  Timestamp: string;
  ContactId: string;
  ContactFlowId: string;
  ContactFlowName: string | null;
  ContactFlowModuleType: string;
  Type: string;
  Identifier: string;
  Parameters: Record<string, unknown>;
  Results: string | null;
  Error: string | null;
  /** Why the block failed, when the ErrorType alone does not say (an action Parley does not run on chat, an HTTP status). */
  ErrorDetail: string | null;
  NextAction: string | null;
}

export interface FlowLogPage {
  FlowLogs: FlowLogRecord[];
  NextToken?: string;
}

const DEFAULT_PAGE = 100;

interface Cursor {
  c: string; // the contact the token was made for
  n: number; // the last entry returned
}

/**
 * The flow logs of one contact segment, oldest first, a page at a time (written only while flow
 * logging is on: UpdateFlowLoggingBehavior, inherited by later segments). An unknown contact is
 * ResourceNotFoundException; a contact without logs has an empty list.
 */
export async function listFlowLogs(deps: Deps, instanceRef: string, contactId: string, opts: { maxResults?: number; nextToken?: string } = {}): Promise<FlowLogPage> {
  const db = deps.db.kysely;
  const instance = await requireInstance(db, instanceRef);
  const contact = await requireContact(db, instance.id, contactId);
  let after = 0;
  if (opts.nextToken) {
    const cursor = unsign<Cursor>(deps.secret, 'flow-log-page', opts.nextToken);
    if (!cursor || cursor.c !== contact.id || !Number.isInteger(cursor.n)) throw invalidParameter('nextToken is not valid for this contact');
    after = cursor.n;
  }
  const limit = opts.maxResults ?? DEFAULT_PAGE;
  const rows = await db
    .selectFrom('flow_logs')
    .leftJoin('flows', 'flows.id', 'flow_logs.flow_id')
    .select(['flow_logs.n', 'flow_logs.at', 'flow_logs.flow_id', 'flows.name', 'flow_logs.identifier', 'flow_logs.type', 'flow_logs.parameters', 'flow_logs.result', 'flow_logs.error', 'flow_logs.detail', 'flow_logs.next'])
    .where('flow_logs.contact_id', '=', contact.id)
    .where('flow_logs.n', '>', after)
    .orderBy('flow_logs.n')
    .limit(limit + 1)
    .execute();
  const a = arns(deps.config);
  const page = rows.slice(0, limit);
  return {
    FlowLogs: page.map((r) => ({
      Timestamp: isoTime(Number(r.at)),
      ContactId: contact.id,
      ContactFlowId: a.flow(instance.id, r.flow_id),
      ContactFlowName: r.name,
      ContactFlowModuleType: r.type,
      Type: r.type,
      Identifier: r.identifier,
      Parameters: JSON.parse(r.parameters) as Record<string, unknown>,
      Results: r.result,
      Error: r.error,
      ErrorDetail: r.detail,
      NextAction: r.next,
    })),
    ...(rows.length > limit ? { NextToken: sign(deps.secret, 'flow-log-page', { c: contact.id, n: Number(page[page.length - 1].n) } satisfies Cursor) } : {}),
  };
}
