import type { UsageRow } from '../../app/metering/usage.js';
import { csvLine } from '../../core/csv.js';

export const USAGE_CSV_HEADER = ['Day', 'Channel', 'QueueId', 'QueueName', 'BillableMessages', 'Cost', 'Currency'] as const;

/**
 * The monthly report as CSV (RFC 4180, CRLF line ends): a header row, one row per day, channel
 * and queue that had billable messages, and a last row `Total` with the month's totals. A row
 * with no queue has empty QueueId and QueueName. Texts are quoted and defused as core/csv.ts
 * says (a queue named "=HYPERLINK(…)" shows as text).
 */
export function usageCsv(report: { Usage: UsageRow[]; Totals: { BillableMessages: number; Cost: number; Currency: string } }): string {
  const cur = report.Totals.Currency;
  const lines = [
    csvLine(USAGE_CSV_HEADER),
    ...report.Usage.map((r) => csvLine([r.Day ?? '', r.Channel ?? '', r.Queue?.Id ?? '', r.Queue?.Name ?? '', r.BillableMessages, r.Cost, cur])),
    csvLine(['Total', '', '', '', report.Totals.BillableMessages, report.Totals.Cost, cur]),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
