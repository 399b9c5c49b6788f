import type { Tx } from '../../adapters/store/db.js';
import type { Database } from '../../adapters/store/schema.js';
import type { StoredRecord } from '../../core/metrics/record.js';
import type { Config } from '../../config.js';
import { recordsOf } from './records.js';

/** Rows per upsert: 14 bound parameters each, far below both engines' limits. */
const CHUNK = 200;

/** What an upsert rewrites: every column but the key. */
const RECORD_COLUMNS = [
  'instance_id',
  'channel',
  'initiation_method',
  'queue_id',
  'agent_id',
  'routing_profile_id',
  'initiated_at',
  'enqueued_at',
  'connected_to_agent_at',
  'disconnected_at',
  'completed',
  'updated_at',
  'record',
] as const;

/** Writes (or rewrites) the rows in contact_records of these segments from the store as it is in `tx`, a multi-row upsert per chunk. */
export async function saveRecords(tx: Tx, config: Pick<Config, 'region' | 'accountId'>, contactIds: readonly string[]): Promise<void> {
  const rows = [...(await recordsOf(tx, config, contactIds))].map(([contactId, stored]) => rowOf(contactId, stored));
  for (let i = 0; i < rows.length; i += CHUNK)
    await tx
      .insertInto('contact_records')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.column('contact_id').doUpdateSet((eb) => Object.fromEntries(RECORD_COLUMNS.map((col) => [col, eb.ref(`excluded.${col}`)]))))
      .execute();
}

function rowOf(contactId: string, stored: StoredRecord): Database['contact_records'] {
  const r = stored.record;
  return {
    contact_id: contactId,
    instance_id: instanceIdOfArn(r.InstanceARN),
    channel: r.Channel,
    initiation_method: r.InitiationMethod,
    queue_id: r.Queue?.Id ?? null,
    agent_id: r.Agent?.Id ?? null,
    routing_profile_id: r.Agent?.RoutingProfile?.Id ?? null,
    initiated_at: r.InitiationTimestamp,
    enqueued_at: r.Queue?.EnqueueTimestamp ?? null,
    connected_to_agent_at: r.Agent?.ConnectedToAgentTimestamp ?? null,
    disconnected_at: r.DisconnectTimestamp,
    completed: stored.facts.completed ? 1 : 0,
    updated_at: r.LastUpdateTimestamp,
    record: JSON.stringify(stored),
  };
}

const instanceIdOfArn = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);
