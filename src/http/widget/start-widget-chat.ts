import { hashToken } from '../../adapters/ids.js';
import { idFromRef } from '../../app/arn.js';
import { startChat, type StartChatResult } from '../../app/chat/start-chat.js';
import type { Deps } from '../../app/deps.js';
import { accessDenied, invalidParameter, notFound } from '../../core/errors.js';
import { requireInstance } from '../../app/admin/instances.js';
import { WIDGET_ATTRIBUTE_LIMITS, type StartWidgetChatInput } from './schemas.js';

/** What a widget chat supports: markdown, and interactive messages (list and time pickers). */
export const WIDGET_CONTENT_TYPES = [
  'text/plain',
  'text/markdown',
  'application/vnd.amazonaws.connect.message.interactive',
  'application/vnd.amazonaws.connect.message.interactive.response',
];

/**
 * Starts a chat for an anonymous page: only a flow the operator opened to widgets
 * (PARLEY_WIDGET_FLOWS, by id, ARN or name), small attributes, and a persistent chat only for
 * the holder of the past chat's customer token. Then it is StartChatContact, unchanged.
 */
export async function startWidgetChat(deps: Deps, input: StartWidgetChatInput): Promise<StartChatResult> {
  const db = deps.db.kysely;
  const instance = await requireInstance(db, input.InstanceId);
  const flowId = await allowedFlow(deps, instance.id, input.ContactFlowId);
  const attrs = input.Attributes ?? {};
  const bytes = Object.entries(attrs).reduce((n, [k, v]) => n + new TextEncoder().encode(k + v).length, 0);
  if (bytes > WIDGET_ATTRIBUTE_LIMITS.totalBytes) throw invalidParameter(`Attributes are ${bytes} bytes; a widget may send at most ${WIDGET_ATTRIBUTE_LIMITS.totalBytes}`);
  let sourceChatId: string | undefined;
  if (input.PersistentChat) {
    const { SourceContactId, ParticipantToken } = input.PersistentChat;
    const owner = await db.selectFrom('participants').select(['chat_id', 'role']).where('token_hash', '=', hashToken(ParticipantToken)).executeTakeFirst();
    const contact = await db.selectFrom('contacts').select('chat_id').where('id', '=', SourceContactId).where('instance_id', '=', instance.id).executeTakeFirst();
    // The same answer whether the contact is unknown or not the caller's: nothing to probe with.
    if (!owner || owner.role !== 'CUSTOMER' || !contact || contact.chat_id !== owner.chat_id)
      throw accessDenied('PersistentChat: the participant token is not the customer token of that contact');
    sourceChatId = contact.chat_id;
  }
  return startChat(deps, {
    InstanceId: instance.id,
    ContactFlowId: flowId,
    ParticipantDetails: { DisplayName: input.DisplayName },
    Attributes: attrs,
    SupportedMessagingContentTypes: WIDGET_CONTENT_TYPES,
    // Namespaced, so that a widget's token can never replay a StartChatContact made with the API.
    ...(input.ClientToken ? { ClientToken: `widget:${input.ClientToken}` } : {}),
    // The chat's initial contact id is the chat's id: the whole past session is continued.
    ...(sourceChatId ? { PersistentChat: { SourceContactId: sourceChatId, RehydrationType: 'ENTIRE_PAST_SESSION' as const } } : {}),
  });
}

/** The flow's id, when the flow exists in the instance and PARLEY_WIDGET_FLOWS names it (id, ARN or name). */
async function allowedFlow(deps: Deps, instanceId: string, ref: string): Promise<string> {
  const db = deps.db.kysely;
  const byId = await db.selectFrom('flows').select(['id', 'name']).where('instance_id', '=', instanceId).where('id', '=', idFromRef(ref)).executeTakeFirst();
  const flow = byId ?? (await db.selectFrom('flows').select(['id', 'name']).where('instance_id', '=', instanceId).where('name', '=', ref).executeTakeFirst());
  if (!flow) throw notFound('Contact flow', ref, 'CONTACT_FLOW');
  const allowed = deps.config.widgetFlows.some((f) => f === flow.name || idFromRef(f) === flow.id);
  if (!allowed) throw accessDenied(`Flow ${ref} is not open to the widget (PARLEY_WIDGET_FLOWS)`);
  return flow.id;
}
