/** A value of a CSV cell: text, a number, or nothing (an empty cell, never a 0). */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, its quotes
 * doubled. A spreadsheet runs a cell starting with = + - @ (or a tab or carriage return, which it
 * skips before looking) as a formula, and texts here are anyone's input (queue names, customer
 * attributes): such a text gets a leading ' so that it shows as text. Numbers are written as
 * they are (a negative one is not a formula); a non-finite number is an empty cell.
 */
export function csvField(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return String(v);
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (without its line end). */
export const csvLine = (cells: readonly CsvCell[]): string => cells.map(csvField).join(',');
