import {
  CreateParticipantCommand,
  DescribeContactCommand,
  ListContactFlowsCommand,
  ListInstancesCommand,
  StartChatContactCommand,
  type ConnectClient,
} from '@aws-sdk/client-connect';
import {
  CreateParticipantConnectionCommand,
  DisconnectParticipantCommand,
  GetTranscriptCommand,
  SendMessageCommand,
  type ConnectParticipantClient,
} from '@aws-sdk/client-connectparticipant';
import { afterEach, describe, expect, it } from 'vitest';
import { DISCONNECT_TEXTS, DISCONNECT_WAIT_SECONDS, QUEUE_REMINDER_SECONDS, QUEUE_REMINDER_TEXT } from '../../src/core/flow/default-flows.js';
import { ChildParley } from '../helpers/child-server.js';
import { EVENT, TestSocket } from '../helpers/socket.js';

/**
 * The disconnect flow's Wait is durable: the server is killed -9 while the flow waits for the
 * customer, and after the restart the Wait still ends, by its timer or by the customer.
 */
let server: ChildParley | null = null;
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await server?.dispose();
  server = null;
});

const WAIT_MS = DISCONNECT_WAIT_SECONDS * 1000;

/** A chat on the seeded inbound flow whose agent bot left: the disconnect flow is parked on its Wait. */
async function parkedOnWait(connect: ConnectClient, participant: ConnectParticipantClient) {
  const instanceId = (await connect.send(new ListInstancesCommand({}))).InstanceSummaryList!.find((i) => i.InstanceAlias === 'parley-demo')!.Id!;
  const flows = await connect.send(new ListContactFlowsCommand({ InstanceId: instanceId, ContactFlowTypes: ['CONTACT_FLOW'] }));
  const flowId = flows.ContactFlowSummaryList!.find((f) => f.Name === 'Default inbound chat')!.Id!;
  const started = await connect.send(new StartChatContactCommand({ InstanceId: instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Customer' } }));
  const customer = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }));
  const bot = await connect.send(
    new CreateParticipantCommand({ InstanceId: instanceId, ContactId: started.ContactId!, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Agent bot' } }),
  );
  const botConn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: bot.ParticipantCredentials!.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }));
  await participant.send(new SendMessageCommand({ ConnectionToken: botConn.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/plain', Content: 'Are you there?' }));
  await participant.send(new DisconnectParticipantCommand({ ConnectionToken: botConn.ConnectionCredentials!.ConnectionToken! }));
  const token = customer.ConnectionCredentials!.ConnectionToken!;
  const t = await participant.send(new GetTranscriptCommand({ ConnectionToken: token, ScanDirection: 'BACKWARD', MaxResults: 10 }));
  const notice = t.Transcript!.find((i) => i.Content === DISCONNECT_TEXTS.agentLeft)!;
  const segment = await connect.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: notice.ContactId! }));
  expect(segment.Contact).toMatchObject({ InitiationMethod: 'DISCONNECT', PreviousContactId: started.ContactId });
  return { instanceId, chatId: started.ContactId!, participantToken: started.ParticipantToken!, segmentId: notice.ContactId!, waitStarted: segment.Contact!.InitiationTimestamp!.getTime() };
}

/** After a restart the old socket is gone: the customer reconnects, as chatjs would. */
async function reconnect(s: ChildParley, participantToken: string) {
  const conn = await s.participantClient().send(new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
  const socket = await TestSocket.open(conn.Websocket!.Url!);
  sockets.push(socket);
  return { socket, token: conn.ConnectionCredentials!.ConnectionToken! };
}

describe('a Wait across a crash of the server', () => {
  it('still completes after kill -9 and a restart: the Timeout branch ends the chat when the Wait is up', { timeout: 60_000 }, async () => {
    const s = (server = await ChildParley.start());
    const chat = await parkedOnWait(s.connectClient(), s.participantClient());

    await s.kill();
    await s.restart();
    const { socket } = await reconnect(s, chat.participantToken);
    await s.setClock(chat.waitStarted + WAIT_MS);
    const bye = await socket.waitForItem((i) => i.Content === DISCONNECT_TEXTS.timedOut);
    const ended = await socket.waitForItem((i) => i.ContentType === `${EVENT}chat.ended`);
    expect(bye.ContactId).toBe(chat.segmentId);
    expect(ended.AbsoluteTime).toBe(new Date(chat.waitStarted + WAIT_MS).toISOString());
    const after = await s.connectClient().send(new DescribeContactCommand({ InstanceId: chat.instanceId, ContactId: chat.segmentId }));
    expect(after.Contact).toMatchObject({ DisconnectReason: 'CONTACT_FLOW_DISCONNECT' });
  });

  it('still listens for the customer after kill -9 and a restart: a message takes the CustomerReturned branch', { timeout: 60_000 }, async () => {
    const s = (server = await ChildParley.start());
    const chat = await parkedOnWait(s.connectClient(), s.participantClient());

    await s.kill();
    await s.restart();
    const { socket, token } = await reconnect(s, chat.participantToken);
    await s.setClock(chat.waitStarted + WAIT_MS / 2);
    await s.participantClient().send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: "Hey, I'm back" }));
    const welcome = await socket.waitForItem((i) => i.Content === DISCONNECT_TEXTS.welcomeBack);
    expect(welcome.ContactId).toBe(chat.segmentId);
    const queued = await s.connectClient().send(new DescribeContactCommand({ InstanceId: chat.instanceId, ContactId: chat.segmentId }));
    expect(queued.Contact!.QueueInfo?.EnqueueTimestamp?.getTime()).toBe(chat.waitStarted + WAIT_MS / 2);

    // Queued again, the customer queue flow keeps the customer company on the new segment.
    await s.setClock(chat.waitStarted + WAIT_MS / 2 + QUEUE_REMINDER_SECONDS * 1000);
    const reminder = await socket.waitForItem((i) => i.Content === QUEUE_REMINDER_TEXT);
    expect(reminder.ContactId).toBe(chat.segmentId);
    expect(socket.items().some((i) => i.ContentType === `${EVENT}chat.ended`)).toBe(false);
  });
});
