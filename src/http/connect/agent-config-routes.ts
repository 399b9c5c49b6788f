import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  associateRoutingProfileQueues,
  disassociateRoutingProfileQueues,
  listRoutingProfileQueues,
  updateRoutingProfileQueues,
} from '../../app/admin/routing-profile-queues.js';
import {
  createRoutingProfile,
  deleteRoutingProfile,
  describeRoutingProfile,
  listRoutingProfiles,
  updateRoutingProfileAfterContactWork,
  updateRoutingProfileAgentAvailabilityTimer,
  updateRoutingProfileConcurrency,
  updateRoutingProfileDefaultOutboundQueue,
  updateRoutingProfileName,
} from '../../app/admin/routing-profiles.js';
import type { Deps } from '../../app/deps.js';
import { agentConfigUserRoutes } from './agent-config-user-routes.js';
import { quickConnectRoutes } from './agent-config-quick-connect-routes.js';
import {
  CreateRoutingProfileBody,
  DisassociateRoutingProfileQueuesBody,
  PageQuery,
  RoutingProfilePath,
  RoutingProfileQueuesBody,
  UpdateRoutingProfileAfterContactWorkBody,
  UpdateRoutingProfileAgentAvailabilityTimerBody,
  UpdateRoutingProfileConcurrencyBody,
  UpdateRoutingProfileDefaultOutboundQueueBody,
  UpdateRoutingProfileNameBody,
  UpdateRoutingProfileQueuesBody,
} from './agent-config-schemas.js';
import { InstanceIdParam } from './schemas.js';

type Instance = { Params: Static<typeof InstanceIdParam> };
type Profile = { Params: Static<typeof RoutingProfilePath> };
type Page = { Querystring: Static<typeof PageQuery> };

/**
 * The agent configuration APIs on Connect's paths, SigV4-signed like the rest of the connect API:
 * routing profiles (here), users, security profiles and agent statuses
 * (agent-config-user-routes.ts), quick connects (agent-config-quick-connect-routes.ts).
 */
export function agentConfigRoutes(app: FastifyInstance, deps: Deps): void {
  const config = { api: 'connect' as const };
  const done = () => ({});
  const path = '/routing-profiles/:InstanceId/:RoutingProfileId';
  const on = { config, schema: { params: RoutingProfilePath } };
  const ids = (req: { params: Profile['Params'] }) => [req.params.InstanceId, req.params.RoutingProfileId] as const;

  app.put<Instance & { Body: Static<typeof CreateRoutingProfileBody> }>(
    '/routing-profiles/:InstanceId',
    { config, schema: { params: InstanceIdParam, body: CreateRoutingProfileBody } },
    (req) => createRoutingProfile(deps, req.params.InstanceId, req.body),
  );
  app.get<Profile>(path, on, (req) => describeRoutingProfile(deps, ...ids(req)));
  app.get<Instance & Page>('/routing-profiles-summary/:InstanceId', { config, schema: { params: InstanceIdParam, querystring: PageQuery } }, (req) =>
    listRoutingProfiles(deps, req.params.InstanceId, req.query),
  );
  app.post<Profile & { Body: Static<typeof UpdateRoutingProfileNameBody> }>(`${path}/name`, { ...on, schema: { ...on.schema, body: UpdateRoutingProfileNameBody } }, (req) =>
    updateRoutingProfileName(deps, ...ids(req), req.body).then(done),
  );
  app.post<Profile & { Body: Static<typeof UpdateRoutingProfileConcurrencyBody> }>(
    `${path}/concurrency`,
    { ...on, schema: { ...on.schema, body: UpdateRoutingProfileConcurrencyBody } },
    (req) => updateRoutingProfileConcurrency(deps, ...ids(req), req.body.MediaConcurrencies).then(done),
  );
  app.post<Profile & { Body: Static<typeof UpdateRoutingProfileDefaultOutboundQueueBody> }>(
    `${path}/default-outbound-queue`,
    { ...on, schema: { ...on.schema, body: UpdateRoutingProfileDefaultOutboundQueueBody } },
    (req) => updateRoutingProfileDefaultOutboundQueue(deps, ...ids(req), req.body.DefaultOutboundQueueId).then(done),
  );
  app.post<Profile & { Body: Static<typeof UpdateRoutingProfileAgentAvailabilityTimerBody> }>(
    `${path}/agent-availability-timer`,
    { ...on, schema: { ...on.schema, body: UpdateRoutingProfileAgentAvailabilityTimerBody } },
    (req) => updateRoutingProfileAgentAvailabilityTimer(deps, ...ids(req), req.body.AgentAvailabilityTimer).then(done),
  );
  // Parley extension (docs/routing-configuration.md): the profile's after-contact work limit.
  app.post<Profile & { Body: Static<typeof UpdateRoutingProfileAfterContactWorkBody> }>(
    `${path}/after-contact-work`,
    { ...on, schema: { ...on.schema, body: UpdateRoutingProfileAfterContactWorkBody } },
    (req) => updateRoutingProfileAfterContactWork(deps, ...ids(req), req.body.AfterContactWorkTimeLimit).then(done),
  );
  app.post<Profile & { Body: Static<typeof RoutingProfileQueuesBody> }>(
    `${path}/associate-queues`,
    { ...on, schema: { ...on.schema, body: RoutingProfileQueuesBody } },
    (req) => associateRoutingProfileQueues(deps, ...ids(req), req.body.QueueConfigs ?? []).then(done),
  );
  app.post<Profile & { Body: Static<typeof DisassociateRoutingProfileQueuesBody> }>(
    `${path}/disassociate-queues`,
    { ...on, schema: { ...on.schema, body: DisassociateRoutingProfileQueuesBody } },
    (req) => disassociateRoutingProfileQueues(deps, ...ids(req), req.body.QueueReferences ?? []).then(done),
  );
  app.post<Profile & { Body: Static<typeof UpdateRoutingProfileQueuesBody> }>(
    `${path}/queues`,
    { ...on, schema: { ...on.schema, body: UpdateRoutingProfileQueuesBody } },
    (req) => updateRoutingProfileQueues(deps, ...ids(req), req.body.QueueConfigs).then(done),
  );
  app.get<Profile & Page>(`${path}/queues`, { ...on, schema: { ...on.schema, querystring: PageQuery } }, (req) => listRoutingProfileQueues(deps, ...ids(req), req.query));
  app.delete<Profile>(path, on, (req) => deleteRoutingProfile(deps, ...ids(req)).then(done));

  agentConfigUserRoutes(app, deps);
  quickConnectRoutes(app, deps);
}
