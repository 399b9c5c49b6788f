import { type Static, Type as T } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../app/deps.js';
import { listFlowLogs } from '../../app/flows/flow-logs.js';

export const FlowLogsParams = T.Object({ InstanceId: T.String({ minLength: 1, maxLength: 100 }), ContactId: T.String({ minLength: 1, maxLength: 256 }) });
export const FlowLogsQuery = T.Object({
  nextToken: T.Optional(T.String({ minLength: 1, maxLength: 2500 })),
  maxResults: T.Optional(T.Integer({ minimum: 1, maximum: 1000 })),
});

/**
 * Flow logs (Parley's own API: Connect writes them to CloudWatch Logs, which has no place here).
 * `GET /flow-logs/{InstanceId}/{ContactId}?maxResults=&nextToken=`, SigV4-signed like the rest of
 * the connect API (service `connect`), answers `{FlowLogs: [...], NextToken?}` with one entry per
 * executed block of that contact segment, oldest first (app/flows/flow-logs.ts has the entry shape).
 */
export function flowLogRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: Static<typeof FlowLogsParams>; Querystring: Static<typeof FlowLogsQuery> }>(
    '/flow-logs/:InstanceId/:ContactId',
    { config: { api: 'connect' }, schema: { params: FlowLogsParams, querystring: FlowLogsQuery } },
    (req) => listFlowLogs(deps, req.params.InstanceId, req.params.ContactId, { maxResults: req.query.maxResults, nextToken: req.query.nextToken }),
  );
}
