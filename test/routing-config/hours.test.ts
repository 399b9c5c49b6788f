import {
  CreateHoursOfOperationCommand,
  CreateHoursOfOperationOverrideCommand,
  CreateQueueCommand,
  DeleteHoursOfOperationCommand,
  DeleteHoursOfOperationOverrideCommand,
  DescribeHoursOfOperationCommand,
  type HoursOfOperationConfig,
  ListHoursOfOperationOverridesCommand,
  ListHoursOfOperationsCommand,
  UpdateHoursOfOperationCommand,
  UpdateQueueHoursOfOperationCommand,
} from '@aws-sdk/client-connect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, chatOn, insertFlow, park, say, systemMessage } from '../flows-runtime/kit.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';

/*
 * HoursOfOperation through the SDK, and what flows see of a change. The simulated clock starts on
 * Monday 2 November 2026, 09:00 UTC (04:00 in New York, 10:00 in Berlin).
 */

let p: TestParley;
beforeEach(async () => {
  p = await startTestParley();
});
afterEach(async () => {
  await p.stop();
});

const hm = (Hours: number, Minutes = 0) => ({ Hours, Minutes });
const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const;
const OFFICE: HoursOfOperationConfig[] = WEEKDAYS.map((Day) => ({ Day, StartTime: hm(9), EndTime: hm(17) }));
const instance = () => p.seeded.instanceId;

const createHours = async (Name: string, TimeZone: string, Config = OFFICE) =>
  (await p.connect.send(new CreateHoursOfOperationCommand({ InstanceId: instance(), Name, TimeZone, Config, Description: `${Name} hours` }))).HoursOfOperationId!;

/** A flow that checks its queue's hours and says which branch it took. */
const checkFlow = (queueId: string) =>
  insertFlow(p, [
    act('queue', 'UpdateContactTargetQueue', { QueueId: queueId }, { next: 'check', errors: { NoMatchingError: 'error' } }),
    act('check', 'CheckHoursOfOperation', {}, { next: 'error', errors: { NoMatchingError: 'error' }, conditions: { True: 'open', False: 'closed' } }),
    say('open', 'open', 'park'),
    say('closed', 'closed', 'park'),
    say('error', 'error', 'park'),
    park(),
  ]);

async function branchNow(flowId: string): Promise<string> {
  const { socket } = await chatOn(p, flowId);
  const item = await systemMessage(socket, /^(open|closed|error)$/);
  socket.close();
  return String(item.Content);
}

