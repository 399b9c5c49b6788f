import { sql } from 'kysely';
import type { Readable } from 'node:stream';
import { appendItems } from '../../adapters/store/items-repo.js';
import { claimToken, recordResponse } from '../../adapters/store/idempotency-repo.js';
import { DomainError, accessDenied, invalidParameter, invalidRequest, notFound } from '../../core/errors.js';
import { isoTime } from '../../core/time.js';
import type { Deps } from '../deps.js';
import { requestHash } from '../request-hash.js';
import { sign, unsign } from '../signing.js';
import { whoOf } from './chat-records.js';
import type { Caller } from './participant-auth.js';

/** File types a chat accepts (spec §7.2): extension → MIME types browsers and the mobile SDKs send. */
export const ATTACHMENT_TYPES: Record<string, readonly string[]> = {
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

interface UploadGrant {
  a: string; // attachment id
  e: number; // expiry, wall ms
  u: 1; // an upload grant, not a download one
}
interface DownloadGrant {
  a: string;
  e: number;
  u: 0;
}

export async function startAttachmentUpload(
  deps: Deps,
  caller: Caller,
  input: { ContentType: string; AttachmentSizeInBytes: number; AttachmentName: string; ClientToken: string },
) {
  const ext = input.AttachmentName.includes('.') ? input.AttachmentName.split('.').pop()!.toLowerCase() : '';
  const allowed = ATTACHMENT_TYPES[ext];
  if (!allowed) throw invalidParameter(`Attachments of type .${ext || '(none)'} are not accepted; allowed: ${Object.keys(ATTACHMENT_TYPES).map((e) => `.${e}`).join(' ')}`);
  if (!allowed.includes(input.ContentType.toLowerCase())) throw invalidParameter(`ContentType ${input.ContentType} does not match a .${ext} file`);
  if (input.AttachmentSizeInBytes > deps.config.maxAttachmentBytes)
    throw invalidParameter(`Attachments may be at most ${deps.config.maxAttachmentBytes} bytes`);
  const { chat, participant } = caller;
  const id = deps.ids.uuid();
  const wall = Date.now();
  return deps.db.write(async (tx) => {
    const scope = `StartAttachmentUpload:${participant.id}`;
    const claim = await claimToken(tx, scope, input.ClientToken, requestHash(input), deps.clock.now());
    if (!claim.fresh) {
      if (!claim.sameRequest) throw invalidRequest('ClientToken was already used for a different request');
      const prior = JSON.parse(claim.response ?? 'null') as { AttachmentId: string };
      return uploadResponse(deps, prior.AttachmentId, input.ContentType, wall);
    }
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
    await recordResponse(tx, scope, input.ClientToken, { AttachmentId: id });
    return uploadResponse(deps, id, input.ContentType, wall);
  });
}

function uploadResponse(deps: Deps, id: string, contentType: string, wall: number) {
  const grant: UploadGrant = { a: id, e: wall + UPLOAD_URL_TTL_MS, u: 1 };
  return {
    AttachmentId: id,
    UploadMetadata: {
      Url: `${deps.config.publicUrl}/attachments/upload?grant=${encodeURIComponent(sign(deps.secret, grant))}`,
      UrlExpiry: isoTime(grant.e),
      HeadersToInclude: { 'Content-Type': contentType },
    },
  };
}

/** The PUT to an upload URL: checks the grant, stores exactly the declared number of bytes. */
export async function receiveUpload(deps: Deps, grantToken: string, body: Readable): Promise<void> {
  const grant = unsign<UploadGrant>(deps.secret, grantToken);
  if (!grant || grant.u !== 1 || grant.e < Date.now()) throw accessDenied('The upload URL is invalid or has expired');
  const att = await deps.db.kysely.selectFrom('attachments').selectAll().where('id', '=', grant.a).executeTakeFirst();
  if (!att || att.status !== 'PENDING') throw accessDenied('The upload URL is no longer valid');
  try {
    await deps.blobs.put(att.id, body, Number(att.size));
  } catch {
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
    const done = await tx.updateTable('attachments').set({ status: 'APPROVED', item_id: id }).where('id', '=', id).where('status', '=', 'PENDING').executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) return null;
    const me = whoOf(participant);
    const [item] = await appendItems(
      tx,
      chat.id,
      [
        {
          id: deps.ids.uuid(),
          contactId: chat.current_contact_id,
          type: 'ATTACHMENT',
          contentType: att.content_type,
          content: null,
          participantId: me.id,
          role: me.role,
          displayName: me.displayName,
          inTranscript: true,
          attachments: [{ ContentType: att.content_type, AttachmentId: att.id, AttachmentName: att.name, Status: 'APPROVED' }],
          metadata: null,
        },
      ],
      deps.clock.now(),
    );
    return item.seq;
  });
  if (seq !== null) deps.bus.publish(chat.id, seq);
}

export async function getAttachment(deps: Deps, caller: Caller, input: { AttachmentId: string; UrlExpiryInSeconds?: number }) {
  const att = await deps.db.kysely.selectFrom('attachments').selectAll().where('id', '=', input.AttachmentId).where('chat_id', '=', caller.chat.id).executeTakeFirst();
  if (!att || att.status !== 'APPROVED') throw notFound('Attachment', input.AttachmentId);
  // Connect: a custom bot may not read what the customer sent.
  if (caller.participant.role === 'CUSTOM_BOT' && att.participant_id !== caller.participant.id) throw accessDenied('Bots cannot read customer attachments');
  const grant: DownloadGrant = { a: att.id, e: Date.now() + (input.UrlExpiryInSeconds ?? 300) * 1000, u: 0 };
  return {
    Url: `${deps.config.publicUrl}/attachments/download?grant=${encodeURIComponent(sign(deps.secret, grant))}`,
    UrlExpiry: isoTime(grant.e),
    AttachmentSizeInBytes: Number(att.size),
  };
}

/** The GET of a download URL: the attachment's metadata for the response, and its bytes. */
export async function openDownload(deps: Deps, grantToken: string) {
  const grant = unsign<DownloadGrant>(deps.secret, grantToken);
  if (!grant || grant.u !== 0 || grant.e < Date.now()) throw accessDenied('The download URL is invalid or has expired');
  const att = await deps.db.kysely.selectFrom('attachments').selectAll().where('id', '=', grant.a).executeTakeFirst();
  if (!att) throw accessDenied('The download URL is invalid');
  return { name: att.name, contentType: att.content_type, size: Number(att.size), body: deps.blobs.get(att.id) };
}
