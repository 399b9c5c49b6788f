import { Type, type Static, type TLiteral } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { getCurrentMetricData } from '../../app/metrics/current.js';
import type { Deps } from '../../app/deps.js';
import { CURRENT_METRIC_NAMES, GROUPINGS, METRIC_CHANNELS } from '../../core/metrics/current.js';
import { InstanceIdParam } from './schemas.js';

const oneOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)) as TLiteral<string>[]);
const Refs = (max: number) => Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { minItems: 1, maxItems: max });
const Texts = (max: number) => Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: max });
const MetricName = oneOf(CURRENT_METRIC_NAMES);

/** The request of GetCurrentMetricData with the bounds of the Connect model (spec/metrics.md §2.1). */
export const GetCurrentMetricDataBody = Type.Object(
  {
    Filters: Type.Object(
      {
        Queues: Type.Optional(Refs(100)),
        Channels: Type.Optional(Type.Array(oneOf(METRIC_CHANNELS), { maxItems: 4 })),
        RoutingProfiles: Type.Optional(Refs(100)),
        RoutingStepExpressions: Type.Optional(Texts(50)),
        AgentStatuses: Type.Optional(Refs(50)),
        Subtypes: Type.Optional(Texts(10)),
        ValidationTestTypes: Type.Optional(Texts(10)),
      },
      { additionalProperties: false },
    ),
    Groupings: Type.Optional(Type.Array(oneOf(GROUPINGS), { maxItems: 2 })),
    CurrentMetrics: Type.Array(
      Type.Object(
        { Name: Type.Optional(MetricName), MetricId: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })), Unit: Type.Optional(oneOf(['SECONDS', 'COUNT', 'PERCENT'])) },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    NextToken: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    MaxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    SortCriteria: Type.Optional(
      Type.Array(Type.Object({ SortByMetric: Type.Optional(MetricName), SortOrder: Type.Optional(oneOf(['ASCENDING', 'DESCENDING'])) }, { additionalProperties: false }), { maxItems: 1 }),
    ),
  },
  { additionalProperties: false },
);

type Body = Static<typeof GetCurrentMetricDataBody>;

/** GetCurrentMetricData on Connect's path: a supervisor's read (it is a POST only because its query is a body). */
export function metricsCurrentRoutes(app: FastifyInstance, deps: Deps): void {
  const config = { api: 'connect' as const, permission: 'supervise' as const };
  app.post<{ Params: Static<typeof InstanceIdParam>; Body: Body }>('/metrics/current/:InstanceId', { config, schema: { params: InstanceIdParam, body: GetCurrentMetricDataBody } }, (req) =>
    getCurrentMetricData(deps, req.params.InstanceId, req.body as Parameters<typeof getCurrentMetricData>[2]),
  );
}
