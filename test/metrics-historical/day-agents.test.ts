import { GetMetricDataCommand, type HistoricalMetric, type HistoricalMetricName, type HistoricalMetricResult, type Statistic, type Unit } from '@aws-sdk/client-connect';
import { describe, expect, it } from 'vitest';
import { TEST_STORES } from '../helpers/stores.js';
import { useScriptedDay } from './day-script.js';
import { filtered, metrics, metricsV2, rowOf } from './kit.js';

/*
 * The scripted morning of day-script.ts by agent and channel, with metric-level filters, the seed
 * scenario's segments, and GetMetricData (v1) for the same hour: expected values are computed by
 * hand from the script's timeline.
 */

/** GetMetricData v1 metrics with their fixed unit and statistic. */
const v1 = (names: string[], Unit: Unit, Statistic: Statistic): HistoricalMetric[] => names.map((Name) => ({ Name: Name as HistoricalMetricName, Unit, Statistic }));
const V1: HistoricalMetric[] = [
  ...v1(['CONTACTS_QUEUED', 'CONTACTS_HANDLED', 'CONTACTS_ABANDONED', 'CONTACTS_MISSED', 'API_CONTACTS_HANDLED', 'CONTACTS_HANDLED_INCOMING', 'CONTACTS_AGENT_HUNG_UP_FIRST'], 'COUNT', 'SUM'),
  ...v1(['CONTACTS_TRANSFERRED_IN', 'CONTACTS_TRANSFERRED_OUT', 'CONTACTS_TRANSFERRED_OUT_FROM_QUEUE', 'CONTACTS_HOLD_ABANDONS', 'CONTACTS_CONSULTED'], 'COUNT', 'SUM'),
  ...v1(['HANDLE_TIME', 'AFTER_CONTACT_WORK_TIME', 'ABANDON_TIME', 'QUEUE_ANSWER_TIME', 'HOLD_TIME', 'INTERACTION_TIME', 'INTERACTION_AND_HOLD_TIME'], 'SECONDS', 'AVG'),
  ...v1(['QUEUED_TIME'], 'SECONDS', 'MAX'),
  { Name: 'SERVICE_LEVEL', Unit: 'PERCENT', Statistic: 'AVG', Threshold: { Comparison: 'LT', ThresholdValue: 60 } },
  ...v1(['OCCUPANCY'], 'PERCENT', 'AVG'),
];
const v1Values = (r: HistoricalMetricResult) => Object.fromEntries((r.Collections ?? []).map((c) => [c.Metric!.Name!, c.Value]));

