import { DescribeContactCommand, ListContactFlowsCommand, ListInstancesCommand, StartChatContactCommand, type ConnectClient } from '@aws-sdk/client-connect';
import {
  CreateParticipantConnectionCommand,
  GetTranscriptCommand,
  SendMessageCommand,
  type ConnectParticipantClient,
  type Item,
} from '@aws-sdk/client-connectparticipant';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ChildParley } from '../helpers/child-server.js';
import { EVENT, TestSocket } from '../helpers/socket.js';

let server: ChildParley | null = null;
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await server?.dispose();
  server = null;
});

/** The seeded instance and inbound flow, found over the API: the server runs in another process. */
async function seededIds(connect: ConnectClient) {
  const instances = await connect.send(new ListInstancesCommand({}));
  const instanceId = instances.InstanceSummaryList!.find((i) => i.InstanceAlias === 'parley-demo')!.Id!;
  const flows = await connect.send(new ListContactFlowsCommand({ InstanceId: instanceId, ContactFlowTypes: ['CONTACT_FLOW'] }));
  const flowId = flows.ContactFlowSummaryList!.find((f) => f.Name === 'Default inbound chat')!.Id!;
  return { instanceId, flowId };
}

interface CustomerChat {
  contactId: string;
  participantToken: string;
  connectionToken: string;
}

async function startCustomerChat(connect: ConnectClient, participant: ConnectParticipantClient, ids: { instanceId: string; flowId: string }, durationMinutes?: number): Promise<CustomerChat> {
  const started = await connect.send(
    new StartChatContactCommand({
      InstanceId: ids.instanceId,
      ContactFlowId: ids.flowId,
      ParticipantDetails: { DisplayName: 'Customer' },
      ChatDurationInMinutes: durationMinutes,
    }),
  );
  const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }));
  return { contactId: started.ContactId!, participantToken: started.ParticipantToken!, connectionToken: conn.ConnectionCredentials!.ConnectionToken! };
}

interface Ack {
  id: string;
  content: string;
  at: string;
}

interface SendOutcome {
  /** Per chat, the messages answered 200, in the order they were sent (one at a time per chat). */
  acked: Ack[][];
  /** Per chat, the one message that was in flight when the server went away. */
  lost: string[];
  /** HTTP statuses of the failed sends (undefined: no answer at all). */
  failures: (number | undefined)[];
}

/**
 * Every chat's customer sends messages one after the other, all chats at once, each on its own
 * kept-alive client. Once `stopAfter` sends were acknowledged `stop` runs (the others are then in
 * flight); each loop ends at its first failed send.
 */
async function sendUntilStopped(server: ChildParley, chats: CustomerChat[], stopAfter: number, stop: () => Promise<unknown>): Promise<SendOutcome> {
  const out: SendOutcome = { acked: chats.map(() => []), lost: chats.map(() => ''), failures: [] };
  let total = 0;
  let stopping: Promise<unknown> | null = null;
  await Promise.all(
    chats.map(async (chat, c) => {
      const client = server.participantClient();
      for (let i = 0; ; i++) {
        const content = `chat ${c} message ${i}`;
        try {
          const r = await client.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: content }));
          out.acked[c].push({ id: r.Id!, content, at: r.AbsoluteTime! });
          if (++total >= stopAfter) stopping ??= stop();
        } catch (e) {
          out.lost[c] = content;
          out.failures.push((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode);
          return;
        }
      }
    }),
  );
  await stopping;
  return out;
}

/** The whole transcript, oldest first, following NextToken. */
async function fullTranscript(participant: ConnectParticipantClient, connectionToken: string): Promise<Item[]> {
  const items: Item[] = [];
  let token: string | undefined;
  do {
    const page = await participant.send(new GetTranscriptCommand({ ConnectionToken: connectionToken, ScanDirection: 'FORWARD', SortOrder: 'ASCENDING', MaxResults: 100, NextToken: token }));
    items.push(...page.Transcript!);
    token = page.NextToken;
  } while (token);
  return items;
}

/**
 * After the restart: each chat's customer messages are exactly the acknowledged ones, once each and
 * in the order acknowledged, followed at most by the one that was in flight; a new message still
 * goes in. Then, with the server stopped, the store's sequence has no gap and time never goes back.
 */
