import { hashToken } from '../../adapters/ids.js';
import type { Tx } from '../../adapters/store/db.js';
import { appendItems } from '../../adapters/store/items-repo.js';
import type { Database } from '../../adapters/store/schema.js';
import { MAX_CONTENT } from '../../core/chat/content-types.js';
import type { StoredItem } from '../../core/chat/items.js';
import type { FlowCommand } from '../../core/flow/commands.js';
import { pauseOf, type FlowExecution, type Parked } from '../../core/flow/execution.js';
import { DomainError } from '../../core/errors.js';
import { idFromRef } from '../arn.js';
import { requireChat, systemOf } from '../chat/chat-records.js';
import type { Caller } from '../chat/participant-auth.js';
import { messageItem } from '../chat/system-items.js';
import { chainOf } from '../chat/transcript.js';
import type { Deps } from '../deps.js';
import { performExternal, publishContact } from './external.js';
import { lockSegment } from './lock-segment.js';
import { advanceFlow, heardFromOutside, type ExternalCall } from './runner.js';

/*
 * ShowView on a chat (spec/flow-language.md §5.27, connect-chat-api.md §3.7). The flow parks on
 * the view; after commit the view is posted to the customer as an interactive ViewResource
 * message carrying a view token; the client reads the view with DescribeView (the token, scoped
 * to the chat, is stored hashed); the customer answers with an interactive.response naming an
 * action, and the flow goes on with the action as the block's result and $.Views set. The flow
 * timer ends an unanswered view with TimeLimitExceeded (flow-timer.ts).
 */

export const INTERACTIVE = 'application/vnd.amazonaws.connect.message.interactive';
export const INTERACTIVE_RESPONSE = 'application/vnd.amazonaws.connect.message.interactive.response';
const TEMPLATE = { templateType: 'ViewResource', version: '1.0' } as const;
/** What GetTranscript shows instead of a response whose block said HideResponseOn TRANSCRIPT. */
const REDACTED = JSON.stringify({ ...TEMPLATE, data: { content: { redacted: true } } });

type ShowView = Extract<FlowCommand, { kind: 'show-view' }>;
type ViewParked = Extract<Parked, { kind: 'view' }>;
type ViewRow = Database['views'];

/** DescribeView's View (connect-chat-api.md §3.7). */
export interface ViewShape {
  Id: string;
  Arn: string;
  Name: string;
  Version: number;
  Content: { InputSchema: string; Template: string; Actions: string[] };
}

const shape = (v: ViewRow): ViewShape => ({
  Id: v.id,
  Arn: v.arn,
  Name: v.name,
  Version: Number(v.version),
  Content: { InputSchema: v.input_schema, Template: v.template, Actions: JSON.parse(v.actions) as string[] },
});

const MANAGED_ARN = /^arn:aws[a-z-]*:connect:[^:]*:aws-managed:view\/([^/]+)$/;

/**
 * A view of the instance by id, ARN or name. A version qualifier (`:1`, `:$LATEST`) is dropped:
 * Parley keeps one version. An AWS-managed view's ARN matches whatever region the flow was
 * exported from, as the managed view exists in every region.
 */
export async function findView(db: Tx, instanceId: string, ref: string): Promise<ViewRow | undefined> {
  const r = ref.replace(/:(\d+|\$LATEST|\$SAVED)$/, '');
  const managed = MANAGED_ARN.exec(r);
  const ids = [r, managed ? managed[1] : idFromRef(r)];
  return db
    .selectFrom('views')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where((eb) => eb.or([eb('id', 'in', ids), eb('arn', '=', r), eb('name', '=', r)]))
    .orderBy('managed')
    .executeTakeFirst();
}

/** The contact's execution when its flow is parked on a view (the segment locked first), else null. */
async function loadParked(tx: Tx, contactId: string): Promise<{ exec: FlowExecution; parked: ViewParked } | null> {
  await lockSegment(tx, contactId);
  const row = await tx.selectFrom('contacts').select(['flow_state', 'state']).where('id', '=', contactId).executeTakeFirst();
  if (!row?.flow_state || row.state === 'ENDED') return null;
  const exec = JSON.parse(row.flow_state) as FlowExecution;
  return exec.parked?.kind === 'view' ? { exec, parked: exec.parked } : null;
}

/**
 * Posts the view the flow is parked on to the customer, after the flow's transaction committed.
 * A view the instance lacks, or a chat that cannot show interactive messages, takes the block's
 * error branch instead.
 */
