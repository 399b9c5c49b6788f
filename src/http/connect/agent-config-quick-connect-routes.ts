import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { associateQueueQuickConnects, disassociateQueueQuickConnects, listQueueQuickConnects } from '../../app/admin/quick-connect-queues.js';
import { createQuickConnect, deleteQuickConnect, describeQuickConnect, listQuickConnects, updateQuickConnectConfig, updateQuickConnectName } from '../../app/admin/quick-connects.js';
import type { Deps } from '../../app/deps.js';
import { listOf } from './agent-config-user-routes.js';
import {
  CreateQuickConnectBody,
  ListQuickConnectsQuery,
  PageQuery,
  QueuePath,
  QueueQuickConnectsBody,
  QuickConnectPath,
  UpdateQuickConnectConfigBody,
  UpdateQuickConnectNameBody,
} from './agent-config-schemas.js';
import { InstanceIdParam } from './schemas.js';

type Instance = { Params: Static<typeof InstanceIdParam> };
type QuickConnect = { Params: Static<typeof QuickConnectPath> };
type Queue = { Params: Static<typeof QueuePath> };

/** Quick connects, and the quick connects of a queue, on Connect's paths. */
export function quickConnectRoutes(app: FastifyInstance, deps: Deps): void {
  const config = { api: 'connect' as const };
  const done = () => ({});
  const path = '/quick-connects/:InstanceId/:QuickConnectId';
  const ids = (req: { params: QuickConnect['Params'] }) => [req.params.InstanceId, req.params.QuickConnectId] as const;
  const queue = (req: { params: Queue['Params'] }) => [req.params.InstanceId, req.params.QueueId] as const;

  app.put<Instance & { Body: Static<typeof CreateQuickConnectBody> }>('/quick-connects/:InstanceId', { config, schema: { params: InstanceIdParam, body: CreateQuickConnectBody } }, (req) =>
    createQuickConnect(deps, req.params.InstanceId, req.body),
  );
  app.get<QuickConnect>(path, { config, schema: { params: QuickConnectPath } }, (req) => describeQuickConnect(deps, ...ids(req)));
  app.get<Instance & { Querystring: Static<typeof ListQuickConnectsQuery> }>(
    '/quick-connects/:InstanceId',
    { config, schema: { params: InstanceIdParam, querystring: ListQuickConnectsQuery } },
    (req) => listQuickConnects(deps, req.params.InstanceId, listOf(req.query.QuickConnectTypes), req.query),
  );
  app.post<QuickConnect & { Body: Static<typeof UpdateQuickConnectNameBody> }>(`${path}/name`, { config, schema: { params: QuickConnectPath, body: UpdateQuickConnectNameBody } }, (req) =>
    updateQuickConnectName(deps, ...ids(req), req.body).then(done),
  );
  app.post<QuickConnect & { Body: Static<typeof UpdateQuickConnectConfigBody> }>(
    `${path}/config`,
    { config, schema: { params: QuickConnectPath, body: UpdateQuickConnectConfigBody } },
    (req) => updateQuickConnectConfig(deps, ...ids(req), req.body.QuickConnectConfig).then(done),
  );
  app.delete<QuickConnect>(path, { config, schema: { params: QuickConnectPath } }, (req) => deleteQuickConnect(deps, ...ids(req)).then(done));

  app.post<Queue & { Body: Static<typeof QueueQuickConnectsBody> }>(
    '/queues/:InstanceId/:QueueId/associate-quick-connects',
    { config, schema: { params: QueuePath, body: QueueQuickConnectsBody } },
    (req) => associateQueueQuickConnects(deps, ...queue(req), req.body.QuickConnectIds).then(done),
  );
  app.post<Queue & { Body: Static<typeof QueueQuickConnectsBody> }>(
    '/queues/:InstanceId/:QueueId/disassociate-quick-connects',
    { config, schema: { params: QueuePath, body: QueueQuickConnectsBody } },
    (req) => disassociateQueueQuickConnects(deps, ...queue(req), req.body.QuickConnectIds).then(done),
  );
  app.get<Queue & { Querystring: Static<typeof PageQuery> }>('/queues/:InstanceId/:QueueId/quick-connects', { config, schema: { params: QueuePath, querystring: PageQuery } }, (req) =>
    listQueueQuickConnects(deps, ...queue(req), req.query),
  );
}