for (const store of TEST_STORES) {
  describe.skipIf(store.skip)(`historical metrics of a scripted day by agent, channel and filter (${store.name})`, () => {
    const { p, day, at } = useScriptedDay(store);

    it('groups by agent: concurrent chats each carry their full handle time', async () => {
      const results = await metricsV2(p(), {
        StartTime: at(0),
        EndTime: at(1),
        Filters: [{ FilterKey: 'QUEUE', FilterValues: [day().support, day().billing] }],
        Groupings: ['AGENT'],
        Metrics: metrics('CONTACTS_HANDLED', 'AGENT_NON_RESPONSE', 'AGENT_ANSWER_RATE', 'AVG_HANDLE_TIME', 'SUM_INTERACTION_TIME', 'SUM_AFTER_CONTACT_WORK_TIME', 'AVG_AGENT_CONNECTING_TIME', 'AVG_MESSAGES_AGENT'),
      });
      expect(results.map((r) => r.Dimensions?.AGENT).sort()).toEqual([day().ids.ann, day().ids.dan, day().ids.ben].sort());
      // ann: c1 c2 c4 handled; c3 missed, c7 withdrawn, c8 rejected; rang 5, 5, 20, 10, 10, 2 s.
      expect(rowOf(results, { AGENT: day().ids.ann })).toEqual({
        CONTACTS_HANDLED: 3,
        AGENT_NON_RESPONSE: 3,
        AGENT_ANSWER_RATE: 50,
        AVG_HANDLE_TIME: (325 + 445 + 415) / 3,
        SUM_INTERACTION_TIME: 295 + 385 + 410,
        SUM_AFTER_CONTACT_WORK_TIME: 30 + 60 + 5,
        AVG_AGENT_CONNECTING_TIME: 52 / 6,
        AVG_MESSAGES_AGENT: 1,
      });
      expect(rowOf(results, { AGENT: day().ids.dan })).toEqual({
        CONTACTS_HANDLED: 2,
        AGENT_NON_RESPONSE: 0,
        AGENT_ANSWER_RATE: 100,
        AVG_HANDLE_TIME: (550 + 110) / 2,
        SUM_INTERACTION_TIME: 530 + 110,
        SUM_AFTER_CONTACT_WORK_TIME: 20,
        AVG_AGENT_CONNECTING_TIME: 10,
        AVG_MESSAGES_AGENT: 1,
      });
      expect(rowOf(results, { AGENT: day().ids.ben })).toEqual({
        CONTACTS_HANDLED: 1,
        AGENT_NON_RESPONSE: 0,
        AGENT_ANSWER_RATE: 100,
        AVG_HANDLE_TIME: 280,
        SUM_INTERACTION_TIME: 240,
        SUM_AFTER_CONTACT_WORK_TIME: 40,
        AVG_AGENT_CONNECTING_TIME: 10,
        AVG_MESSAGES_AGENT: 1,
      });
      // Filtering by agent keeps that agent's contacts only.
      const annOnly = await metricsV2(p(), { StartTime: at(0), EndTime: at(1), Filters: [{ FilterKey: 'AGENT', FilterValues: [day().ids.ann] }], Metrics: metrics('CONTACTS_HANDLED', 'AGENT_NON_RESPONSE') });
      expect(annOnly.map((r) => [r.Dimensions, rowOf(annOnly, {})])).toEqual([[{}, { CONTACTS_HANDLED: 3, AGENT_NON_RESPONSE: 3 }]]);
    });

    it('groups by channel and filters by initiation method and disconnect reason', async () => {
      const byChannel = await metricsV2(p(), {
        StartTime: at(0),
        EndTime: at(1),
        Filters: [
          { FilterKey: 'QUEUE', FilterValues: [day().support, day().billing] },
          { FilterKey: 'CHANNEL', FilterValues: ['CHAT'] },
        ],
        Groupings: ['CHANNEL'],
        Metrics: metrics('CONTACTS_CREATED', 'CONTACTS_HANDLED', 'CONTACTS_ABANDONED'),
      });
      expect(byChannel.map((r) => [r.Dimensions, rowOf(byChannel, { CHANNEL: 'CHAT' })])).toEqual([[{ CHANNEL: 'CHAT' }, { CONTACTS_CREATED: 9, CONTACTS_HANDLED: 6, CONTACTS_ABANDONED: 3 }]]);
      const results = await metricsV2(p(), {
        StartTime: at(0),
        EndTime: at(1),
        Filters: [{ FilterKey: 'QUEUE', FilterValues: [day().support, day().billing] }],
        Groupings: ['QUEUE'],
        Metrics: [
          filtered('CONTACTS_HANDLED', 'INITIATION_METHOD', ['API']),
          filtered('CONTACTS_HANDLED', 'INITIATION_METHOD', ['TRANSFER']),
          filtered('CONTACTS_HANDLED', 'INITIATION_METHOD', ['API'], true),
          filtered('CONTACTS_HANDLED', 'DISCONNECT_REASON', ['AGENT_DISCONNECT']),
          filtered('CONTACTS_CREATED', 'INITIATION_METHOD', ['TRANSFER']),
          filtered('SUM_CONTACTS_DISCONNECTED', 'DISCONNECT_REASON', ['CUSTOMER_DISCONNECT']),
        ],
      });
      // Support: all API; agents ended c2, c3 (transfer) and c8; c5 c6 c7 left while in queue.
      expect(rowOf(results, { QUEUE: day().support })).toEqual({
        'CONTACTS_HANDLED[INITIATION_METHOD=API]': 5,
        'CONTACTS_HANDLED[INITIATION_METHOD=TRANSFER]': 0,
        'CONTACTS_HANDLED[!INITIATION_METHOD=API]': 0,
        'CONTACTS_HANDLED[DISCONNECT_REASON=AGENT_DISCONNECT]': 3,
        'CONTACTS_CREATED[INITIATION_METHOD=TRANSFER]': 0,
        'SUM_CONTACTS_DISCONNECTED[DISCONNECT_REASON=CUSTOMER_DISCONNECT]': 3,
      });
      // Billing: c3b came by transfer and its customer left.
      expect(rowOf(results, { QUEUE: day().billing })).toEqual({
        'CONTACTS_HANDLED[INITIATION_METHOD=API]': 0,
        'CONTACTS_HANDLED[INITIATION_METHOD=TRANSFER]': 1,
        'CONTACTS_HANDLED[!INITIATION_METHOD=API]': 1,
        'CONTACTS_HANDLED[DISCONNECT_REASON=AGENT_DISCONNECT]': 0,
        'CONTACTS_CREATED[INITIATION_METHOD=TRANSFER]': 1,
        'SUM_CONTACTS_DISCONNECTED[DISCONNECT_REASON=CUSTOMER_DISCONNECT]': 0,
      });
    });

    it('counts the seed scenario: the agent leaves, the disconnect flow runs, the customer comes back to the same agent', async () => {
      // s1 (API, BasicQueue, queued 15 s): greeting, customer, alice = 3 messages, 1 from the flow;
      // interaction 85, ACW 10. s2 (DISCONNECT, alice's own queue, queued 5 s): agent-left notice,
      // customer, welcome back, alice = 4 messages, 2 from the flow; interaction 95, ACW 20.
      const byAgent = await metricsV2(p(), {
        StartTime: at(1),
        EndTime: at(2),
        Filters: [{ FilterKey: 'AGENT', FilterValues: [day().ids.alice] }],
        Metrics: [
          ...metrics('CONTACTS_HANDLED', 'CONTACTS_ABANDONED', 'AVG_HANDLE_TIME', 'AVG_MESSAGES', 'AVG_MESSAGES_BOT', 'AVG_FIRST_RESPONSE_TIME_AGENT', 'AVG_RESPONSE_TIME_AGENT'),
          filtered('CONTACTS_HANDLED', 'INITIATION_METHOD', ['DISCONNECT']),
        ],
      });
      expect(rowOf(byAgent, {})).toEqual({
        CONTACTS_HANDLED: 2,
        CONTACTS_ABANDONED: 0,
        AVG_HANDLE_TIME: (95 + 115) / 2,
        AVG_MESSAGES: (3 + 4) / 2,
        AVG_MESSAGES_BOT: (1 + 2) / 2,
        // s1: 5430 - 5415; s2: 5620 - 5605.
        AVG_FIRST_RESPONSE_TIME_AGENT: 15,
        // Only s1 has a timed response (the customer wrote on s2 before alice joined).
        AVG_RESPONSE_TIME_AGENT: 10,
        'CONTACTS_HANDLED[INITIATION_METHOD=DISCONNECT]': 1,
      });
      const byQueue = await metricsV2(p(), {
        StartTime: at(1),
        EndTime: at(2),
        Filters: [{ FilterKey: 'QUEUE', FilterValues: [p().seeded.basicQueueId, day().ids.alice] }],
        Groupings: ['QUEUE'],
        Metrics: [...metrics('CONTACTS_QUEUED', 'CONTACTS_HANDLED', 'AVG_QUEUE_ANSWER_TIME'), filtered('CONTACTS_CREATED', 'INITIATION_METHOD', ['DISCONNECT'])],
      });
      expect(rowOf(byQueue, { QUEUE: p().seeded.basicQueueId })).toEqual({ CONTACTS_QUEUED: 1, CONTACTS_HANDLED: 1, AVG_QUEUE_ANSWER_TIME: 15, 'CONTACTS_CREATED[INITIATION_METHOD=DISCONNECT]': 0 });
      expect(rowOf(byQueue, { QUEUE: day().ids.alice })).toEqual({ CONTACTS_QUEUED: 1, CONTACTS_HANDLED: 1, AVG_QUEUE_ANSWER_TIME: 5, 'CONTACTS_CREATED[INITIATION_METHOD=DISCONNECT]': 1 });
    });


    it('answers GetMetricData (v1) with the V2 formulas, per queue', async () => {
      const out = await p().connect.send(
        new GetMetricDataCommand({ InstanceId: p().seeded.instanceId, StartTime: at(0), EndTime: at(1), Filters: { Queues: [day().support, day().billing], Channels: ['CHAT'] }, Groupings: ['QUEUE', 'CHANNEL'], HistoricalMetrics: V1 }),
      );
      const arn = (q: string) => `arn:aws:connect:${p().deps.config.region}:${p().deps.config.accountId}:instance/${p().seeded.instanceId}/queue/${q}`;
      const support = out.MetricResults!.find((r) => r.Dimensions?.Queue?.Id === day().support)!;
      const billing = out.MetricResults!.find((r) => r.Dimensions?.Queue?.Id === day().billing)!;
      expect(support.Dimensions).toEqual({ Queue: { Id: day().support, Arn: arn(day().support) }, Channel: 'CHAT' });
      // Each metric comes back with the unit and statistic it was asked with.
      expect(support.Collections!.map((c) => c.Metric)).toEqual(V1);
      expect(v1Values(support)).toEqual({
        CONTACTS_QUEUED: 8,
        CONTACTS_HANDLED: 5,
        CONTACTS_ABANDONED: 3,
        // AGENT_NON_RESPONSE: c3 missed, c7 withdrawn, c8 rejected.
        CONTACTS_MISSED: 3,
        // New chats are API contacts, not incoming ones.
        API_CONTACTS_HANDLED: 5,
        CONTACTS_HANDLED_INCOMING: 0,
        // ann ended c2, dan transferred c3 and ended c8.
        CONTACTS_AGENT_HUNG_UP_FIRST: 3,
        CONTACTS_TRANSFERRED_IN: 0,
        CONTACTS_TRANSFERRED_OUT: 1,
        CONTACTS_TRANSFERRED_OUT_FROM_QUEUE: 0,
        CONTACTS_HOLD_ABANDONS: 0,
        CONTACTS_CONSULTED: undefined,
        HANDLE_TIME: 1845 / 5,
        AFTER_CONTACT_WORK_TIME: 115 / 5,
        ABANDON_TIME: (95 + 30 + 20) / 3,
        QUEUE_ANSWER_TIME: 32,
        HOLD_TIME: 0,
        INTERACTION_TIME: 1730 / 5,
        INTERACTION_AND_HOLD_TIME: 1730 / 5,
        QUEUED_TIME: 95,
        SERVICE_LEVEL: 75,
        OCCUPANCY: undefined,
      });
      // c3b: transferred in, handled as incoming (TRANSFER), queued exactly 60 s.
      expect(v1Values(billing)).toEqual({
        CONTACTS_QUEUED: 1,
        CONTACTS_HANDLED: 1,
        CONTACTS_ABANDONED: 0,
        CONTACTS_MISSED: 0,
        API_CONTACTS_HANDLED: 0,
        CONTACTS_HANDLED_INCOMING: 1,
        CONTACTS_AGENT_HUNG_UP_FIRST: 0,
        CONTACTS_TRANSFERRED_IN: 1,
        CONTACTS_TRANSFERRED_OUT: 0,
        CONTACTS_TRANSFERRED_OUT_FROM_QUEUE: 0,
        CONTACTS_HOLD_ABANDONS: 0,
        CONTACTS_CONSULTED: undefined,
        HANDLE_TIME: 280,
        AFTER_CONTACT_WORK_TIME: 40,
        ABANDON_TIME: undefined,
        QUEUE_ANSWER_TIME: 60,
        HOLD_TIME: 0,
        INTERACTION_TIME: 240,
        INTERACTION_AND_HOLD_TIME: 240,
        QUEUED_TIME: 60,
        SERVICE_LEVEL: 0,
        OCCUPANCY: undefined,
      });
      expect(out.MetricResults).toHaveLength(2);
    });
  });
}
