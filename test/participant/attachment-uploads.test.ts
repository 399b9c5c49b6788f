import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CompleteAttachmentUploadCommand, GetAttachmentCommand, StartAttachmentUploadCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChat, type TestChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { snapshotStore } from '../helpers/store-snapshot.js';

let p: TestParley;
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  await p.stop();
});

type Upload = { id: string; url: string; headers: Record<string, string> };
const SIZE = 4096;

async function startUpload(chat: TestChat, name = 'notes.txt', contentType = 'text/plain'): Promise<Upload> {
  const s = await p.participant.send(
    new StartAttachmentUploadCommand({ ConnectionToken: chat.connectionToken, AttachmentName: name, ContentType: contentType, AttachmentSizeInBytes: SIZE, ClientToken: crypto.randomUUID() }),
  );
  return { id: s.AttachmentId!, url: s.UploadMetadata!.Url!, headers: s.UploadMetadata!.HeadersToInclude! };
}
const put = (u: Upload, bytes: Buffer) => fetch(u.url, { method: 'PUT', headers: u.headers, body: new Uint8Array(bytes) });
const complete = (chat: TestChat, id: string) => p.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: chat.connectionToken, AttachmentIds: [id], ClientToken: crypto.randomUUID() }));
const download = async (chat: TestChat, id: string) => {
  const got = await p.participant.send(new GetAttachmentCommand({ ConnectionToken: chat.connectionToken, AttachmentId: id }));
  return Buffer.from(await (await fetch(got.Url!)).arrayBuffer());
};
const attachmentsDir = () => path.join(p.dataDir, 'attachments');

/**
 * A PUT whose body arrives in two halves: resolves `writing` once the server is writing the first
 * half to a file (it has checked the URL and the attachment's state by then), and sends the rest
 * when `finish` is called.
 */
function slowPut(u: Upload, bytes: Buffer) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const watcher = fs.watch(attachmentsDir());
  const writing = new Promise<void>((resolve) => watcher.on('change', (_e, name) => String(name).startsWith(`${u.id}.`) && resolve())).finally(() => watcher.close());
  const response = fetch(u.url, { method: 'PUT', headers: u.headers, body, duplex: 'half' } as RequestInit);
  controller.enqueue(new Uint8Array(bytes.subarray(0, bytes.length / 2)));
  return {
    writing,
    async finish() {
      controller.enqueue(new Uint8Array(bytes.subarray(bytes.length / 2)));
      controller.close();
      return response;
    },
  };
}

async function expectConflict(res: Response) {
  expect(res.status).toBe(409);
  expect(res.headers.get('x-amzn-errortype')).toBe('ConflictException');
}

describe('attachment uploads: the first complete upload wins', () => {
  it('refuses a second PUT to the same URL (409 ConflictException) and keeps the first bytes', async () => {
    const chat = await startChat(p);
    const u = await startUpload(chat);
    const first = crypto.randomBytes(SIZE);
    expect((await put(u, first)).status).toBe(200);
    await expectConflict(await put(u, crypto.randomBytes(SIZE)));
    await complete(chat, u.id);
    expect((await download(chat, u.id)).equals(first)).toBe(true);
  });

  it('keeps two PUTs in flight at once apart: the one that finishes first wins, whole', async () => {
    const chat = await startChat(p);
    await put(await startUpload(chat), crypto.randomBytes(SIZE)); // the attachments directory exists
    const u = await startUpload(chat);
    const slowBytes = crypto.randomBytes(SIZE);
    const fastBytes = crypto.randomBytes(SIZE);
    const slow = slowPut(u, slowBytes);
    await slow.writing;
    expect((await put(u, fastBytes)).status).toBe(200);
    await expectConflict(await slow.finish());
    await complete(chat, u.id);
    expect((await download(chat, u.id)).equals(fastBytes)).toBe(true);
    expect(fs.readdirSync(attachmentsDir()).filter((f) => f.startsWith(u.id))).toEqual([u.id]);
  });

  it('never replaces approved bytes with a PUT that was already under way when the upload completed', async () => {
    const chat = await startChat(p);
    const u = await startUpload(chat);
    const approved = crypto.randomBytes(SIZE);
    expect((await put(u, approved)).status).toBe(200);
    const late = slowPut(u, crypto.randomBytes(SIZE));
    await late.writing;
    await complete(chat, u.id);
    await expectConflict(await late.finish());
    expect((await download(chat, u.id)).equals(approved)).toBe(true);
  });
});

describe('attachment names that look like object properties', () => {
  // Extensions are lowercased first: these are the lowercase names every plain object has.
  it.each(['a.constructor', 'x.__proto__', 'Report.CONSTRUCTOR'])('refuses %s with ValidationException, changing nothing', async (name) => {
    const chat = await startChat(p);
    const before = await snapshotStore(p);
    const err = await startUpload(chat, name, 'text/plain').then(
      () => null,
      (e: { name: string; $metadata: { httpStatusCode?: number } }) => e,
    );
    expect({ name: err?.name, status: err?.$metadata.httpStatusCode }).toEqual({ name: 'ValidationException', status: 400 });
    expect(await snapshotStore(p)).toEqual(before);
  });
});
