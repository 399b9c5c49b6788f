import {
  CreateParticipantCommand,
  DescribeContactCommand,
  DescribeInstanceCommand,
  GetContactAttributesCommand,
  ListContactFlowsCommand,
  ListInstancesCommand,
  StartChatContactCommand,
  StopContactCommand,
  UpdateContactAttributesCommand,
} from '@aws-sdk/client-connect';
import { GetTranscriptCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GREETING } from '../../core/flow/default-flows.js';
import { startChat } from '../../../test/helpers/chat.js';
import { startTestParley, type TestParley } from '../../../test/helpers/parley.js';
import { EVENT, TestSocket, isContentType } from '../../../test/helpers/socket.js';

let p: TestParley;
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  await p.stop();
});

const base = () => ({ InstanceId: p.seeded.instanceId, ContactFlowId: p.seeded.inboundFlowId, ParticipantDetails: { DisplayName: 'Dana' } });

describe('finding the instance and its flows', () => {
  it('lists the seeded instance and describes it by id and by ARN', async () => {
    const list = await p.connect.send(new ListInstancesCommand({}));
    const inst = list.InstanceSummaryList!.find((i) => i.Id === p.seeded.instanceId)!;
    expect(inst).toMatchObject({ InstanceAlias: 'parley-demo', InstanceStatus: 'ACTIVE', Arn: `arn:aws:connect:us-east-1:000000000000:instance/${p.seeded.instanceId}` });
    expect(inst.CreatedTime).toBeInstanceOf(Date);
    const byArn = await p.connect.send(new DescribeInstanceCommand({ InstanceId: inst.Arn }));
    expect(byArn.Instance?.Id).toBe(p.seeded.instanceId);
  });

  it('lists the seeded inbound flow, filtered by type', async () => {
    const flows = await p.connect.send(new ListContactFlowsCommand({ InstanceId: p.seeded.instanceId, ContactFlowTypes: ['CONTACT_FLOW'] }));
    expect(flows.ContactFlowSummaryList).toContainEqual(expect.objectContaining({ Id: p.seeded.inboundFlowId, Name: 'Default inbound chat', ContactFlowType: 'CONTACT_FLOW' }));
    const none = await p.connect.send(new ListContactFlowsCommand({ InstanceId: p.seeded.instanceId, ContactFlowTypes: ['AGENT_WHISPER'] }));
    expect(none.ContactFlowSummaryList).toEqual([]);
  });
});

describe('StartChatContact', () => {
  it('runs the default flow: the customer joins, the greeting is sent, the chat waits in BasicQueue', async () => {
    const chat = await startChat(p, { InitialMessage: { ContentType: 'text/plain', Content: 'I need help' } });
    const t = await p.participant.send(new GetTranscriptCommand({ ConnectionToken: chat.connectionToken, SortOrder: 'ASCENDING' }));
    expect(t.InitialContactId).toBe(chat.contactId);
    expect(t.Transcript!.map((i) => [i.ParticipantRole, i.ContentType, i.Content])).toEqual([
      ['CUSTOMER', `${EVENT}participant.joined`, undefined],
      ['CUSTOMER', 'text/plain', 'I need help'],
      ['SYSTEM', 'text/plain', DEFAULT_GREETING],
    ]);
    const { Contact } = await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: chat.contactId }));
    expect(Contact).toMatchObject({ Id: chat.contactId, InitialContactId: chat.contactId, Channel: 'CHAT', InitiationMethod: 'API', QueueInfo: { Id: p.seeded.basicQueueId } });
    expect(Contact!.InitiationTimestamp!.getTime()).toBe(p.clock.now());
    expect(Contact!.QueueInfo!.EnqueueTimestamp!.getTime()).toBe(p.clock.now());
    expect(Contact!.DisconnectTimestamp).toBeUndefined();
  });

  it('stores every member it is given and answers them back where Connect does', async () => {
    const started = await p.connect.send(
      new StartChatContactCommand({
        ...base(),
        Attributes: { orderId: '123', 'tier-level_2': 'gold' },
        ChatDurationInMinutes: 60,
        SupportedMessagingContentTypes: ['text/plain', 'text/markdown'],
        SegmentAttributes: { 'connect:Subtype': { ValueString: 'connect:Chat' } },
        CustomerId: 'cust-42',
        ParticipantConfiguration: { ResponseMode: 'INCREMENTAL' },
        DisconnectOnCustomerExit: ['AGENT'],
      }),
    );
    const { Contact } = await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: started.ContactId }));
    expect(Contact).toMatchObject({ CustomerId: 'cust-42', SegmentAttributes: { 'connect:Subtype': { ValueString: 'connect:Chat' } } });
    const attrs = await p.connect.send(new GetContactAttributesCommand({ InstanceId: p.seeded.instanceId, InitialContactId: started.ContactId }));
    expect(attrs.Attributes).toEqual({ orderId: '123', 'tier-level_2': 'gold' });
    const row = await p.deps.db.kysely.selectFrom('chats').selectAll().where('id', '=', started.ContactId!).executeTakeFirstOrThrow();
    expect(Number(row.deadline_at) - Number(row.started_at)).toBe(60 * 60_000);
    expect(JSON.parse(row.supported_types)).toEqual(['text/plain', 'text/markdown']);
    expect(JSON.parse(row.participant_config!)).toEqual({ ResponseMode: 'INCREMENTAL' });
    expect(JSON.parse(row.disconnect_on_customer_exit)).toEqual(['AGENT']);
  });

  it('gives a retry with the same ClientToken the first answer and creates one chat', async () => {
    const input = { ...base(), ClientToken: 'retry-token-1' };
    const first = await p.connect.send(new StartChatContactCommand(input));
    const again = await p.connect.send(new StartChatContactCommand(input));
    expect(again.ContactId).toBe(first.ContactId);
    expect(again.ParticipantToken).toBe(first.ParticipantToken);
    const rows = await p.deps.db.kysely.selectFrom('contacts').select('id').where('id', '=', first.ContactId!).execute();
    expect(rows).toHaveLength(1);
  });

  it('links a chat to a related contact', async () => {
    const first = await startChat(p);
    const second = await p.connect.send(new StartChatContactCommand({ ...base(), RelatedContactId: first.contactId }));
    const { Contact } = await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: second.ContactId }));
    expect(Contact!.RelatedContactId).toBe(first.contactId);
  });
});

