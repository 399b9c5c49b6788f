import { DescribeContactCommand } from '@aws-sdk/client-connect';
import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const say = (token: string, text: string) => p.participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: text }));

describe('ChatDurationInMinutes', () => {
  it('keeps a 60-minute chat alive at 59:59.999 and ends it by itself at exactly 60:00', async () => {
    const start = p.clock.now();
    const chat = await startChat(p, { ChatDurationInMinutes: 60 });
    const socket = await TestSocket.open(chat.websocketUrl);
    p.clock.set(start + 60 * 60_000 - 1);
    await p.settle();
    await say(chat.connectionToken, 'still here');

    p.clock.set(start + 60 * 60_000);
    await socket.waitForItem(isContentType(`${EVENT}chat.ended`)); // no client request made it happen
    const { Contact } = await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: chat.contactId }));
    expect(Contact!.DisconnectTimestamp!.getTime()).toBe(start + 60 * 60_000);
    expect(Contact!.DisconnectReason).toBe('EXPIRED');
    await expect(say(chat.connectionToken, 'too late')).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
  });

  it('defaults to 1500 minutes (25 hours), whatever else happens meanwhile', async () => {
    const start = p.clock.now();
    const chat = await startChat(p);
    p.clock.set(start + 25 * 60 * 60_000 - 1);
    await p.settle();
    await say(chat.connectionToken, 'after a day');
    p.clock.set(start + 25 * 60 * 60_000 + 5 * 60_000); // the clock jumps past the deadline
    await p.settle();
    const { Contact } = await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: chat.contactId }));
    // Ended at its deadline, not when the timer happened to run.
    expect(Contact!.DisconnectTimestamp!.getTime()).toBe(start + 25 * 60 * 60_000);
  });

  it('ends a chat that outlived its deadline before any participant call can use it', async () => {
    const start = p.clock.now();
    const chat = await startChat(p, { ChatDurationInMinutes: 60 });
    // Whether the timer or this call gets there first, nobody may use the chat past its deadline.
    p.clock.set(start + 61 * 60_000);
    await expect(say(chat.connectionToken, 'late')).rejects.toMatchObject({ name: 'AccessDeniedException' });
    const { Contact } = await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: chat.contactId }));
    expect(Contact!.DisconnectTimestamp!.getTime()).toBe(start + 60 * 60_000);
  });
});
