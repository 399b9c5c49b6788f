import { checkAttributes, checkAttributesSize } from '../../core/chat/attributes.js';
import { MAX_CONTENT, SUPPORTED_MESSAGING_TYPES, isMessageContentType } from '../../core/chat/content-types.js';
import { invalidParameter } from '../../core/errors.js';
import type { StartChatContactInput } from '../../http/connect/schemas.js';

const INTERACTIVE = 'application/vnd.amazonaws.connect.message.interactive';

/** The rules of StartChatContact that a schema cannot say. Pure; throws INVALID_PARAMETER. */
export function checkStartChatInput(input: StartChatContactInput): string[] {
  const supported = input.SupportedMessagingContentTypes ?? ['text/plain'];
  if (!supported.includes('text/plain')) throw invalidParameter('SupportedMessagingContentTypes must include text/plain');
  for (const t of supported)
    if (!SUPPORTED_MESSAGING_TYPES.includes(t)) throw invalidParameter(`SupportedMessagingContentTypes: unsupported content type ${t}`);
  if (input.PersistentChat && input.RelatedContactId)
    throw invalidParameter('PersistentChat and RelatedContactId cannot be used together');
  if (input.Attributes) {
    checkAttributes(input.Attributes);
    checkAttributesSize(input.Attributes);
  }
  const msg = input.InitialMessage;
  if (msg) {
    if (!isMessageContentType(msg.ContentType) || msg.ContentType === INTERACTIVE)
      throw invalidParameter(`InitialMessage.ContentType ${msg.ContentType} is not a type a customer can send`);
    if (msg.ContentType !== 'text/plain' && !supported.includes(msg.ContentType))
      throw invalidParameter(`InitialMessage.ContentType ${msg.ContentType} is not in SupportedMessagingContentTypes`);
    if (msg.Content.length > MAX_CONTENT) throw invalidParameter(`InitialMessage.Content is longer than ${MAX_CONTENT}`);
    if (msg.ContentType === 'application/json') {
      try {
        JSON.parse(msg.Content);
      } catch {
        throw invalidParameter('InitialMessage.Content is not valid JSON');
      }
    }
  }
  const subtype = input.SegmentAttributes?.['connect:Subtype']?.ValueString;
  if (subtype === 'connect:Guide' && !(supported.includes(INTERACTIVE) && supported.includes(`${INTERACTIVE}.response`)))
    throw invalidParameter('connect:Guide chats need both interactive content types in SupportedMessagingContentTypes');
  return supported;
}