describe('contact attributes', () => {
  it('merges updates into the chat, also after it ended', async () => {
    const chat = await startChat(p, { Attributes: { a: '1', b: '2' } });
    await p.connect.send(new UpdateContactAttributesCommand({ InstanceId: p.seeded.instanceId, InitialContactId: chat.contactId, Attributes: { b: 'two', c: '3' } }));
    await p.connect.send(new StopContactCommand({ InstanceId: p.seeded.instanceId, ContactId: chat.contactId }));
    await p.connect.send(new UpdateContactAttributesCommand({ InstanceId: p.seeded.instanceId, InitialContactId: chat.contactId, Attributes: { d: '4' } }));
    const got = await p.connect.send(new GetContactAttributesCommand({ InstanceId: p.seeded.instanceId, InitialContactId: chat.contactId }));
    expect(got.Attributes).toEqual({ a: '1', b: 'two', c: '3', d: '4' });
  });
});

describe('StopContact', () => {
  it('ends the chat for everyone: participant.left, chat.ended, sockets closed, later calls refused', async () => {
    const chat = await startChat(p);
    const socket = await TestSocket.open(chat.websocketUrl);
    await p.connect.send(new StopContactCommand({ InstanceId: p.seeded.instanceId, ContactId: chat.contactId, DisconnectReason: { Code: 'SUPERVISOR_ENDED' } }));
    const left = await socket.waitForItem(isContentType(`${EVENT}participant.left`));
    expect(left.ParticipantId).toBe(chat.participantId);
    await socket.waitForItem(isContentType(`${EVENT}chat.ended`));
    expect(await socket.waitClosed()).toBe(1000);
    const { Contact } = await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: chat.contactId }));
    expect(Contact).toMatchObject({ DisconnectReason: 'SUPERVISOR_ENDED' });
    expect(Contact!.DisconnectTimestamp!.getTime()).toBe(p.clock.now());
    await expect(p.participant.send(new GetTranscriptCommand({ ConnectionToken: chat.connectionToken }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('uses API as the reason when none is given', async () => {
    const chat = await startChat(p);
    await p.connect.send(new StopContactCommand({ InstanceId: p.seeded.instanceId, ContactId: chat.contactId }));
    const { Contact } = await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: chat.contactId }));
    expect(Contact!.DisconnectReason).toBe('API');
  });
});

describe('CreateParticipant', () => {
  it('adds a custom bot whose token expires with the chat; the same ClientToken adds it once', async () => {
    const chat = await startChat(p, { ChatDurationInMinutes: 90 });
    const input = { InstanceId: p.seeded.instanceId, ContactId: chat.contactId, ClientToken: 'bot-1', ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT' as const, DisplayName: 'Bot' } };
    const a = await p.connect.send(new CreateParticipantCommand(input));
    const b = await p.connect.send(new CreateParticipantCommand(input));
    expect(b.ParticipantId).toBe(a.ParticipantId);
    expect(Date.parse(a.ParticipantCredentials!.Expiry!)).toBe(p.clock.now() + 90 * 60_000);
    const bots = await p.deps.db.kysely.selectFrom('participants').select('id').where('chat_id', '=', chat.contactId).where('role', '=', 'CUSTOM_BOT').execute();
    expect(bots).toHaveLength(1);
  });
});
