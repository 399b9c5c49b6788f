import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  createHoursOfOperation,
  createHoursOfOperationOverride,
  deleteHoursOfOperation,
  deleteHoursOfOperationOverride,
  describeHoursOfOperation,
  listHoursOfOperationOverrides,
  listHoursOfOperations,
  updateHoursOfOperation,
} from '../../app/admin/hours.js';
import { createQueue, deleteQueue, describeQueue, listQueues, updateQueueHoursOfOperation, updateQueueMaxContacts, updateQueueName } from '../../app/admin/queues.js';
import type { Deps } from '../../app/deps.js';
import {
  CreateHoursBody,
  CreateOverrideBody,
  CreateQueueBody,
  HoursPathParams,
  ListQueuesQuery,
  OverridePathParams,
  PageQuery,
  QueuePathParams,
  UpdateHoursBody,
  UpdateQueueHoursBody,
  UpdateQueueMaxContactsBody,
  UpdateQueueNameBody,
} from './routing-config-schemas.js';
import { InstanceIdParam } from './schemas.js';

type Instance = { Params: Static<typeof InstanceIdParam> };
type Hours = { Params: Static<typeof HoursPathParams> };
type Queue = { Params: Static<typeof QueuePathParams> };

/** HoursOfOperation (with overrides) and Queues on Connect's paths, SigV4-signed like the rest of the connect API. */
export function routingConfigRoutes(app: FastifyInstance, deps: Deps): void {
  const config = { api: 'connect' as const };
  const done = () => ({});

  app.put<Instance & { Body: Static<typeof CreateHoursBody> }>('/hours-of-operations/:InstanceId', { config, schema: { params: InstanceIdParam, body: CreateHoursBody } }, (req) =>
    createHoursOfOperation(deps, req.params.InstanceId, req.body),
  );
  app.get<Hours>('/hours-of-operations/:InstanceId/:HoursOfOperationId', { config, schema: { params: HoursPathParams } }, (req) =>
    describeHoursOfOperation(deps, req.params.InstanceId, req.params.HoursOfOperationId),
  );
  app.get<Instance & { Querystring: Static<typeof PageQuery> }>('/hours-of-operations-summary/:InstanceId', { config, schema: { params: InstanceIdParam, querystring: PageQuery } }, (req) =>
    listHoursOfOperations(deps, req.params.InstanceId, req.query),
  );
  app.post<Hours & { Body: Static<typeof UpdateHoursBody> }>('/hours-of-operations/:InstanceId/:HoursOfOperationId', { config, schema: { params: HoursPathParams, body: UpdateHoursBody } }, (req) =>
    updateHoursOfOperation(deps, req.params.InstanceId, req.params.HoursOfOperationId, req.body).then(done),
  );
  app.delete<Hours>('/hours-of-operations/:InstanceId/:HoursOfOperationId', { config, schema: { params: HoursPathParams } }, (req) =>
    deleteHoursOfOperation(deps, req.params.InstanceId, req.params.HoursOfOperationId).then(done),
  );
  app.put<Hours & { Body: Static<typeof CreateOverrideBody> }>(
    '/hours-of-operations/:InstanceId/:HoursOfOperationId/overrides',
    { config, schema: { params: HoursPathParams, body: CreateOverrideBody } },
    (req) => createHoursOfOperationOverride(deps, req.params.InstanceId, req.params.HoursOfOperationId, req.body),
  );
  app.get<Hours & { Querystring: Static<typeof PageQuery> }>(
    '/hours-of-operations/:InstanceId/:HoursOfOperationId/overrides',
    { config, schema: { params: HoursPathParams, querystring: PageQuery } },
    (req) => listHoursOfOperationOverrides(deps, req.params.InstanceId, req.params.HoursOfOperationId),
  );
  app.delete<{ Params: Static<typeof OverridePathParams> }>(
    '/hours-of-operations/:InstanceId/:HoursOfOperationId/overrides/:HoursOfOperationOverrideId',
    { config, schema: { params: OverridePathParams } },
    (req) => deleteHoursOfOperationOverride(deps, req.params.InstanceId, req.params.HoursOfOperationId, req.params.HoursOfOperationOverrideId).then(done),
  );

  app.put<Instance & { Body: Static<typeof CreateQueueBody> }>('/queues/:InstanceId', { config, schema: { params: InstanceIdParam, body: CreateQueueBody } }, (req) =>
    createQueue(deps, req.params.InstanceId, req.body),
  );
  app.get<Queue>('/queues/:InstanceId/:QueueId', { config, schema: { params: QueuePathParams } }, (req) => describeQueue(deps, req.params.InstanceId, req.params.QueueId));
  app.get<Instance & { Querystring: Static<typeof ListQueuesQuery> }>('/queues-summary/:InstanceId', { config, schema: { params: InstanceIdParam, querystring: ListQueuesQuery } }, (req) => {
    const t = req.query.queueTypes;
    return listQueues(deps, req.params.InstanceId, t === undefined ? undefined : Array.isArray(t) ? t : [t], req.query);
  });
  app.post<Queue & { Body: Static<typeof UpdateQueueNameBody> }>('/queues/:InstanceId/:QueueId/name', { config, schema: { params: QueuePathParams, body: UpdateQueueNameBody } }, (req) =>
    updateQueueName(deps, req.params.InstanceId, req.params.QueueId, req.body).then(done),
  );
  app.post<Queue & { Body: Static<typeof UpdateQueueHoursBody> }>(
    '/queues/:InstanceId/:QueueId/hours-of-operation',
    { config, schema: { params: QueuePathParams, body: UpdateQueueHoursBody } },
    (req) => updateQueueHoursOfOperation(deps, req.params.InstanceId, req.params.QueueId, req.body.HoursOfOperationId).then(done),
  );
  app.post<Queue & { Body: Static<typeof UpdateQueueMaxContactsBody> }>(
    '/queues/:InstanceId/:QueueId/max-contacts',
    { config, schema: { params: QueuePathParams, body: UpdateQueueMaxContactsBody } },
    (req) => updateQueueMaxContacts(deps, req.params.InstanceId, req.params.QueueId, req.body.MaxContacts).then(done),
  );
  app.delete<Queue>('/queues/:InstanceId/:QueueId', { config, schema: { params: QueuePathParams } }, (req) => deleteQueue(deps, req.params.InstanceId, req.params.QueueId).then(done));
}
