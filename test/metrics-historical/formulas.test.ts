import { describe, expect, it } from 'vitest';
import { abandoned, recordMetric } from '../../src/core/metrics/historical.js';
import { intervalsOf } from '../../src/core/metrics/intervals.js';
import type { ContactRecord, StoredRecord } from '../../src/core/metrics/record.js';

/*
 * The record-shape rules the scripted days cannot reach through the API (a contact transferred
 * out while still in queue, a chat that expired in queue), and interval edges of zones whose
 * clocks jump at midnight or sit on a quarter hour. Pure functions, fed hand-made records.
 */

const T = Date.UTC(2026, 10, 2, 9);
/** A queued chat record: enqueued at T, gone after `waited` seconds, changed by `over`. */
function rec(waited: number, over: Partial<ContactRecord> = {}, state: StoredRecord['facts']['preDisconnectState'] = 'QUEUED'): StoredRecord {
  const record = {
    ContactId: 'c',
    InitiationMethod: 'API',
    Channel: 'CHAT',
    InitiationTimestamp: T,
    DisconnectTimestamp: T + waited * 1000,
    DisconnectReason: 'CUSTOMER_DISCONNECT',
    NextContactId: null,
    TransferCompletedTimestamp: null,
    Queue: { Id: 'q', ARN: 'arn', Name: 'Q', EnqueueTimestamp: T, DequeueTimestamp: T + waited * 1000, Duration: waited },
    Agent: null,
    ChatMetrics: null,
    SegmentAttributes: {},
    ...over,
  } as ContactRecord;
  return { record, facts: { preDisconnectState: state, offers: [], completed: true } };
}

describe('abandoned contacts, by the shape of the record', () => {
  it('counts a contact that left the queue unanswered whatever its disconnect reason', () => {
    // A chat whose ChatDurationInMinutes ran out while it waited is abandoned too.
    expect(abandoned(rec(30, { DisconnectReason: 'EXPIRED' }))).toBe(true);
    expect(abandoned(rec(30, { DisconnectReason: 'CONTACT_FLOW_DISCONNECT' }, 'OFFERED'))).toBe(true);
  });

  it('does not count a contact with a next contact, or transferred out of the queue', () => {
    expect(abandoned(rec(30, { NextContactId: 'next' }))).toBe(false);
    expect(abandoned(rec(30, { TransferCompletedTimestamp: T + 30_000 }))).toBe(false);
    // Never queued: not abandoned (a flow ended it).
    expect(abandoned(rec(0, { Queue: null }, 'IN_FLOW'))).toBe(false);
  });

  it('takes the abandons and answers within X into the service level, LT and LTE apart', () => {
    const rs = [rec(30), rec(60), rec(61), rec(90)];
    // Removed within the threshold: 30 (LT 60); 30 and 60 (LTE 60).
    expect(recordMetric({ Name: 'SERVICE_LEVEL', Threshold: [{ Comparison: 'LT', ThresholdValue: 60 }] }, rs)).toBe(25);
    expect(recordMetric({ Name: 'SERVICE_LEVEL', Threshold: [{ Comparison: 'LTE', ThresholdValue: 60 }] }, rs)).toBe(50);
    expect(recordMetric({ Name: 'CONTACTS_TRANSFERRED_OUT_FROM_QUEUE' }, [rec(30, { TransferCompletedTimestamp: T + 30_000 })])).toBe(1);
    expect(recordMetric({ Name: 'ABANDONMENT_RATE' }, [])).toBeNull();
  });
});

describe('intervals at the edges of time zones', () => {
  const iso = (t: number) => new Date(t).toISOString();
  it('starts a day at the first minute it has when its midnight is skipped (America/Santiago, 6 September 2026)', () => {
    const days = intervalsOf(Date.UTC(2026, 8, 5, 4), Date.UTC(2026, 8, 7, 3), 'DAY', 'America/Santiago');
    // 5 Sept 00:00 -04; 6 Sept starts at 01:00 -03 (= 04:00Z) and lasts 23 hours.
    expect(days.map((d) => [iso(d.start), (d.end - d.start) / 3_600_000])).toEqual([
      ['2026-09-05T04:00:00.000Z', 24],
      ['2026-09-06T04:00:00.000Z', 23],
    ]);
  });

  it('aligns hours and weeks to a zone a quarter hour off UTC (Asia/Kathmandu, +05:45)', () => {
    const hours = intervalsOf(Date.UTC(2026, 10, 2, 9), Date.UTC(2026, 10, 2, 11), 'HOUR', 'Asia/Kathmandu');
    expect(hours.map((h) => iso(h.start))).toEqual(['2026-11-02T09:00:00.000Z', '2026-11-02T09:15:00.000Z', '2026-11-02T10:15:00.000Z']);
    // Weeks start on Monday 00:00 local: Sunday 18:15Z.
    const weeks = intervalsOf(Date.UTC(2026, 10, 2, 9), Date.UTC(2026, 10, 20), 'WEEK', 'Asia/Kathmandu');
    expect(weeks.map((w) => iso(w.start))).toEqual(['2026-11-02T09:00:00.000Z', '2026-11-08T18:15:00.000Z', '2026-11-15T18:15:00.000Z']);
  });
});
