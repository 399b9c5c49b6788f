import { describe, expect, it } from 'vitest';
import { TEST_STORES } from '../helpers/stores.js';
import { useScriptedDay } from './day-script.js';
import { lt, metrics, metricsV2, pagesV2, rowOf } from './kit.js';

/*
 * GetMetricDataV2 by queue over the scripted morning of day-script.ts (read its timeline first):
 * every expected value is computed by hand from that script, in the comments next to it.
 */

const RECORD_METRICS = [
  ...metrics('CONTACTS_CREATED', 'CONTACTS_QUEUED', 'CONTACTS_QUEUED_BY_ENQUEUE', 'CONTACTS_HANDLED', 'CONTACTS_HANDLED_BY_CONNECTED_TO_AGENT', 'CONTACTS_ABANDONED', 'ABANDONMENT_RATE'),
  lt('SUM_CONTACTS_ABANDONED_IN_X', 60),
  lt('SUM_CONTACTS_ANSWERED_IN_X', 60),
  lt('CONTACTS_REMOVED_FROM_QUEUE_IN_X', 60),
  lt('SERVICE_LEVEL', 60),
  lt('SERVICE_LEVEL', 50, 'LTE'),
  lt('SERVICE_LEVEL', 50),
  ...metrics('SUM_CONTACTS_DISCONNECTED', 'CONTACTS_TRANSFERRED_OUT', 'CONTACTS_TRANSFERRED_OUT_BY_AGENT', 'CONTACTS_TRANSFERRED_OUT_FROM_QUEUE'),
  ...metrics('AGENT_NON_RESPONSE', 'AGENT_ANSWER_RATE', 'AVG_AGENT_CONNECTING_TIME'),
  ...metrics('AVG_QUEUE_ANSWER_TIME', 'AVG_ABANDON_TIME', 'MAX_QUEUED_TIME', 'AVG_HANDLE_TIME', 'SUM_HANDLE_TIME', 'AVG_INTERACTION_TIME', 'SUM_INTERACTION_TIME', 'AVG_INTERACTION_AND_HOLD_TIME'),
  ...metrics('AVG_AFTER_CONTACT_WORK_TIME', 'SUM_AFTER_CONTACT_WORK_TIME', 'AVG_HOLD_TIME', 'AVG_CONTACT_DURATION', 'AVG_RESOLUTION_TIME', 'SUM_CONTACT_FLOW_TIME'),
  ...metrics('AVG_FIRST_RESPONSE_TIME_AGENT', 'AVG_CONTACT_FIRST_RESPONSE_TIME_AGENT', 'AVG_RESPONSE_TIME_AGENT', 'AVG_RESPONSE_TIME_CUSTOMER'),
  ...metrics('AVG_MESSAGES', 'AVG_MESSAGES_AGENT', 'AVG_MESSAGES_CUSTOMER', 'AVG_MESSAGES_BOT', 'AVG_MESSAGE_LENGTH_AGENT', 'AVG_MESSAGE_LENGTH_CUSTOMER', 'AVG_CONVERSATION_CLOSE_TIME', 'CONVERSATIONS_ABANDONED'),
];

