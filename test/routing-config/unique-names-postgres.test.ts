import { CreateHoursOfOperationCommand, CreateQueueCommand, UpdateQueueNameCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, openPostgres } from '../../src/adapters/store/postgres.js';
import { IN_CI, probePostgres, randomSchema } from '../contract/stores.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';

/*
 * On PostgreSQL two creates (or renames) with one name can both pass the friendly name check;
 * the unique constraint then refuses one, which must reach the client as
 * DuplicateResourceException, not as an internal error.
 */
const probe = await probePostgres();
const skip = probe.reason !== null && !IN_CI;
if (skip) console.warn(`[unique-names-postgres] skipping: ${probe.reason}`);

describe.skipIf(skip)('names taken by writers racing each other, on PostgreSQL', () => {
  const schema = randomSchema();
  let p: TestParley;
  beforeAll(async () => {
    if (!probe.url) throw new Error(probe.reason ?? 'PostgreSQL unavailable');
    p = await startTestParley({ db: await openPostgres({ url: probe.url, schema }) });
  });
  afterAll(async () => {
    await p?.stop();
    if (probe.url) await dropSchema(probe.url, schema);
  });

  const outcomes = (settled: PromiseSettledResult<unknown>[]) =>
    settled.map((s) => (s.status === 'fulfilled' ? 'created' : (s.reason as Error).name)).sort();

  it('creates one queue and one hours of operation per name, refusing the rest as duplicates', async () => {
    const InstanceId = p.seeded.instanceId;
    const hours = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        p.connect.send(new CreateHoursOfOperationCommand({ InstanceId, Name: 'Weekdays', TimeZone: 'UTC', Config: [{ Day: 'MONDAY', StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 0 } }] })),
      ),
    );
    expect(outcomes(hours)).toEqual(['DuplicateResourceException', 'DuplicateResourceException', 'DuplicateResourceException', 'DuplicateResourceException', 'DuplicateResourceException', 'created']);
    const queues = await Promise.allSettled(
      Array.from({ length: 6 }, () => p.connect.send(new CreateQueueCommand({ InstanceId, Name: 'Sales', HoursOfOperationId: p.seeded.basicHoursId }))),
    );
    expect(outcomes(queues)).toEqual(['DuplicateResourceException', 'DuplicateResourceException', 'DuplicateResourceException', 'DuplicateResourceException', 'DuplicateResourceException', 'created']);
  });

  it('renames only one of two queues to a name both want', async () => {
    const InstanceId = p.seeded.instanceId;
    const ids = await Promise.all(
      ['North', 'South'].map(async (Name) => (await p.connect.send(new CreateQueueCommand({ InstanceId, Name, HoursOfOperationId: p.seeded.basicHoursId }))).QueueId!),
    );
    const renames = await Promise.allSettled(ids.map((QueueId) => p.connect.send(new UpdateQueueNameCommand({ InstanceId, QueueId, Name: 'Central' }))));
    expect(outcomes(renames)).toEqual(['DuplicateResourceException', 'created']);
  });
});
