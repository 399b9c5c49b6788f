import { invalidParameter } from '../../core/errors.js';
import { csvHeader, csvRow, streamRecord } from '../../core/metrics/present.js';
import type { StoredRecord } from '../../core/metrics/record.js';
import { requireInstance } from '../admin/instances.js';
import type { Deps } from '../deps.js';

export type ExportFormat = 'jsonl' | 'csv';

const TIME_COLUMNS = { DISCONNECT_TIMESTAMP: 'disconnected_at', INITIATION_TIMESTAMP: 'initiated_at', UPDATE_TIMESTAMP: 'updated_at' } as const;
export const EXPORT_TIME_TYPES = Object.keys(TIME_COLUMNS);
const PAGE = 500;
/** The longest range one export covers (the records are kept 24 months; a year at a time is plenty). */
const MAX_RANGE_MS = 366 * 86_400_000;

export interface ExportInput {
  instanceRef: string;
  startTime: number;
  endTime: number;
  format: ExportFormat;
  timeType?: keyof typeof TIME_COLUMNS;
}

/**
 * The contact records whose time (disconnect, by default) falls in [start, end), as JSON lines
 * in the contact record stream's shape, or as CSV with a header row. Records are brought up to
 * date first, then read page by page in (time, id) order, so an export of any size streams.
 */
export async function exportRecords(deps: Deps, input: ExportInput): Promise<AsyncGenerator<string>> {
  const instance = await requireInstance(deps.db.kysely, input.instanceRef);
  if (!(input.endTime > input.startTime)) throw invalidParameter('EndTime must be after StartTime');
  if ((input.endTime - input.startTime) * 1000 > MAX_RANGE_MS) throw invalidParameter('The time range of one export is at most 366 days');
  await deps.records.catchUp();
  const col = TIME_COLUMNS[input.timeType ?? 'DISCONNECT_TIMESTAMP'];
  const db = deps.db.kysely;
  const account = deps.config.accountId;
  async function* lines(): AsyncGenerator<string> {
    if (input.format === 'csv') yield `${csvHeader()}\r\n`;
    let after: { t: number; id: string } | null = null;
    for (;;) {
      let q = db
        .selectFrom('contact_records')
        .select(['contact_id', col, 'record'])
        .where('instance_id', '=', instance.id)
        .where(col, '>=', input.startTime * 1000)
        .where(col, '<', input.endTime * 1000);
      if (after) {
        const a = after;
        q = q.where((eb) => eb.or([eb(col, '>', a.t), eb.and([eb(col, '=', a.t), eb('contact_id', '>', a.id)])]));
      }
      const rows = await q.orderBy(col).orderBy('contact_id').limit(PAGE).execute();
      for (const row of rows) {
        const { record } = JSON.parse(row.record) as StoredRecord;
        yield input.format === 'csv' ? `${csvRow(record)}\r\n` : `${JSON.stringify(streamRecord(record, account))}\n`;
      }
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      after = { t: Number(last[col]), id: last.contact_id };
    }
  }
  return lines();
}
