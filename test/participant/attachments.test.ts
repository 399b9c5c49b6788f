import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  CompleteAttachmentUploadCommand,
  GetAttachmentCommand,
  GetTranscriptCommand,
  StartAttachmentUploadCommand,
} from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../src/app/signing.js';
import { addBot, startChat, type TestChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { TestSocket } from '../helpers/socket.js';

const MAX_BYTES = 1024;
let p: TestParley;
beforeAll(async () => {
  // Small limits so that the quota and the size cap are reachable in a test.
  p = await startTestParley({ env: { PARLEY_MAX_ATTACHMENTS_PER_CHAT: '2', PARLEY_MAX_ATTACHMENT_BYTES: String(MAX_BYTES) } });
});
afterAll(async () => {
  await p.stop();
});

const start = (token: string, name: string, contentType: string, size: number, clientToken?: string) =>
  p.participant.send(new StartAttachmentUploadCommand({ ConnectionToken: token, AttachmentName: name, ContentType: contentType, AttachmentSizeInBytes: size, ClientToken: clientToken }));
const complete = (token: string, id: string) => p.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: token, AttachmentIds: [id] }));
/** The PUT chatjs does: exactly the headers the server asked for, and the bytes. */
const put = (meta: { Url?: string; HeadersToInclude?: Record<string, string> }, bytes: Buffer) =>
  fetch(meta.Url!, { method: 'PUT', headers: meta.HeadersToInclude, body: new Uint8Array(bytes) });

/** Resolves to the SDK error a call fails with (or fails the test if it succeeds). */
async function failure(call: Promise<unknown>): Promise<{ name: string; status?: number }> {
  const e = (await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: unknown) => err,
  )) as { name: string; $metadata?: { httpStatusCode?: number } };
  return { name: e.name, status: e.$metadata?.httpStatusCode };
}