async function expectNothingLost(server: ChildParley, chats: CustomerChat[], sent: SendOutcome): Promise<void> {
  const participant = server.participantClient();
  for (const [c, chat] of chats.entries()) {
    const mine = (await fullTranscript(participant, chat.connectionToken)).filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'CUSTOMER');
    const acked = sent.acked[c];
    const got = mine.map((i) => i.Content);
    const expected = acked.map((a) => a.content);
    expect(got).toEqual(got.length > expected.length ? [...expected, sent.lost[c]] : expected);
    expect(mine.slice(0, acked.length).map((i) => [i.Id, i.AbsoluteTime])).toEqual(acked.map((a) => [a.id, a.at]));

    const after = await participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: `chat ${c} after restart` }));
    const again = await fullTranscript(participant, chat.connectionToken);
    expect(again.filter((i) => i.Id === after.Id)).toHaveLength(1);
  }
  await server.kill();

  // The sequence number is not on the wire: read the store itself, read-only.
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    for (const chat of chats) {
      const rows = db.prepare('select seq, at, id from items where chat_id = ? order by seq').all(chat.contactId) as { seq: number; at: number; id: string }[];
      const { last_seq } = db.prepare('select last_seq from chats where id = ?').get(chat.contactId) as { last_seq: number };
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: last_seq }, (_, i) => i + 1));
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      for (let i = 1; i < rows.length; i++) expect(rows[i].at).toBeGreaterThanOrEqual(rows[i - 1].at);
    }
  } finally {
    db.close();
  }
}

async function startLoadedChats(s: ChildParley, count: number): Promise<CustomerChat[]> {
  const connect = s.connectClient();
  const participant = s.participantClient();
  const ids = await seededIds(connect);
  return Promise.all(Array.from({ length: count }, () => startCustomerChat(connect, participant, ids)));
}

describe('a crash or restart of the server', () => {
  it('loses no acknowledged message when killed -9 under concurrent load, and duplicates none', { timeout: 60_000 }, async () => {
    const s = (server = await ChildParley.start());
    const chats = await startLoadedChats(s, 20);

    const sent = await sendUntilStopped(s, chats, 300, () => s.kill());
    expect(sent.acked.flat().length).toBeGreaterThanOrEqual(300);
    // The kill cut requests off rather than answering them with errors.
    expect(sent.failures.every((status) => status === undefined)).toBe(true);

    await s.restart();
    await expectNothingLost(s, chats, sent);
  });

  it('fires a chat deadline that fell due while the server was down: the chat ends EXPIRED at exactly start + duration', { timeout: 60_000 }, async () => {
    const s = (server = await ChildParley.start());
    const ids = await seededIds(s.connectClient());
    const chat = await startCustomerChat(s.connectClient(), s.participantClient(), ids, 60);
    const before = await s.connectClient().send(new DescribeContactCommand({ InstanceId: ids.instanceId, ContactId: chat.contactId }));
    const deadline = before.Contact!.InitiationTimestamp!.getTime() + 60 * 60_000;

    await s.kill();
    await s.restart();
    const connect = s.connectClient();
    const participant = s.participantClient();
    // The old socket died with the process: the customer reconnects, as chatjs would.
    const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.participantToken, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
    const socket = await TestSocket.open(conn.Websocket!.Url!);
    sockets.push(socket);
    const alive = await connect.send(new DescribeContactCommand({ InstanceId: ids.instanceId, ContactId: chat.contactId }));
    expect(alive.Contact!.DisconnectTimestamp).toBeUndefined();

    // Only the clock moves, well past the deadline; no client asks anything.
    await s.setClock(deadline + 10 * 60_000);
    const ended = await socket.waitForItem((i) => i.ContentType === `${EVENT}chat.ended`);
    expect(ended.AbsoluteTime).toBe(new Date(deadline).toISOString());

    const after = await connect.send(new DescribeContactCommand({ InstanceId: ids.instanceId, ContactId: chat.contactId }));
    expect(after.Contact!.DisconnectTimestamp!.getTime()).toBe(deadline);
    expect(after.Contact!.DisconnectReason).toBe('EXPIRED');
    const token = conn.ConnectionCredentials!.ConnectionToken!;
    await expect(participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'still there?' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.participantToken, Type: ['CONNECTION_CREDENTIALS'] }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('loses nothing on a graceful stop (SIGTERM) under concurrent load, and exits cleanly', { timeout: 60_000 }, async () => {
    const s = (server = await ChildParley.start());
    const chats = await startLoadedChats(s, 20);

    let exitCode: number | null = null;
    const sent = await sendUntilStopped(s, chats, 300, async () => (exitCode = await s.terminate()));
    expect(exitCode).toBe(0);
    expect(sent.acked.flat().length).toBeGreaterThanOrEqual(300);

    await s.restart();
    await expectNothingLost(s, chats, sent);
  });
});
