import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/web/console/dashboards/csv.js';
import { periodOf } from '../../src/web/console/dashboards/period.js';
import { SseParser } from '../../src/web/console/dashboards/sse.js';

// The dashboards' pure parts, without a browser: they decide what the page shows and saves.
describe('dashboards: stream reading, CSV and periods', () => {
  it('reads Server-Sent Events however the network cuts them', () => {
    const text = 'retry: 2000\r\n\r\n: a comment\r\nid: 1\r\nevent: board\r\ndata: {"a":1}\r\n\r\ndata: line 1\ndata: line 2\n\nevent: error\rdata: {"__type":"AccessDeniedException"}\r\r';
    // Every split point, a CRLF cut in two included, gives the same events.
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = new SseParser();
      const events = [...parser.feed(text.slice(0, cut)), ...parser.feed(text.slice(cut))];
      expect(events, `cut at ${cut}`).toEqual([
        { event: 'board', data: '{"a":1}' },
        { event: 'message', data: 'line 1\nline 2' },
        { event: 'error', data: '{"__type":"AccessDeniedException"}' },
      ]);
      expect(parser.retry).toBe(2000);
    }
  });

  it('writes CSV a spreadsheet reads back as it was meant', () => {
    expect([csvField('plain'), csvField('a,b'), csvField('say "hi"'), csvField('two\nlines'), csvField(null), csvField(undefined), csvField(0), csvField(33.5)]).toEqual([
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      '',
      '',
      '0',
      '33.5',
    ]);
    // A name that a spreadsheet would run as a formula is kept as text.
    expect([csvField('=HYPERLINK("x")'), csvField('+1'), csvField('@sum'), csvField('-x')]).toEqual([`"'=HYPERLINK(""x"")"`, "'+1", "'@sum", "'-x"]);
    expect(toCsv(['Queue', 'Handled'], [['Sales, EU', 2], ['Support', null]])).toBe('Queue,Handled\r\n"Sales, EU",2\r\nSupport,\r\n');
  });

  it('measures periods in calendar days of the chosen time zone, from the server clock', () => {
    const utc = (iso: string) => Date.parse(iso);
    // 09:00 UTC is 10:00 in Paris: today there started at 23:00 UTC the day before.
    expect(periodOf('today', utc('2026-11-02T09:00:00Z'), 'Europe/Paris')).toEqual({ start: utc('2026-11-01T23:00:00Z'), end: utc('2026-11-02T09:00:00Z'), firstDay: '2026-11-02', lastDay: '2026-11-02' });
    // Paris left summer time on Sunday 2026-10-25: that day lasted 25 hours (22:00 UTC to 23:00 UTC the next day).
    expect(periodOf('yesterday', utc('2026-10-26T12:00:00Z'), 'Europe/Paris')).toEqual({ start: utc('2026-10-24T22:00:00Z'), end: utc('2026-10-25T23:00:00Z'), firstDay: '2026-10-25', lastDay: '2026-10-25' });
    // The last 7 days include today, up to now.
    expect(periodOf('last7', utc('2026-10-27T12:00:00Z'), 'Europe/Paris')).toEqual({ start: utc('2026-10-20T22:00:00Z'), end: utc('2026-10-27T12:00:00Z'), firstDay: '2026-10-21', lastDay: '2026-10-27' });
    // Custom days are both included, and never reach past now.
    expect(periodOf('custom', utc('2026-11-02T09:00:00Z'), 'UTC', '2026-10-30', '2026-11-05')).toEqual({ start: utc('2026-10-30T00:00:00Z'), end: utc('2026-11-02T09:00:00Z'), firstDay: '2026-10-30', lastDay: '2026-11-05' });
    expect(periodOf('custom', utc('2026-11-02T09:00:00Z'), 'UTC', '2026-11-03', '2026-11-04')).toEqual({ error: 'The period has not started yet: today is 2026-11-02.' });
    expect(periodOf('custom', utc('2026-11-02T09:00:00Z'), 'UTC', '2026-11-02', '2026-11-01')).toEqual({ error: 'The first day must not be after the last day.' });
    expect(periodOf('today', utc('2026-11-02T00:00:00Z'), 'UTC')).toEqual({ error: 'The period has not started yet.' });
  });
});