describe('HoursOfOperation through the SDK', () => {
  it('creates, describes, lists (paged by name), updates and deletes hours', async () => {
    const id = await createHours('Office', 'America/New_York');
    const { region, accountId } = p.deps.config;
    const arn = `arn:aws:connect:${region}:${accountId}:instance/${instance()}/operating-hours/${id}`;
    const described = (await p.connect.send(new DescribeHoursOfOperationCommand({ InstanceId: instance(), HoursOfOperationId: arn }))).HoursOfOperation;
    expect(described).toMatchObject({ HoursOfOperationId: id, HoursOfOperationArn: arn, Name: 'Office', Description: 'Office hours', TimeZone: 'America/New_York', Config: OFFICE });
    expect(described?.LastModifiedTime?.getTime()).toBe(p.clock.now());

    await createHours('Annex', 'Europe/Berlin');
    const first = await p.connect.send(new ListHoursOfOperationsCommand({ InstanceId: instance(), MaxResults: 2 }));
    const second = await p.connect.send(new ListHoursOfOperationsCommand({ InstanceId: instance(), MaxResults: 2, NextToken: first.NextToken }));
    expect(first.NextToken).toBeDefined();
    expect(second.NextToken).toBeUndefined();
    // Basic Hours is seeded with the instance.
    expect([...first.HoursOfOperationSummaryList!, ...second.HoursOfOperationSummaryList!].map((h) => h.Name)).toEqual(['Annex', 'Basic Hours', 'Office']);
    expect(first.HoursOfOperationSummaryList![0]).toMatchObject({ Arn: expect.stringContaining('/operating-hours/'), LastModifiedRegion: region });

    await p.clock.advance(60_000);
    await p.connect.send(new UpdateHoursOfOperationCommand({ InstanceId: instance(), HoursOfOperationId: id, Name: 'Head office', TimeZone: 'Europe/Berlin' }));
    const updated = (await p.connect.send(new DescribeHoursOfOperationCommand({ InstanceId: instance(), HoursOfOperationId: id }))).HoursOfOperation;
    // What the update leaves out stays as it was.
    expect(updated).toMatchObject({ Name: 'Head office', TimeZone: 'Europe/Berlin', Description: 'Office hours', Config: OFFICE });
    expect(updated?.LastModifiedTime?.getTime()).toBe(p.clock.now());

    await p.connect.send(new DeleteHoursOfOperationCommand({ InstanceId: instance(), HoursOfOperationId: id }));
    await expect(p.connect.send(new DescribeHoursOfOperationCommand({ InstanceId: instance(), HoursOfOperationId: id }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('refuses to delete hours a queue uses, and deletes them once no queue does', async () => {
    const id = await createHours('Office', 'UTC');
    const { QueueId } = await p.connect.send(new CreateQueueCommand({ InstanceId: instance(), Name: 'Sales', HoursOfOperationId: id }));
    const refused = p.connect.send(new DeleteHoursOfOperationCommand({ InstanceId: instance(), HoursOfOperationId: id }));
    await expect(refused).rejects.toMatchObject({ name: 'ResourceInUseException', $metadata: { httpStatusCode: 409 } });
    expect((await p.connect.send(new DescribeHoursOfOperationCommand({ InstanceId: instance(), HoursOfOperationId: id }))).HoursOfOperation?.Name).toBe('Office');
    await p.connect.send(new UpdateQueueHoursOfOperationCommand({ InstanceId: instance(), QueueId, HoursOfOperationId: p.seeded.basicHoursId }));
    await p.connect.send(new DeleteHoursOfOperationCommand({ InstanceId: instance(), HoursOfOperationId: id }));
  });
});

describe('what flows see of a change', () => {
  it('CheckHoursOfOperation follows UpdateHoursOfOperation: a time zone change opens the office, new hours close it', async () => {
    const hoursId = await createHours('Office', 'America/New_York');
    const { QueueId } = await p.connect.send(new CreateQueueCommand({ InstanceId: instance(), Name: 'Sales', HoursOfOperationId: hoursId }));
    const flowId = await checkFlow(QueueId!);
    expect(await branchNow(flowId)).toBe('closed'); // 04:00 in New York
    await p.connect.send(new UpdateHoursOfOperationCommand({ InstanceId: instance(), HoursOfOperationId: hoursId, TimeZone: 'Europe/Berlin' }));
    expect(await branchNow(flowId)).toBe('open'); // 10:00 in Berlin
    await p.connect.send(
      new UpdateHoursOfOperationCommand({ InstanceId: instance(), HoursOfOperationId: hoursId, Config: WEEKDAYS.map((Day) => ({ Day, StartTime: hm(13), EndTime: hm(18) })) }),
    );
    expect(await branchNow(flowId)).toBe('closed');
    p.clock.set(Date.parse('2026-11-02T12:00:00Z')); // 13:00 in Berlin
    await p.settle();
    expect(await branchNow(flowId)).toBe('open');
  });

  it('a holiday override created through the SDK closes the day; deleting it opens it again', async () => {
    const hoursId = await createHours('Office', 'Europe/Berlin');
    const { QueueId } = await p.connect.send(new CreateQueueCommand({ InstanceId: instance(), Name: 'Sales', HoursOfOperationId: hoursId }));
    const flowId = await checkFlow(QueueId!);
    expect(await branchNow(flowId)).toBe('open');
    const { HoursOfOperationOverrideId } = await p.connect.send(
      new CreateHoursOfOperationOverrideCommand({
        InstanceId: instance(),
        HoursOfOperationId: hoursId,
        Name: 'Works outing',
        Config: [],
        EffectiveFrom: '2026-11-02',
        EffectiveTill: '2026-11-02',
        OverrideType: 'CLOSED',
      }),
    );
    expect(await branchNow(flowId)).toBe('closed');
    const listed = await p.connect.send(new ListHoursOfOperationOverridesCommand({ InstanceId: instance(), HoursOfOperationId: hoursId }));
    expect(listed.HoursOfOperationOverrideList).toEqual([
      expect.objectContaining({ HoursOfOperationOverrideId, HoursOfOperationId: hoursId, Name: 'Works outing', EffectiveFrom: '2026-11-02', OverrideType: 'CLOSED' }),
    ]);
    await p.connect.send(new DeleteHoursOfOperationOverrideCommand({ InstanceId: instance(), HoursOfOperationId: hoursId, HoursOfOperationOverrideId }));
    expect((await p.connect.send(new ListHoursOfOperationOverridesCommand({ InstanceId: instance(), HoursOfOperationId: hoursId }))).HoursOfOperationOverrideList).toEqual([]);
    expect(await branchNow(flowId)).toBe('open');
  });
});
