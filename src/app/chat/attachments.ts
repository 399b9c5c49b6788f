import { sql } from 'kysely';
import type { Readable } from 'node:stream';
import { appendItems } from '../../adapters/store/items-repo.js';
import { BlobExistsError } from '../../adapters/blob/fs-blob-store.js';
import { idempotent } from '../../adapters/store/idempotency-repo.js';
import { DomainError, accessDenied, invalidParameter, invalidRequest, notFound } from '../../core/errors.js';
import { isoTime } from '../../core/time.js';
import type { Deps } from '../deps.js';
import { requestHash } from '../request-hash.js';
import { sign, unsign } from '../signing.js';
import { whoOf } from './chat-records.js';
import type { Caller } from './participant-auth.js';
import { participantActive } from './participant-timers.js';
import { attachmentItem } from './system-items.js';
import { chainOf } from './transcript.js';

/** File types a chat accepts (spec §7.2): extension → MIME types browsers and the mobile SDKs send. */
export const ATTACHMENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  csv: ['text/csv'],
  doc: ['application/msword'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  heic: ['image/heic'],
  jfif: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  jpg: ['image/jpeg'],
  mov: ['video/quicktime'],
  mp4: ['video/mp4'],
  pdf: ['application/pdf'],
  png: ['image/png'],
  ppt: ['application/vnd.ms-powerpoint'],
  pptx: ['application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  rtf: ['application/rtf', 'text/rtf'],
  txt: ['text/plain'],
  wav: ['audio/wav', 'audio/x-wav', 'audio/vnd.wave'],
  xls: ['application/vnd.ms-excel'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
};

const UPLOAD_URL_TTL_MS = 5 * 60_000;

/** What an upload or download URL grants (signed with the purpose that tells the two apart). */
interface Grant {
  a: string; // attachment id
  e: number; // expiry, wall ms
}

/** The MIME types of an extension; own keys only, so a name like `x.constructor` is just refused. */
const typesOf = (ext: string): readonly string[] | undefined => (Object.hasOwn(ATTACHMENT_TYPES, ext) ? ATTACHMENT_TYPES[ext] : undefined);

export async function startAttachmentUpload(
  deps: Deps,
  caller: Caller,
  input: { ContentType: string; AttachmentSizeInBytes: number; AttachmentName: string; ClientToken: string },
) {
  const ext = input.AttachmentName.includes('.') ? input.AttachmentName.split('.').pop()!.toLowerCase() : '';
  const allowed = typesOf(ext);
  if (!allowed) throw invalidParameter(`Attachments of type .${ext || '(none)'} are not accepted; allowed: ${Object.keys(ATTACHMENT_TYPES).map((e) => `.${e}`).join(' ')}`);
  if (!allowed.includes(input.ContentType.toLowerCase())) throw invalidParameter(`ContentType ${input.ContentType} does not match a .${ext} file`);
  if (input.AttachmentSizeInBytes > deps.config.maxAttachmentBytes)
    throw invalidParameter(`Attachments may be at most ${deps.config.maxAttachmentBytes} bytes`);
  const { chat, participant } = caller;
  const id = deps.ids.uuid();
  const wall = Date.now();
  return deps.db.write(async (tx) => {
    const key = { scope: `StartAttachmentUpload:${participant.id}`, token: input.ClientToken, requestHash: requestHash(input), now: deps.clock.now() };
    const { result: attachmentId } = await idempotent(tx, key, {
      early: { AttachmentId: id },
      run: async () => {
        const counted = await tx
          .updateTable('chats')
          .set({ attachment_count: sql`attachment_count + 1` })
          .where('id', '=', chat.id)
          .where('attachment_count', '<', deps.config.maxAttachmentsPerChat)
          .executeTakeFirst();
        if (Number(counted.numUpdatedRows) === 0)
          throw new DomainError('QUOTA_EXCEEDED', `A chat may hold at most ${deps.config.maxAttachmentsPerChat} attachments`);
        await tx
          .insertInto('attachments')
          .values({ id, chat_id: chat.id, participant_id: participant.id, name: input.AttachmentName, content_type: input.ContentType, size: input.AttachmentSizeInBytes, status: 'PENDING', client_token: input.ClientToken, created_at: deps.clock.now(), item_id: null })
          .execute();
        return id;
      },
      replay: (prior: { AttachmentId: string }) => prior.AttachmentId,
    });
    return uploadResponse(deps, attachmentId, input.ContentType, wall);
  });
}

function uploadResponse(deps: Deps, id: string, contentType: string, wall: number) {
  const grant: Grant = { a: id, e: wall + UPLOAD_URL_TTL_MS };
  return {
    AttachmentId: id,
    UploadMetadata: {
      Url: `${deps.config.publicUrl}/attachments/upload?grant=${encodeURIComponent(sign(deps.secret, 'attachment-upload', grant))}`,
      UrlExpiry: isoTime(grant.e),
      HeadersToInclude: { 'Content-Type': contentType },
    },
  };
}

/** The PUT to an upload URL: checks the grant, stores exactly the declared number of bytes. */
export async function receiveUpload(deps: Deps, grantToken: string, body: Readable): Promise<void> {
  const grant = unsign<Grant>(deps.secret, 'attachment-upload', grantToken);
  if (!grant || grant.e < Date.now()) throw accessDenied('The upload URL is invalid or has expired');
  const att = await deps.db.kysely.selectFrom('attachments').selectAll().where('id', '=', grant.a).executeTakeFirst();
  if (!att || att.status !== 'PENDING') throw accessDenied('The upload URL is no longer valid');
  try {
    await deps.blobs.put(att.id, body, Number(att.size));
  } catch (e) {
    // The first complete upload wins: bytes that were (or may be about to be) approved never change.
    if (e instanceof BlobExistsError) throw new DomainError('CONFLICT', `Attachment ${att.id} has already been uploaded`);
    throw invalidParameter(`The upload must have exactly the ${att.size} bytes declared to StartAttachmentUpload`);
  }
}

export async function completeAttachmentUpload(deps: Deps, caller: Caller, input: { AttachmentIds: string[]; ClientToken: string }): Promise<void> {
  const id = input.AttachmentIds[0];
  const { chat, participant } = caller;
  const att = await deps.db.kysely.selectFrom('attachments').selectAll().where('id', '=', id).where('chat_id', '=', chat.id).executeTakeFirst();
  if (!att || att.participant_id !== participant.id) throw invalidParameter(`Attachment ${id} was not started by this participant`);
  if (att.status === 'APPROVED') return; // a retry of a completed upload
  const stored = await deps.blobs.size(id);
  if (stored === null) throw invalidRequest(`Attachment ${id} has not been uploaded yet`);
  const seq = await deps.db.write(async (tx) => {
    const item = attachmentItem(deps.ids, chat.current_contact_id, whoOf(participant), { ContentType: att.content_type, AttachmentId: att.id, AttachmentName: att.name, Status: 'APPROVED' });
    const done = await tx.updateTable('attachments').set({ status: 'APPROVED', item_id: item.id }).where('id', '=', id).where('status', '=', 'PENDING').executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) return null;
    const [written] = await appendItems(tx, chat.id, [item], deps.clock.now());
    // An attachment is activity like a message: it resets the sender's idle timers.
    await participantActive(deps, tx, chat.id, participant.id, written.at);
    return written.seq;
  });
  if (seq !== null) deps.bus.publish(chat.id, seq);
}

/**
 * GetAttachment: an attachment of the caller's chat or of a past session it continues (persistent
 * chat: the transcript shows those, so they must download too).
 */
export async function getAttachment(deps: Deps, caller: Caller, input: { AttachmentId: string; UrlExpiryInSeconds?: number }) {
  const db = deps.db.kysely;
  const chain = (await chainOf(db, caller.chat.id)).map((s) => s.chatId);
  const att = await db.selectFrom('attachments').selectAll().where('id', '=', input.AttachmentId).where('chat_id', 'in', chain).executeTakeFirst();
  if (!att || att.status !== 'APPROVED') throw notFound('Attachment', input.AttachmentId);
  // Connect: a custom bot may not read what the customer sent.
  if (caller.participant.role === 'CUSTOM_BOT' && att.participant_id !== caller.participant.id) throw accessDenied('Bots cannot read customer attachments');
  const grant: Grant = { a: att.id, e: Date.now() + (input.UrlExpiryInSeconds ?? 300) * 1000 };
  return {
    Url: `${deps.config.publicUrl}/attachments/download?grant=${encodeURIComponent(sign(deps.secret, 'attachment-download', grant))}`,
    UrlExpiry: isoTime(grant.e),
    AttachmentSizeInBytes: Number(att.size),
  };
}

/** The GET of a download URL: the attachment's metadata for the response, and its bytes. */
export async function openDownload(deps: Deps, grantToken: string) {
  const grant = unsign<Grant>(deps.secret, 'attachment-download', grantToken);
  if (!grant || grant.e < Date.now()) throw accessDenied('The download URL is invalid or has expired');
  const att = await deps.db.kysely.selectFrom('attachments').selectAll().where('id', '=', grant.a).executeTakeFirst();
  if (!att) throw accessDenied('The download URL is invalid');
  return { name: att.name, contentType: att.content_type, size: Number(att.size), body: deps.blobs.get(att.id) };
}
