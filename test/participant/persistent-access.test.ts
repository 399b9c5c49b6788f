import crypto from 'node:crypto';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import {
  CompleteAttachmentUploadCommand,
  CreateParticipantConnectionCommand,
  DisconnectParticipantCommand,
  GetAttachmentCommand,
  GetTranscriptCommand,
  SendEventCommand,
  StartAttachmentUploadCommand,
} from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GREETING } from '../../src/core/flow/default-flows.js';
import { startChat, type TestChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { EVENT } from '../helpers/socket.js';

let p: TestParley;
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  await p.stop();
});

const failure = (call: Promise<unknown>) =>
  call.then(
    () => ({ name: 'no error', status: 200 }),
    (e: { name: string; $metadata?: { httpStatusCode?: number } }) => ({ name: e.name, status: e.$metadata?.httpStatusCode }),
  );

/** Uploads and completes a small text attachment; returns its id and bytes. */
async function attach(chat: TestChat, bytes = crypto.randomBytes(64)) {
  const s = await p.participant.send(
    new StartAttachmentUploadCommand({ ConnectionToken: chat.connectionToken, AttachmentName: 'notes.txt', ContentType: 'text/plain', AttachmentSizeInBytes: bytes.length, ClientToken: crypto.randomUUID() }),
  );
  const put = await fetch(s.UploadMetadata!.Url!, { method: 'PUT', headers: s.UploadMetadata!.HeadersToInclude, body: new Uint8Array(bytes) });
  expect(put.status).toBe(200);
  await p.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: chat.connectionToken, AttachmentIds: [s.AttachmentId!], ClientToken: crypto.randomUUID() }));
  return { id: s.AttachmentId!, bytes };
}

/** Continues an ended chat (ENTIRE_PAST_SESSION) and connects its customer. */
async function continueChat(past: TestChat): Promise<string> {
  const started = await p.connect.send(
    new StartChatContactCommand({
      InstanceId: p.seeded.instanceId,
      ContactFlowId: p.seeded.inboundFlowId,
      ParticipantDetails: { DisplayName: 'Customer' },
      PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: past.contactId },
    }),
  );
  const conn = await p.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
  return conn.ConnectionCredentials!.ConnectionToken!;
}

describe('a persistent chat reads and acknowledges what its transcript shows from past sessions', () => {
  it('downloads a past session’s attachment and takes read receipts for past messages; another chat’s stay out of reach', async () => {
    const past = await startChat(p);
    const file = await attach(past);
    await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: past.connectionToken }));
    const token = await continueChat(past);

    const transcript = (await p.participant.send(new GetTranscriptCommand({ ConnectionToken: token, MaxResults: 100, SortOrder: 'ASCENDING' }))).Transcript!;
    const shown = transcript.find((i) => i.Type === 'ATTACHMENT')!;
    expect(shown.Attachments?.[0]?.AttachmentId).toBe(file.id);
    const got = await p.participant.send(new GetAttachmentCommand({ ConnectionToken: token, AttachmentId: file.id }));
    expect(Buffer.from(await (await fetch(got.Url!)).arrayBuffer()).equals(file.bytes)).toBe(true);

    // chatjs sends a read receipt for every message it shows, the rehydrated ones included.
    const greeting = transcript.find((i) => i.Content === DEFAULT_GREETING && i.RelatedContactId === past.contactId)!;
    await p.participant.send(new SendEventCommand({ ConnectionToken: token, ContentType: `${EVENT}message.read`, Content: JSON.stringify({ messageId: greeting.Id }) }));
    const after = (await p.participant.send(new GetTranscriptCommand({ ConnectionToken: token, MaxResults: 100 }))).Transcript!;
    expect(after.find((i) => i.Id === greeting.Id)?.MessageMetadata?.Receipts?.[0]?.ReadTimestamp).toEqual(expect.any(String));

    const other = await startChat(p);
    const foreign = await attach(other);
    const foreignMessage = (await p.participant.send(new GetTranscriptCommand({ ConnectionToken: other.connectionToken, MaxResults: 100 }))).Transcript!.find((i) => i.Type === 'MESSAGE')!;
    expect(await failure(p.participant.send(new GetAttachmentCommand({ ConnectionToken: token, AttachmentId: foreign.id })))).toEqual({ name: 'ResourceNotFoundException', status: 404 });
    expect(
      await failure(p.participant.send(new SendEventCommand({ ConnectionToken: token, ContentType: `${EVENT}message.read`, Content: JSON.stringify({ messageId: foreignMessage.Id }) }))),
    ).toEqual({ name: 'ValidationException', status: 400 });
  });
});

describe('an attachment row names its transcript item', () => {
  it('records the id of the ATTACHMENT item, the one clients see, as the attachment’s item', async () => {
    const chat = await startChat(p);
    const file = await attach(chat);
    const item = (await p.participant.send(new GetTranscriptCommand({ ConnectionToken: chat.connectionToken, MaxResults: 100 }))).Transcript!.find((i) => i.Type === 'ATTACHMENT')!;
    const row = await p.deps.db.kysely.selectFrom('attachments').select('item_id').where('id', '=', file.id).executeTakeFirstOrThrow();
    expect(row.item_id).toBe(item.Id);
    expect(item.Id).not.toBe(file.id);
  });
});
