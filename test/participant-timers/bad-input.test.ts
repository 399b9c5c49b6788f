import { StopContactCommand, UpdateParticipantRoleConfigCommand, type ParticipantTimerConfiguration } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startChat, type TestChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { snapshotStore } from '../helpers/store-snapshot.js';

/* Every refusal of UpdateParticipantRoleConfig answers Connect's error and changes nothing in the store. */

let p: TestParley;
let live: TestChat;
let ended: TestChat;
beforeAll(async () => {
  p = await startTestParley();
  live = await startChat(p);
  ended = await startChat(p);
  await p.connect.send(new StopContactCommand({ InstanceId: p.seeded.instanceId, ContactId: ended.contactId }));
});
afterAll(async () => {
  await p.stop();
});

const timer = (minutes: number, ParticipantRole = 'CUSTOMER', TimerType = 'IDLE') =>
  ({ ParticipantRole, TimerType, TimerValue: { ParticipantTimerDurationInMinutes: minutes } }) as ParticipantTimerConfiguration;

const update = (list: unknown, ContactId = live.contactId, InstanceId = p.seeded.instanceId) =>
  p.connect.send(new UpdateParticipantRoleConfigCommand({ InstanceId, ContactId, ChannelConfiguration: { Chat: { ParticipantTimerConfigList: list as ParticipantTimerConfiguration[] } } }));

const cases: [title: string, error: string, send: () => Promise<unknown>][] = [
  ['a timer of 1 minute', 'InvalidParameterException', () => update([timer(1)])],
  ['a timer of 481 minutes', 'InvalidParameterException', () => update([timer(481)])],
  ['a timer of 2.5 minutes', 'InvalidParameterException', () => update([timer(2.5)])],
  ['a timer value with both a duration and Unset', 'InvalidParameterException', () => update([{ ...timer(5), TimerValue: { ParticipantTimerAction: 'Unset', ParticipantTimerDurationInMinutes: 5 } }])],
  ['an empty timer value', 'InvalidParameterException', () => update([{ ...timer(5), TimerValue: {} }])],
  ['a timer action other than Unset', 'InvalidParameterException', () => update([{ ...timer(5), TimerValue: { ParticipantTimerAction: 'Pause' } }])],
  ['a SUPERVISOR timer', 'InvalidParameterException', () => update([timer(5, 'SUPERVISOR')])],
  ['an unknown timer type', 'InvalidParameterException', () => update([timer(5, 'CUSTOMER', 'DISCONNECT')])],
  ['the same role and type twice', 'InvalidParameterException', () => update([timer(5), timer(9)])],
  ['an empty list', 'InvalidParameterException', () => update([])],
  ['seven timers', 'InvalidParameterException', () => update([timer(2), timer(3, 'AGENT'), timer(4, 'CUSTOMER', 'DISCONNECT_NONCUSTOMER'), timer(5, 'AGENT', 'DISCONNECT_NONCUSTOMER'), timer(6), timer(7), timer(8)])],
  [
    'a channel configuration without Chat',
    'InvalidParameterException',
    () => p.connect.send(new UpdateParticipantRoleConfigCommand({ InstanceId: p.seeded.instanceId, ContactId: live.contactId, ChannelConfiguration: {} as never })),
  ],
  ['an unknown contact', 'ResourceNotFoundException', () => update([timer(5)], 'no-such-contact')],
  ['an unknown instance', 'ResourceNotFoundException', () => update([timer(5)], live.contactId, 'no-such-instance')],
  ['a contact that has ended', 'InvalidRequestException', () => update([timer(5)], ended.contactId)],
];

it.each(cases)('refuses %s with %s and changes nothing', async (_title, error, send) => {
  const before = await snapshotStore(p);
  const err = await send().then(
    () => null,
    (e: unknown) => e as { name: string; $metadata: { httpStatusCode: number } },
  );
  expect(err).toMatchObject({ name: error, $metadata: { httpStatusCode: error === 'ResourceNotFoundException' ? 404 : 400 } });
  expect(await snapshotStore(p)).toEqual(before);
});

it('accepts every role and timer type, and Unset, on a live contact', async () => {
  await expect(update([timer(2), timer(480, 'AGENT'), timer(3, 'CUSTOMER', 'DISCONNECT_NONCUSTOMER'), timer(4, 'AGENT', 'DISCONNECT_NONCUSTOMER')])).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
  await expect(update([{ ParticipantRole: 'AGENT', TimerType: 'IDLE', TimerValue: { ParticipantTimerAction: 'Unset' } }])).resolves.toBeDefined();
});
