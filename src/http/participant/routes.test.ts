import {
  DisconnectParticipantCommand,
  GetTranscriptCommand,
  SendEventCommand,
  SendMessageCommand,
} from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBot, startChat } from '../../../test/helpers/chat.js';
import { startTestParley, type TestParley } from '../../../test/helpers/parley.js';
import { EVENT, TestSocket, isContentType } from '../../../test/helpers/socket.js';

let p: TestParley;
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  await p.stop();
});

describe('a customer and a bot talk through the participant API', () => {
  it('delivers each message to both sides, the sender included, with the fields clients read', async () => {
    const chat = await startChat(p);
    const customer = await TestSocket.open(chat.websocketUrl);
    const bot = await addBot(p, chat.contactId);
    const botSocket = await TestSocket.open(bot.websocketUrl);

    const joined = await customer.waitForItem((i) => i.ContentType === `${EVENT}participant.joined` && i.ParticipantId === bot.id);
    expect(joined).toMatchObject({ Type: 'EVENT', ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Helper bot', InitialContactId: chat.contactId });

    const sent = await p.participant.send(new SendMessageCommand({ ConnectionToken: bot.token, ContentType: 'text/plain', Content: 'How can I help?' }));
    for (const s of [customer, botSocket]) {
      const got = await s.waitForItem((i) => i.Id === sent.Id);
      expect(got).toMatchObject({
        Type: 'MESSAGE',
        Content: 'How can I help?',
        ContentType: 'text/plain',
        ParticipantId: bot.id,
        ParticipantRole: 'CUSTOM_BOT',
        DisplayName: 'Helper bot',
        AbsoluteTime: sent.AbsoluteTime,
        ContactId: chat.contactId,
        InitialContactId: chat.contactId,
      });
    }

    const reply = await p.participant.send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: 'Where is my order?' }));
    await botSocket.waitForItem((i) => i.Id === reply.Id);

    // A read receipt from the customer reaches the bot as MESSAGEMETADATA naming the reader.
    await p.participant.send(new SendEventCommand({ ConnectionToken: chat.connectionToken, ContentType: `${EVENT}message.read`, Content: JSON.stringify({ messageId: sent.Id }) }));
    const receipt = await botSocket.waitForItem((i) => i.Type === 'MESSAGEMETADATA');
    expect(receipt.MessageMetadata).toMatchObject({ MessageId: sent.Id, Receipts: [{ RecipientParticipantId: chat.participantId }] });
    expect((receipt.MessageMetadata as { Receipts: { ReadTimestamp?: string }[] }).Receipts[0].ReadTimestamp).toMatch(/Z$/);

    // In the transcript the receipt rides on the message itself.
    const t = await p.participant.send(new GetTranscriptCommand({ ConnectionToken: bot.token, SortOrder: 'ASCENDING', MaxResults: 100 }));
    const msg = t.Transcript!.find((i) => i.Id === sent.Id)!;
    expect(msg.MessageMetadata?.Receipts?.[0]?.RecipientParticipantId).toBe(chat.participantId);
    // MESSAGEMETADATA is not in the SDK's item type enum: Connect sends it on the socket only.
    expect(t.Transcript!.some((i) => (i.Type as string) === 'MESSAGEMETADATA')).toBe(false);

    await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: chat.connectionToken }));
    await customer.waitForItem(isContentType(`${EVENT}chat.ended`));
    await botSocket.waitForItem(isContentType(`${EVENT}chat.ended`));
    expect(await customer.waitClosed()).toBe(1000);
  });
});