const storedFiles = () => {
  const dir = path.join(p.dataDir, 'attachments');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

/** Starts and uploads (not completes) a small text file. */
async function uploaded(chat: TestChat, bytes = crypto.randomBytes(100)) {
  const s = await start(chat.connectionToken, 'notes.txt', 'text/plain', bytes.length);
  expect((await put(s.UploadMetadata!, bytes)).status).toBe(200);
  return { id: s.AttachmentId!, bytes };
}

describe('attachments: upload, delivery and download', () => {
  it('delivers a completed upload to the other participant and downloads exactly the uploaded bytes', async () => {
    const chat = await startChat(p);
    const bot = await addBot(p, chat.contactId);
    const botSocket = await TestSocket.open(bot.websocketUrl);
    const bytes = crypto.randomBytes(700);

    const started = await start(chat.connectionToken, 'invoice.pdf', 'application/pdf', bytes.length);
    const meta = started.UploadMetadata!;
    expect(meta.HeadersToInclude).toEqual({ 'Content-Type': 'application/pdf' });
    expect(Date.parse(meta.UrlExpiry!)).toBeGreaterThan(Date.now());
    expect((await put(meta, bytes)).status).toBe(200);
    // Stored under the data dir, byte for byte.
    expect(fs.readFileSync(path.join(p.dataDir, 'attachments', started.AttachmentId!)).equals(bytes)).toBe(true);

    await complete(chat.connectionToken, started.AttachmentId!);
    const item = await botSocket.waitForItem((i) => i.Type === 'ATTACHMENT');
    expect(item).toMatchObject({
      ParticipantId: chat.participantId,
      ParticipantRole: 'CUSTOMER',
      DisplayName: 'Customer',
      InitialContactId: chat.contactId,
      Attachments: [{ AttachmentId: started.AttachmentId, AttachmentName: 'invoice.pdf', ContentType: 'application/pdf', Status: 'APPROVED' }],
    });

    const t = await p.participant.send(new GetTranscriptCommand({ ConnectionToken: chat.connectionToken, MaxResults: 100 }));
    const inTranscript = t.Transcript!.find((i) => i.Type === 'ATTACHMENT');
    expect(inTranscript).toMatchObject({ Id: item.Id, Attachments: item.Attachments, ContactId: chat.contactId });

    const before = Date.now();
    const got = await p.participant.send(new GetAttachmentCommand({ ConnectionToken: chat.connectionToken, AttachmentId: started.AttachmentId!, UrlExpiryInSeconds: 30 }));
    const after = Date.now();
    expect(got.AttachmentSizeInBytes).toBe(bytes.length);
    // The URL lives the asked 30 s (wall clock: the URL is used by real browsers).
    expect(Date.parse(got.UrlExpiry!)).toBeGreaterThanOrEqual(before + 30_000);
    expect(Date.parse(got.UrlExpiry!)).toBeLessThanOrEqual(after + 30_000);
    const res = await fetch(got.Url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    botSocket.close();
  });

  it('returns the same attachment for a repeated ClientToken, and refuses the third attachment of a chat with 402', async () => {
    const chat = await startChat(p);
    const first = await start(chat.connectionToken, 'a.png', 'image/png', 10, 'token-a');
    const again = await start(chat.connectionToken, 'a.png', 'image/png', 10, 'token-a');
    expect(again.AttachmentId).toBe(first.AttachmentId);
    // The retry did not count against the quota of 2.
    await start(chat.connectionToken, 'b.png', 'image/png', 10, 'token-b');
    expect(await failure(start(chat.connectionToken, 'c.png', 'image/png', 10, 'token-c'))).toEqual({ name: 'ServiceQuotaExceededException', status: 402 });
  });

  it('refuses disallowed types, mismatched MIME types and oversized files at the start, without using the quota', async () => {
    const chat = await startChat(p);
    const refused = { name: 'ValidationException', status: 400 };
    expect(await failure(start(chat.connectionToken, 'setup.exe', 'application/x-msdownload', 10))).toEqual(refused);
    expect(await failure(start(chat.connectionToken, 'photo.txt', 'image/png', 10))).toEqual(refused);
    expect(await failure(start(chat.connectionToken, 'big.pdf', 'application/pdf', MAX_BYTES + 1))).toEqual(refused);
    const rows = await p.deps.db.kysely.selectFrom('attachments').select('id').where('chat_id', '=', chat.contactId).execute();
    expect(rows).toEqual([]);
    await start(chat.connectionToken, 'one.pdf', 'application/pdf', MAX_BYTES);
    await start(chat.connectionToken, 'two.pdf', 'application/pdf', 1);
  });

  it('refuses an upload larger or smaller than declared, keeps no file, and refuses to complete it', async () => {
    const chat = await startChat(p);
    const s = await start(chat.connectionToken, 'notes.txt', 'text/plain', 10);
    const id = s.AttachmentId!;
    for (const wrong of [crypto.randomBytes(11), crypto.randomBytes(9)]) {
      const res = await put(s.UploadMetadata!, wrong);
      expect(res.status).toBe(400);
      expect(res.headers.get('x-amzn-errortype')).toBe('ValidationException');
      expect(storedFiles().filter((f) => f.startsWith(id))).toEqual([]);
      expect(await failure(complete(chat.connectionToken, id))).toEqual({ name: 'ValidationException', status: 400 });
    }
    // The right bytes to the same URL still go through.
    expect((await put(s.UploadMetadata!, crypto.randomBytes(10))).status).toBe(200);
    await complete(chat.connectionToken, id);
  });

  it('refuses to complete an attachment before its bytes are uploaded, and shows nothing', async () => {
    const chat = await startChat(p);
    const s = await start(chat.connectionToken, 'notes.txt', 'text/plain', 10);
    expect(await failure(complete(chat.connectionToken, s.AttachmentId!))).toEqual({ name: 'ValidationException', status: 400 });
    const t = await p.participant.send(new GetTranscriptCommand({ ConnectionToken: chat.connectionToken, MaxResults: 100 }));
    expect(t.Transcript!.some((i) => i.Type === 'ATTACHMENT')).toBe(false);
  });
});

describe('attachments: who may read and write', () => {
  it('refuses a bot the customer’s attachment, but lets it read its own', async () => {
    const chat = await startChat(p);
    const bot = await addBot(p, chat.contactId);
    const mine = await uploaded(chat);
    await complete(chat.connectionToken, mine.id);
    expect(await failure(p.participant.send(new GetAttachmentCommand({ ConnectionToken: bot.token, AttachmentId: mine.id })))).toEqual({
      name: 'AccessDeniedException',
      status: 403,
    });

    const botBytes = crypto.randomBytes(50);
    const s = await start(bot.token, 'answer.csv', 'text/csv', botBytes.length);
    expect((await put(s.UploadMetadata!, botBytes)).status).toBe(200);
    await complete(bot.token, s.AttachmentId!);
    for (const token of [bot.token, chat.connectionToken]) {
      const got = await p.participant.send(new GetAttachmentCommand({ ConnectionToken: token, AttachmentId: s.AttachmentId! }));
      expect(Buffer.from(await (await fetch(got.Url!)).arrayBuffer()).equals(botBytes)).toBe(true);
    }
  });

  it('answers a tampered or expired upload or download URL with 403 AccessDeniedException', async () => {
    const chat = await startChat(p);
    const s = await start(chat.connectionToken, 'notes.txt', 'text/plain', 5);
    const id = s.AttachmentId!;
    const bytes = crypto.randomBytes(5);
    const base = new URL(s.UploadMetadata!.Url!);
    const withGrant = (pathname: string, grant: string) => `${base.origin}${pathname}?grant=${encodeURIComponent(grant)}`;
    const tamper = (url: string) => {
      const u = new URL(url);
      const g = u.searchParams.get('grant')!;
      // Flip one character of the signed payload (not the signature) to a different valid one.
      u.searchParams.set('grant', `${g[0] === 'A' ? 'B' : 'A'}${g.slice(1)}`);
      return u.toString();
    };
    const denied = async (res: Response) => {
      expect(res.status).toBe(403);
      expect(res.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
      expect(((await res.json()) as { __type: string }).__type).toBe('AccessDeniedException');
    };

    await denied(await fetch(tamper(s.UploadMetadata!.Url!), { method: 'PUT', headers: s.UploadMetadata!.HeadersToInclude, body: bytes }));
    // Grants are HMAC-signed with the server secret: sign ones that expired a moment ago.
    const expiredUpload = withGrant('/attachments/upload', sign(p.deps.secret, 'attachment-upload', { a: id, e: Date.now() - 1 }));
    await denied(await fetch(expiredUpload, { method: 'PUT', headers: s.UploadMetadata!.HeadersToInclude, body: bytes }));
    expect(storedFiles().filter((f) => f.startsWith(id))).toEqual([]);

    expect((await put(s.UploadMetadata!, bytes)).status).toBe(200);
    await complete(chat.connectionToken, id);
    // An upload URL is spent once the attachment is complete.
    await denied(await put(s.UploadMetadata!, bytes));

    const got = await p.participant.send(new GetAttachmentCommand({ ConnectionToken: chat.connectionToken, AttachmentId: id }));
    await denied(await fetch(tamper(got.Url!)));
    await denied(await fetch(withGrant('/attachments/download', sign(p.deps.secret, 'attachment-download', { a: id, e: Date.now() - 1 }))));
    // An upload grant does not open a download, nor the reverse.
    await denied(await fetch(withGrant('/attachments/download', sign(p.deps.secret, 'attachment-upload', { a: id, e: Date.now() + 60_000 }))));
    // The genuine URL still works.
    const ok = await fetch(got.Url!);
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).equals(bytes)).toBe(true);
  });
});