export async function presentView(deps: Deps, call: ExternalCall): Promise<void> {
  const c = call.command as ShowView;
  const contactId = call.contactId;
  const next = await deps.db.write(async (tx): Promise<ExternalCall | null> => {
    const loaded = await loadParked(tx, contactId);
    if (!loaded || loaded.parked.invocation) return null;
    const contact = await tx.selectFrom('contacts').select(['chat_id', 'instance_id']).where('id', '=', contactId).executeTakeFirstOrThrow();
    const chat = await requireChat(tx, contact.chat_id);
    if (chat.ended_at !== null) return null;
    const fail = (detail: string) => advanceFlow(deps, tx, contactId, { kind: 'error', type: 'NoMatchingError', detail }, pauseOf(loaded.parked));
    const view = await findView(tx, contact.instance_id, c.viewRef);
    if (!view) return fail(`no view ${c.viewRef} in this instance`);
    if (!(JSON.parse(chat.supported_types) as string[]).includes(INTERACTIVE))
      return fail(`the chat cannot show views: its SupportedMessagingContentTypes lack ${INTERACTIVE}`);
    const token = deps.ids.token();
    const content = JSON.stringify({ ...TEMPLATE, data: { content: { viewId: view.id, viewToken: token, viewData: c.data } } });
    if (content.length > MAX_CONTENT) return fail(`the view message would be ${content.length} characters (at most ${MAX_CONTENT})`);
    const id = deps.ids.uuid();
    await tx
      .insertInto('view_invocations')
      .values({ id, token_hash: hashToken(token), chat_id: chat.id, contact_id: contactId, view: JSON.stringify(shape(view)), hide_response: c.hideResponse ? 1 : 0, created_at: deps.clock.now(), response_item_id: null })
      .execute();
    await appendItems(tx, chat.id, [messageItem(deps.ids, contactId, await systemOf(tx, chat.id), INTERACTIVE, content)], deps.clock.now());
    const exec: FlowExecution = { ...loaded.exec, parked: { ...loaded.parked, invocation: id } };
    await tx.updateTable('contacts').set({ flow_state: JSON.stringify(exec) }).where('id', '=', contactId).execute();
    return null;
  });
  await publishContact(deps, contactId);
  if (next) performExternal(deps, next);
}

interface ViewResponse {
  token?: string;
  action: string | null;
  data: Record<string, unknown>;
}

/**
 * A customer's interactive.response to a view: `{templateType: "ViewResource", data: {content:
 * {viewToken, action, viewResultData}}}`. The PascalCase spellings are accepted too. Null when
 * the content is not a view response (another template's answer, or not JSON).
 */
export function parseViewResponse(content: string): ViewResponse | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const top = parsed as { templateType?: unknown; data?: { content?: unknown } };
  if (top.templateType !== undefined && top.templateType !== TEMPLATE.templateType) return null;
  const body = (top.data?.content ?? top.data ?? top) as Record<string, unknown>;
  if (!body || typeof body !== 'object') return null;
  const action = body.action ?? body.Action;
  const data = body.viewResultData ?? body.ViewResultData;
  const token = body.viewToken ?? body.ViewToken;
  return {
    ...(typeof token === 'string' ? { token } : {}),
    action: typeof action === 'string' && action.trim() !== '' ? action : null,
    data: data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {},
  };
}

/**
 * A customer message, already in the transcript, for a flow parked on a view that was shown: an
 * interactive.response to that view resumes the flow in the message's transaction, on the
 * action's branch (NoMatchingCondition when it names none). Anything else leaves the view
 * waiting (undefined: no flow took the message).
 */
export async function viewInput(deps: Deps, tx: Tx, contactId: string, item: StoredItem): Promise<ExternalCall | null | undefined> {
  if (!item.content || item.contentType !== INTERACTIVE_RESPONSE) return undefined;
  const loaded = await loadParked(tx, contactId);
  if (!loaded?.parked.invocation) return undefined;
  const invocation = await tx.selectFrom('view_invocations').selectAll().where('id', '=', loaded.parked.invocation).executeTakeFirst();
  if (!invocation) return undefined;
  const response = parseViewResponse(item.content);
  // An answer to an earlier view of the chat is not an answer to this one.
  if (!response || (response.token !== undefined && hashToken(response.token) !== invocation.token_hash)) return undefined;
  await tx.updateTable('view_invocations').set({ response_item_id: item.id }).where('id', '=', invocation.id).execute();
  // The customer answered: the flow heard from outside.
  const setViews = (e: FlowExecution) => {
    e.views = { Action: response.action, ViewResultData: response.data };
    heardFromOutside(e);
  };
  const event = response.action !== null ? ({ kind: 'result', value: response.action } as const) : ({ kind: 'error', type: 'NoMatchingCondition', detail: 'the view response names no action' } as const);
  return advanceFlow(deps, tx, contactId, event, pauseOf(loaded.parked), setViews);
}

/**
 * DescribeView: the view a token of this chat (or of a past session it continues) was made for,
 * as it was shown. Any other token is ResourceNotFoundException, whoever made it.
 */
export async function describeView(deps: Deps, caller: Caller, viewToken: string): Promise<{ View: ViewShape }> {
  const db = deps.db.kysely;
  const row = await db.selectFrom('view_invocations').select(['chat_id', 'view']).where('token_hash', '=', hashToken(viewToken)).executeTakeFirst();
  const chats = row ? (await chainOf(db, caller.chat.id)).map((s) => s.chatId) : [];
  if (!row || !chats.includes(row.chat_id)) throw new DomainError('NOT_FOUND', 'No view was shown in this chat with this view token', { ResourceType: 'VIEW' });
  return { View: JSON.parse(row.view) as ViewShape };
}

/** Of these items, the view responses that GetTranscript presents redacted (HideResponseOn TRANSCRIPT). */
export async function hiddenViewResponses(db: Tx, itemIds: string[]): Promise<Set<string>> {
  if (!itemIds.length) return new Set();
  const rows = await db.selectFrom('view_invocations').select('response_item_id').where('hide_response', '=', 1).where('response_item_id', 'in', itemIds).execute();
  return new Set(rows.map((r) => r.response_item_id!));
}

/** A hidden view response as the transcript shows it: kept in the store, its content withheld. */
export const redactedViewResponse = (item: StoredItem): StoredItem => ({ ...item, content: REDACTED });
