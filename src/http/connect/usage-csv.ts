import type { UsageRow } from '../../app/metering/usage.js';

export const USAGE_CSV_HEADER = ['Day', 'Channel', 'QueueId', 'QueueName', 'BillableMessages', 'Cost', 'Currency'] as const;

/**
 * The monthly report as CSV (RFC 4180, CRLF line ends): a header row, one row per day, channel
 * and queue that had billable messages, and a last row `Total` with the month's totals. A row
 * with no queue has empty QueueId and QueueName.
 */
export function usageCsv(report: { Usage: UsageRow[]; Totals: { BillableMessages: number; Cost: number; Currency: string } }): string {
  const cur = report.Totals.Currency;
  const lines = [
    USAGE_CSV_HEADER.join(','),
    ...report.Usage.map((r) => [text(r.Day ?? ''), text(r.Channel ?? ''), text(r.Queue?.Id ?? ''), text(r.Queue?.Name ?? ''), r.BillableMessages, r.Cost, cur].join(',')),
    ['Total', '', '', '', report.Totals.BillableMessages, report.Totals.Cost, cur].join(','),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A text cell: quoted when it holds a comma, quote or line break; and, since spreadsheets run a
 * cell starting with = + - @ as a formula, such a cell (a queue named "=HYPERLINK(…)") is
 * prefixed with an apostrophe, which shows it as text.
 */
function text(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
