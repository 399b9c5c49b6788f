import type { FastifyInstance } from 'fastify';
import { getMetricDataV2, instanceOfResourceArn } from '../../app/metrics/historical.js';
import { getMetricData } from '../../app/metrics/historical-v1.js';
import type { Deps } from '../../app/deps.js';
import { accessDenied } from '../../core/errors.js';
import { sessionCallerOf } from '../common/session-auth.js';
import { GetMetricDataBody, GetMetricDataV2Body, type GetMetricDataInput, type GetMetricDataV2Input } from './metrics-historical-schemas.js';
import { InstanceIdParam } from './schemas.js';

/**
 * Historical metrics on Connect's paths: GetMetricDataV2 (the instance is the body's ResourceArn)
 * and GetMetricData v1. Supervisors' reads, though they are POSTs (the query is a body).
 */
export function metricsHistoricalRoutes(app: FastifyInstance, deps: Deps): void {
  const config = { api: 'connect' as const, permission: 'supervise' as const };
  app.post<{ Body: GetMetricDataV2Input }>('/metrics/data', { config, schema: { body: GetMetricDataV2Body } }, (req) => {
    // The session check reads InstanceId from the path or body; this API names it in ResourceArn.
    const session = sessionCallerOf(req);
    if (session && instanceOfResourceArn(req.body.ResourceArn) !== session.instanceId) throw accessDenied('A session may only use the instance it was opened on');
    return getMetricDataV2(deps, req.body);
  });
  app.post<{ Params: { InstanceId: string }; Body: GetMetricDataInput }>('/metrics/historical/:InstanceId', { config, schema: { params: InstanceIdParam, body: GetMetricDataBody } }, (req) =>
    getMetricData(deps, req.params.InstanceId, req.body),
  );
}
