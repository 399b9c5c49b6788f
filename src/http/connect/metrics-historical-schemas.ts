import { Type, type Static } from '@sinclair/typebox';

/*
 * The bodies of GetMetricDataV2 and GetMetricData with the bounds of the Connect model
 * (spec/metrics.md §3.2–3.3). Timestamps are epoch seconds (the SDK sends numbers). Enumerations
 * and the rules that depend on the metric are checked by the use cases, which say which value
 * is wrong.
 */

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Seconds = Type.Number({ minimum: 0 });

export const GetMetricDataV2Body = Type.Object(
  {
    ResourceArn: Text(500),
    StartTime: Seconds,
    EndTime: Seconds,
    Interval: Type.Optional(Type.Object({ TimeZone: Type.Optional(Text(100)), IntervalPeriod: Type.Optional(Text(20)) }, { additionalProperties: false })),
    Filters: Type.Array(
      Type.Object(
        {
          FilterKey: Type.Optional(Text(100)),
          FilterValues: Type.Optional(Type.Array(Type.String({ maxLength: 3000 }), { maxItems: 100 })),
          StringCondition: Type.Optional(Type.Object({ Comparison: Type.Optional(Text(20)) }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 5 },
    ),
    Groupings: Type.Optional(Type.Array(Text(100), { maxItems: 4 })),
    Metrics: Type.Array(
      Type.Object(
        {
          Name: Type.Optional(Text(100)),
          MetricId: Type.Optional(Text(500)),
          Threshold: Type.Optional(Type.Array(Type.Object({ Comparison: Type.Optional(Text(10)), ThresholdValue: Type.Optional(Type.Number()) }, { additionalProperties: false }), { maxItems: 1 })),
          MetricFilters: Type.Optional(
            Type.Array(
              Type.Object(
                { MetricFilterKey: Type.Optional(Text(100)), MetricFilterValues: Type.Optional(Type.Array(Text(100), { minItems: 1, maxItems: 10 })), Negate: Type.Optional(Type.Boolean()) },
                { additionalProperties: false },
              ),
              { maxItems: 2 },
            ),
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    NextToken: Type.Optional(Text(2500)),
    MaxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type GetMetricDataV2Input = Static<typeof GetMetricDataV2Body>;

export const GetMetricDataBody = Type.Object(
  {
    StartTime: Seconds,
    EndTime: Seconds,
    Filters: Type.Object(
      {
        Queues: Type.Optional(Type.Array(Text(500), { minItems: 1, maxItems: 100 })),
        Channels: Type.Optional(Type.Array(Text(20), { maxItems: 3 })),
        RoutingProfiles: Type.Optional(Type.Array(Text(500), { minItems: 1, maxItems: 100 })),
        RoutingStepExpressions: Type.Optional(Type.Array(Text(3000), { maxItems: 3 })),
      },
      { additionalProperties: false },
    ),
    Groupings: Type.Optional(Type.Array(Text(50), { maxItems: 2 })),
    HistoricalMetrics: Type.Array(
      Type.Object(
        {
          Name: Type.Optional(Text(100)),
          Threshold: Type.Optional(Type.Object({ Comparison: Type.Optional(Text(10)), ThresholdValue: Type.Optional(Type.Number()) }, { additionalProperties: false })),
          Statistic: Type.Optional(Text(10)),
          Unit: Type.Optional(Text(10)),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    NextToken: Type.Optional(Text(2500)),
    MaxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type GetMetricDataInput = Static<typeof GetMetricDataBody>;