for (const store of TEST_STORES) {
  describe.skipIf(store.skip)(`historical metrics of a scripted day (${store.name})`, () => {
    const { p, day, at } = useScriptedDay(store);

    it('computes every contact metric per queue and hour, each contact in the hour it was disconnected', async () => {
      const results = await metricsV2(p(), {
        StartTime: at(0),
        EndTime: at(2),
        Interval: { IntervalPeriod: 'HOUR', TimeZone: 'UTC' },
        Filters: [{ FilterKey: 'QUEUE', FilterValues: [day().support, day().billing] }],
        Groupings: ['QUEUE'],
        Metrics: RECORD_METRICS,
      });
      // Two queues with data, every hour of the range for each.
      expect(results.map((r) => [r.Dimensions?.QUEUE, r.MetricInterval])).toEqual(
        [day().support, day().billing].sort().flatMap((q) => [0, 1].map((h) => [q, { Interval: 'HOUR', StartTime: at(h), EndTime: at(h + 1) }])),
      );
      // Support, 09:00–10:00: c1 c2 c3 c4 c8 handled, c5 c6 c7 abandoned (all API, all queued).
      expect(rowOf(results, { QUEUE: day().support }, at(0))).toEqual({
        CONTACTS_CREATED: 8,
        CONTACTS_QUEUED: 8,
        CONTACTS_QUEUED_BY_ENQUEUE: 8,
        CONTACTS_HANDLED: 5,
        CONTACTS_HANDLED_BY_CONNECTED_TO_AGENT: 5,
        // c5 (95 s), c6 (30 s), c7 (20 s, left while ringing at ann); c3 was handled, then transferred.
        CONTACTS_ABANDONED: 3,
        ABANDONMENT_RATE: (3 / 8) * 100,
        // Abandoned in under 60 s: c6, c7.
        'SUM_CONTACTS_ABANDONED_IN_X<60': 2,
        // Answered in under 60 s: c1 5, c2 5, c4 10, c3 50 (c8 waited 90).
        'SUM_CONTACTS_ANSWERED_IN_X<60': 4,
        'CONTACTS_REMOVED_FROM_QUEUE_IN_X<60': 6,
        // Abandons within the threshold count as in service level: (4 + 2) / 8.
        'SERVICE_LEVEL<60': (6 / 8) * 100,
        // c3 left the queue at exactly 50 s: in with LTE, out with LT.
        'SERVICE_LEVEL<=50': (6 / 8) * 100,
        'SERVICE_LEVEL<50': (5 / 8) * 100,
        // In queue when they ended: c5, c6 (waiting), c7 (ringing).
        SUM_CONTACTS_DISCONNECTED: 3,
        CONTACTS_TRANSFERRED_OUT: 1,
        CONTACTS_TRANSFERRED_OUT_BY_AGENT: 1,
        CONTACTS_TRANSFERRED_OUT_FROM_QUEUE: 0,
        // Offers: c1 c2 c4 ann, c3 ann (missed) + dan, c7 ann (withdrawn), c8 ann (rejected) + dan.
        AGENT_NON_RESPONSE: 3,
        AGENT_ANSWER_RATE: (5 / 8) * 100,
        // Ringing 5 + 5 + 20 + 10 + 10 + 10 + 2 + 10 = 72 s over 8 offers.
        AVG_AGENT_CONNECTING_TIME: 9,
        // Queue time of the handled: (5 + 5 + 10 + 50 + 90) / 5.
        AVG_QUEUE_ANSWER_TIME: 32,
        AVG_ABANDON_TIME: (95 + 30 + 20) / 3,
        MAX_QUEUED_TIME: 95,
        // Handle = interaction + ACW: c1 295+30, c2 385+60, c4 410+5, c3 530+20, c8 110+0 (ann's three
        // chats overlap: 1090 s of interaction in 495 s of her time).
        AVG_HANDLE_TIME: 1845 / 5,
        SUM_HANDLE_TIME: 1845,
        AVG_INTERACTION_TIME: 1730 / 5,
        SUM_INTERACTION_TIME: 1730,
        AVG_INTERACTION_AND_HOLD_TIME: 1730 / 5,
        AVG_AFTER_CONTACT_WORK_TIME: 115 / 5,
        SUM_AFTER_CONTACT_WORK_TIME: 115,
        AVG_HOLD_TIME: 0,
        // Start to disconnect: 300 + 390 + 420 + 580 + 95 + 30 + 20 + 200.
        AVG_CONTACT_DURATION: 2035 / 8,
        // Start to the later of disconnect and ACW end: 330 + 450 + 425 + 600 + 95 + 30 + 20 + 200.
        AVG_RESOLUTION_TIME: 2150 / 8,
        // Queued the moment the customer connected.
        SUM_CONTACT_FLOW_TIME: 0,
        // From connected: c1 125, c2 155, c3 5, c8 10; from queued: 130, 160, 55, 100.
        AVG_FIRST_RESPONSE_TIME_AGENT: 295 / 4,
        AVG_CONTACT_FIRST_RESPONSE_TIME_AGENT: 445 / 4,
        // Agent responses 30 + 20 (c1) + 60 (c2); customer responses 10 (c1) + 20 (c3).
        AVG_RESPONSE_TIME_AGENT: 110 / 3,
        AVG_RESPONSE_TIME_CUSTOMER: 15,
        // Messages 4 + 2 + 0 + 2 + 0 + 0 + 0 + 1 over 8 chats.
        AVG_MESSAGES: 9 / 8,
        // Over the 5 handled: agent 2 + 1 + 0 + 1 + 1, customer 2 + 1 + 0 + 1 + 0.
        AVG_MESSAGES_AGENT: 1,
        AVG_MESSAGES_CUSTOMER: 4 / 5,
        AVG_MESSAGES_BOT: 0,
        // Characters: agent 12+16+4+5+18 = 55 in 5, customer 19+2+13+2 = 36 in 4.
        AVG_MESSAGE_LENGTH_AGENT: 11,
        AVG_MESSAGE_LENGTH_CUSTOMER: 9,
        // Last customer message to the end: c1 300-140, c2 400-110, c3 600-95.
        AVG_CONVERSATION_CLOSE_TIME: (160 + 290 + 505) / 3,
        // c4: ann never wrote; c8: the customer never wrote once dan was there.
        CONVERSATIONS_ABANDONED: 2,
      });
      // Billing, 09:00–10:00: c3b (the transfer, TRANSFER); c10 was queued and connected in this hour but ended at 10:20.
      expect(rowOf(results, { QUEUE: day().billing }, at(0))).toEqual({
        CONTACTS_CREATED: 1,
        CONTACTS_QUEUED: 1,
        CONTACTS_QUEUED_BY_ENQUEUE: 2,
        CONTACTS_HANDLED: 1,
        CONTACTS_HANDLED_BY_CONNECTED_TO_AGENT: 2,
        CONTACTS_ABANDONED: 0,
        ABANDONMENT_RATE: 0,
        'SUM_CONTACTS_ABANDONED_IN_X<60': 0,
        // c3b waited exactly 60 s: not under 60.
        'SUM_CONTACTS_ANSWERED_IN_X<60': 0,
        'CONTACTS_REMOVED_FROM_QUEUE_IN_X<60': 0,
        'SERVICE_LEVEL<60': 0,
        'SERVICE_LEVEL<=50': 0,
        'SERVICE_LEVEL<50': 0,
        SUM_CONTACTS_DISCONNECTED: 0,
        CONTACTS_TRANSFERRED_OUT: 0,
        CONTACTS_TRANSFERRED_OUT_BY_AGENT: 0,
        CONTACTS_TRANSFERRED_OUT_FROM_QUEUE: 0,
        // Offers made in the hour: c3b and c10 to ben, each accepted after 10 s.
        AGENT_NON_RESPONSE: 0,
        AGENT_ANSWER_RATE: 100,
        AVG_AGENT_CONNECTING_TIME: 10,
        AVG_QUEUE_ANSWER_TIME: 60,
        AVG_ABANDON_TIME: undefined,
        MAX_QUEUED_TIME: 60,
        AVG_HANDLE_TIME: 280,
        SUM_HANDLE_TIME: 280,
        AVG_INTERACTION_TIME: 240,
        SUM_INTERACTION_TIME: 240,
        AVG_INTERACTION_AND_HOLD_TIME: 240,
        AVG_AFTER_CONTACT_WORK_TIME: 40,
        SUM_AFTER_CONTACT_WORK_TIME: 40,
        AVG_HOLD_TIME: 0,
        AVG_CONTACT_DURATION: 300,
        AVG_RESOLUTION_TIME: 340,
        SUM_CONTACT_FLOW_TIME: 0,
        AVG_FIRST_RESPONSE_TIME_AGENT: 10,
        AVG_CONTACT_FIRST_RESPONSE_TIME_AGENT: 70,
        // Ben wrote first: no agent response to time.
        AVG_RESPONSE_TIME_AGENT: undefined,
        AVG_RESPONSE_TIME_CUSTOMER: 30,
        AVG_MESSAGES: 2,
        AVG_MESSAGES_AGENT: 1,
        AVG_MESSAGES_CUSTOMER: 1,
        AVG_MESSAGES_BOT: 0,
        AVG_MESSAGE_LENGTH_AGENT: 12,
        AVG_MESSAGE_LENGTH_CUSTOMER: 6,
        AVG_CONVERSATION_CLOSE_TIME: 200,
        CONVERSATIONS_ABANDONED: 0,
      });
      // 10:00–11:00: c10 lands here whole, though it was queued and answered at 09:50.
      expect(rowOf(results, { QUEUE: day().billing }, at(1))).toMatchObject({
        CONTACTS_HANDLED: 1,
        CONTACTS_QUEUED_BY_ENQUEUE: 0,
        CONTACTS_HANDLED_BY_CONNECTED_TO_AGENT: 0,
        AVG_HANDLE_TIME: 1790 + 30,
        'SERVICE_LEVEL<60': 100,
        AVG_RESPONSE_TIME_AGENT: 30,
        AVG_CONVERSATION_CLOSE_TIME: 4800 - 3020,
        AGENT_ANSWER_RATE: undefined,
      });
      // Support had nothing after 10:00: counts are 0, what divides by nothing has no value.
      expect(rowOf(results, { QUEUE: day().support }, at(1))).toMatchObject({ CONTACTS_CREATED: 0, CONTACTS_HANDLED: 0, AGENT_NON_RESPONSE: 0, AVG_HANDLE_TIME: undefined, 'SERVICE_LEVEL<60': undefined });
    });

    it('cuts hours at the local hour of the time zone (Asia/Kolkata, UTC+5:30) and pages with MaxResults', async () => {
      const input = {
        StartTime: at(0),
        EndTime: at(2),
        Interval: { IntervalPeriod: 'HOUR' as const, TimeZone: 'Asia/Kolkata' },
        Filters: [{ FilterKey: 'QUEUE', FilterValues: [day().billing] }],
        Metrics: metrics('CONTACTS_HANDLED', 'AVG_HANDLE_TIME'),
      };
      const results = await metricsV2(p(), input);
      // 14:30–15:00 IST (cut at StartTime), 15:00–16:00 IST, 16:00–16:30 IST (cut at EndTime).
      expect(results.map((r) => [r.MetricInterval?.StartTime, r.MetricInterval?.EndTime])).toEqual([
        [at(0), at(0, 30)],
        [at(0, 30), at(1, 30)],
        [at(1, 30), at(2)],
      ]);
      // c3b ended at 09:15 UTC, c10 at 10:20 UTC.
      expect(results.map((r) => rowOf([r], {}))).toEqual([
        { CONTACTS_HANDLED: 1, AVG_HANDLE_TIME: 280 },
        { CONTACTS_HANDLED: 1, AVG_HANDLE_TIME: 1820 },
        { CONTACTS_HANDLED: 0, AVG_HANDLE_TIME: undefined },
      ]);
      // One result per page: the same three, in the same order, each page with a NextToken but the last.
      const pages = await pagesV2(p(), { ...input, MaxResults: 1 });
      expect(pages.map((page) => [page.MetricResults?.length, Boolean(page.NextToken)])).toEqual([
        [1, true],
        [1, true],
        [1, false],
      ]);
      const paged = pages.flatMap((page) => page.MetricResults ?? []);
      expect(paged).toEqual(results);
    });
  });
}
