import {
  CreateHoursOfOperationCommand,
  CreateHoursOfOperationOverrideCommand,
  CreateQueueCommand,
  DeleteHoursOfOperationCommand,
  DeleteHoursOfOperationOverrideCommand,
  DeleteQueueCommand,
  type HoursOfOperationConfig,
  UpdateHoursOfOperationCommand,
  UpdateQueueHoursOfOperationCommand,
  UpdateQueueMaxContactsCommand,
  UpdateQueueNameCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { snapshotStore } from '../helpers/store-snapshot.js';

/* Every refusal of the HoursOfOperation and Queue APIs answers Connect's error, and changes nothing in the store. */

let p: TestParley;
let hoursId: string;
let queueId: string;
beforeAll(async () => {
  p = await startTestParley();
  const InstanceId = p.seeded.instanceId;
  hoursId = (await p.connect.send(new CreateHoursOfOperationCommand({ InstanceId, Name: 'Office', TimeZone: 'UTC', Config: [] }))).HoursOfOperationId!;
  await p.connect.send(new CreateHoursOfOperationOverrideCommand({ InstanceId, HoursOfOperationId: hoursId, Name: 'Christmas', Config: [], EffectiveFrom: '2026-12-25', EffectiveTill: '2026-12-25' }));
  queueId = (await p.connect.send(new CreateQueueCommand({ InstanceId, Name: 'Sales', HoursOfOperationId: hoursId }))).QueueId!;
});
afterAll(async () => {
  await p.stop();
});

const slot = (Day: string, start: number, end: number, minutes = 0) =>
  ({ Day, StartTime: { Hours: start, Minutes: minutes }, EndTime: { Hours: end, Minutes: 0 } }) as HoursOfOperationConfig;

type Send = (instanceId: string) => Promise<unknown>;
const cases: [title: string, error: string, send: Send][] = [
  ['hours in an unknown time zone', 'InvalidParameterException', (i) => p.connect.send(new CreateHoursOfOperationCommand({ InstanceId: i, Name: 'X', TimeZone: 'Mars/Olympus', Config: [] }))],
  ['an hour of 24', 'InvalidParameterException', (i) => p.connect.send(new CreateHoursOfOperationCommand({ InstanceId: i, Name: 'X', TimeZone: 'UTC', Config: [slot('MONDAY', 9, 24)] }))],
  ['a minute of 60', 'InvalidParameterException', (i) => p.connect.send(new CreateHoursOfOperationCommand({ InstanceId: i, Name: 'X', TimeZone: 'UTC', Config: [slot('MONDAY', 9, 17, 60)] }))],
  ['a day not in the week', 'InvalidParameterException', (i) => p.connect.send(new CreateHoursOfOperationCommand({ InstanceId: i, Name: 'X', TimeZone: 'UTC', Config: [slot('FUNDAY', 9, 17)] }))],
  ['hours named like others', 'DuplicateResourceException', (i) => p.connect.send(new CreateHoursOfOperationCommand({ InstanceId: i, Name: 'Basic Hours', TimeZone: 'UTC', Config: [] }))],
  ['hours in an unknown instance', 'ResourceNotFoundException', () => p.connect.send(new CreateHoursOfOperationCommand({ InstanceId: 'no-such-instance', Name: 'X', TimeZone: 'UTC', Config: [] }))],
  ['an update to an unknown time zone', 'InvalidParameterException', (i) => p.connect.send(new UpdateHoursOfOperationCommand({ InstanceId: i, HoursOfOperationId: hoursId, Name: 'Y', TimeZone: 'Nowhere' }))],
  ['a rename to taken hours name', 'DuplicateResourceException', (i) => p.connect.send(new UpdateHoursOfOperationCommand({ InstanceId: i, HoursOfOperationId: hoursId, Name: 'Basic Hours' }))],
  ['an update of unknown hours', 'ResourceNotFoundException', (i) => p.connect.send(new UpdateHoursOfOperationCommand({ InstanceId: i, HoursOfOperationId: 'no-such-hours', Name: 'Y' }))],
  ['deleting hours a queue uses', 'ResourceInUseException', (i) => p.connect.send(new DeleteHoursOfOperationCommand({ InstanceId: i, HoursOfOperationId: hoursId }))],
  ['deleting unknown hours', 'ResourceNotFoundException', (i) => p.connect.send(new DeleteHoursOfOperationCommand({ InstanceId: i, HoursOfOperationId: 'no-such-hours' }))],
  ...(
    [
      ['an override ending before it starts', '2026-12-25', '2026-12-24'],
      ['an override on 30 February', '2026-02-30', '2026-03-01'],
      ['an override with a date that is not YYYY-MM-DD', '25.12.2026', '2026-12-26'],
    ] as const
  ).map(
    ([title, EffectiveFrom, EffectiveTill]): [string, string, Send] => [
      title,
      'InvalidParameterException',
      (i) => p.connect.send(new CreateHoursOfOperationOverrideCommand({ InstanceId: i, HoursOfOperationId: hoursId, Name: 'Holiday', Config: [], EffectiveFrom, EffectiveTill })),
    ],
  ),
  [
    'an override of unknown hours',
    'ResourceNotFoundException',
    (i) => p.connect.send(new CreateHoursOfOperationOverrideCommand({ InstanceId: i, HoursOfOperationId: 'no-such-hours', Name: 'H', Config: [], EffectiveFrom: '2026-12-25', EffectiveTill: '2026-12-25' })),
  ],
  [
    'an override named like another of the same hours',
    'DuplicateResourceException',
    (i) => p.connect.send(new CreateHoursOfOperationOverrideCommand({ InstanceId: i, HoursOfOperationId: hoursId, Name: 'Christmas', Config: [], EffectiveFrom: '2027-12-25', EffectiveTill: '2027-12-25' })),
  ],
  ['deleting an unknown override', 'ResourceNotFoundException', (i) => p.connect.send(new DeleteHoursOfOperationOverrideCommand({ InstanceId: i, HoursOfOperationId: hoursId, HoursOfOperationOverrideId: 'nope' }))],
  ['a queue with unknown hours', 'ResourceNotFoundException', (i) => p.connect.send(new CreateQueueCommand({ InstanceId: i, Name: 'Q', HoursOfOperationId: 'no-such-hours' }))],
  ['a queue named like another', 'DuplicateResourceException', (i) => p.connect.send(new CreateQueueCommand({ InstanceId: i, Name: 'BasicQueue', HoursOfOperationId: hoursId }))],
  ['a negative MaxContacts', 'InvalidParameterException', (i) => p.connect.send(new CreateQueueCommand({ InstanceId: i, Name: 'Q', HoursOfOperationId: hoursId, MaxContacts: -1 }))],
  ['a queue renamed to a taken name', 'DuplicateResourceException', (i) => p.connect.send(new UpdateQueueNameCommand({ InstanceId: i, QueueId: queueId, Name: 'BasicQueue' }))],
  ['a queue given unknown hours', 'ResourceNotFoundException', (i) => p.connect.send(new UpdateQueueHoursOfOperationCommand({ InstanceId: i, QueueId: queueId, HoursOfOperationId: 'no-such-hours' }))],
  ['a limit on an unknown queue', 'ResourceNotFoundException', (i) => p.connect.send(new UpdateQueueMaxContactsCommand({ InstanceId: i, QueueId: 'no-such-queue', MaxContacts: 3 }))],
  ['deleting an unknown queue', 'ResourceNotFoundException', (i) => p.connect.send(new DeleteQueueCommand({ InstanceId: i, QueueId: 'no-such-queue' }))],
];

it.each(cases)('refuses %s with %s and changes nothing', async (_title, error, send) => {
  const before = await snapshotStore(p);
  await expect(send(p.seeded.instanceId)).rejects.toMatchObject({ name: error });
  expect(await snapshotStore(p)).toEqual(before);
});
