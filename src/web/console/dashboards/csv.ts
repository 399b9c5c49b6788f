import { csvLine, type CsvCell } from '../../../core/csv.js';

// The escaping is the server's (core/csv.ts), shared so that the three CSV exports cannot drift apart.
export { csvField, type CsvCell } from '../../../core/csv.js';

/** A CSV document: the header row, then the rows, CRLF-separated. */
export const toCsv = (header: string[], rows: CsvCell[][]): string => [header, ...rows].map(csvLine).join('\r\n') + '\r\n';

/** Saves `csv` as a file named `name` through the browser's download (nothing is sent anywhere). */
export function downloadCsv(name: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked after the click has been handled: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name part from a title: lower case, words joined by dashes. */
export const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
