import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { startChat } from '../../app/chat/start-chat.js';
import { createParticipant, describeContact, getContactAttributes, stopContact, updateContactAttributes } from '../../app/admin/contacts.js';
import { describeInstance, listContactFlows, listInstances } from '../../app/admin/catalogue.js';
import type { Deps } from '../../app/deps.js';
import { verifySigV4 } from '../common/sigv4.js';
import { flowLogRoutes } from './flow-log-routes.js';
import { flowRoutes } from './flow-routes.js';
import { routingConfigRoutes } from './routing-config-routes.js';
import { agentStateRoutes } from './agent-state-routes.js';
import { participantRoleRoutes } from './participant-role-routes.js';
import { agentConfigRoutes } from './agent-config-routes.js';
import { contactRecordRoutes } from './contact-record-routes.js';
import { metricsCurrentRoutes } from './metrics-current-routes.js';
import { metricsLiveRoutes } from './metrics-live-routes.js';
import { metricsHistoricalRoutes } from './metrics-historical-routes.js';
import { usageRoutes } from './usage-routes.js';
import { webhookRoutes } from './webhook-routes.js';
import { rawBodyOf } from '../common/raw-body.js';
import { authorizeSession, bearerToken, sessionCallerOf } from '../common/session-auth.js';
import {
  AttributesPathParams,
  ContactPathParams,
  CreateParticipantBody,
  InstanceIdParam,
  ListContactFlowsQuery,
  ListQuery,
  StartChatContactBody,
  StopContactBody,
  UpdateContactAttributesBody,
} from './schemas.js';

/**
 * The connect (admin) API: every request is SigV4-verified against the configured keys (root
 * access), or carries a Parley session (`Authorization: Bearer`) limited to its instance and its
 * security profiles (common/session-auth.ts), before its body is validated. Handlers only
 * validate (schema), call a use case and return its answer.
 */
export function connectRoutes(app: FastifyInstance, deps: Deps): void {
  const config = { api: 'connect' as const };
  const keys = { accessKeyId: deps.config.accessKeyId, secretAccessKey: deps.config.secretAccessKey, region: deps.config.region, service: 'connect' };
  app.addHook('preValidation', async (req: FastifyRequest) => {
    if ((req.routeOptions.config as { api?: string }).api !== 'connect') return;
    const token = bearerToken(req);
    if (token !== undefined) await authorizeSession(deps, req, token);
    else verifySigV4({ method: req.method, url: req.url, headers: req.headers, body: rawBodyOf(req) }, keys, Date.now());
  });

  app.get('/instance', { config, schema: { querystring: ListQuery } }, async (req) => {
    const all = await listInstances(deps);
    const session = sessionCallerOf(req);
    // A session sees only its own instance.
    return session ? { InstanceSummaryList: all.InstanceSummaryList.filter((i) => i.Id === session.instanceId) } : all;
  });
  app.get<{ Params: Static<typeof InstanceIdParam> }>('/instance/:InstanceId', { config, schema: { params: InstanceIdParam } }, (req) =>
    describeInstance(deps, req.params.InstanceId),
  );
  app.get<{ Params: Static<typeof InstanceIdParam>; Querystring: Static<typeof ListContactFlowsQuery> }>(
    '/contact-flows-summary/:InstanceId',
    { config, schema: { params: InstanceIdParam, querystring: ListContactFlowsQuery } },
    (req) => {
      const t = req.query.contactFlowTypes;
      return listContactFlows(deps, req.params.InstanceId, t === undefined ? undefined : Array.isArray(t) ? t : [t], { maxResults: req.query.maxResults, nextToken: req.query.nextToken });
    },
  );
  app.put<{ Body: Static<typeof StartChatContactBody> }>('/contact/chat', { config, schema: { body: StartChatContactBody } }, (req) => startChat(deps, req.body));
  app.post<{ Body: Static<typeof StopContactBody> }>('/contact/stop', { config, schema: { body: StopContactBody } }, async (req) => {
    await stopContact(deps, req.body.InstanceId, req.body.ContactId, req.body.DisconnectReason?.Code);
    return {};
  });
  app.get<{ Params: Static<typeof ContactPathParams> }>('/contacts/:InstanceId/:ContactId', { config, schema: { params: ContactPathParams } }, (req) =>
    describeContact(deps, req.params.InstanceId, req.params.ContactId),
  );
  app.get<{ Params: Static<typeof AttributesPathParams> }>(
    '/contact/attributes/:InstanceId/:InitialContactId',
    { config, schema: { params: AttributesPathParams } },
    (req) => getContactAttributes(deps, req.params.InstanceId, req.params.InitialContactId),
  );
  app.post<{ Body: Static<typeof UpdateContactAttributesBody> }>('/contact/attributes', { config, schema: { body: UpdateContactAttributesBody } }, async (req) => {
    await updateContactAttributes(deps, req.body.InstanceId, req.body.InitialContactId, req.body.Attributes);
    return {};
  });
  app.post<{ Body: Static<typeof CreateParticipantBody> }>('/contact/create-participant', { config, schema: { body: CreateParticipantBody } }, (req) =>
    createParticipant(deps, req.body),
  );
  flowLogRoutes(app, deps);
  flowRoutes(app, deps);
  routingConfigRoutes(app, deps);
  agentStateRoutes(app, deps);
  agentConfigRoutes(app, deps);
  contactRecordRoutes(app, deps);
  participantRoleRoutes(app, deps);
  metricsCurrentRoutes(app, deps);
  metricsLiveRoutes(app, deps);
  metricsHistoricalRoutes(app, deps);
  usageRoutes(app, deps);
  webhookRoutes(app, deps);
}
