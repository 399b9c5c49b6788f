import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createAgentStatus, describeAgentStatus, listAgentStatuses, updateAgentStatus } from '../../app/admin/agent-statuses.js';
import { describeSecurityProfile, listSecurityProfilePermissions, listSecurityProfiles } from '../../app/admin/security-profiles.js';
import { setUserPassword, updateUserIdentityInfo, updateUserPhoneConfig, updateUserRoutingProfile, updateUserSecurityProfiles } from '../../app/admin/user-updates.js';
import { createUser, deleteUser, describeUser, listUsers } from '../../app/admin/users.js';
import type { Deps } from '../../app/deps.js';
import {
  AgentStatusPath,
  CreateAgentStatusBody,
  CreateUserBody,
  ListAgentStatusQuery,
  PageQuery,
  SecurityProfilePath,
  SetUserPasswordBody,
  UpdateAgentStatusBody,
  UpdateUserIdentityInfoBody,
  UpdateUserPhoneConfigBody,
  UpdateUserRoutingProfileBody,
  UpdateUserSecurityProfilesBody,
  UserPath,
} from './agent-config-schemas.js';
import { InstanceIdParam } from './schemas.js';

type Instance = { Params: Static<typeof InstanceIdParam> };
type User = { Params: Static<typeof UserPath> };
type Page = { Querystring: Static<typeof PageQuery> };

/** One value or several of a query list, as a list. */
export const listOf = <T>(v: T | T[] | undefined): T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** Users (and Parley's password change), security profiles and agent statuses on Connect's paths. */
export function agentConfigUserRoutes(app: FastifyInstance, deps: Deps): void {
  const config = { api: 'connect' as const };
  const done = () => ({});
  const user = '/users/:InstanceId/:UserId';
  const onUser = <B>(body: B) => ({ config, schema: { params: UserPath, body } });
  const ids = (req: { params: User['Params'] }) => [req.params.InstanceId, req.params.UserId] as const;

  app.put<Instance & { Body: Static<typeof CreateUserBody> }>('/users/:InstanceId', { config, schema: { params: InstanceIdParam, body: CreateUserBody } }, (req) =>
    createUser(deps, req.params.InstanceId, req.body),
  );
  app.get<User>(user, { config, schema: { params: UserPath } }, (req) => describeUser(deps, ...ids(req)));
  app.get<Instance & Page>('/users-summary/:InstanceId', { config, schema: { params: InstanceIdParam, querystring: PageQuery } }, (req) =>
    listUsers(deps, req.params.InstanceId, req.query),
  );
  app.post<User & { Body: Static<typeof UpdateUserIdentityInfoBody> }>(`${user}/identity-info`, onUser(UpdateUserIdentityInfoBody), (req) =>
    updateUserIdentityInfo(deps, ...ids(req), req.body.IdentityInfo).then(done),
  );
  app.post<User & { Body: Static<typeof UpdateUserPhoneConfigBody> }>(`${user}/phone-config`, onUser(UpdateUserPhoneConfigBody), (req) =>
    updateUserPhoneConfig(deps, ...ids(req), req.body.PhoneConfig).then(done),
  );
  app.post<User & { Body: Static<typeof UpdateUserRoutingProfileBody> }>(`${user}/routing-profile`, onUser(UpdateUserRoutingProfileBody), (req) =>
    updateUserRoutingProfile(deps, ...ids(req), req.body.RoutingProfileId).then(done),
  );
  app.post<User & { Body: Static<typeof UpdateUserSecurityProfilesBody> }>(`${user}/security-profiles`, onUser(UpdateUserSecurityProfilesBody), (req) =>
    updateUserSecurityProfiles(deps, ...ids(req), req.body.SecurityProfileIds).then(done),
  );
  // Parley extension (docs/routing-configuration.md): Connect has no password API for its own directory.
  app.post<User & { Body: Static<typeof SetUserPasswordBody> }>(`${user}/password`, onUser(SetUserPasswordBody), (req) =>
    setUserPassword(deps, ...ids(req), req.body.Password).then(done),
  );
  app.delete<User>(user, { config, schema: { params: UserPath } }, (req) => deleteUser(deps, ...ids(req)).then(done));

  app.get<Instance & Page>('/security-profiles-summary/:InstanceId', { config, schema: { params: InstanceIdParam, querystring: PageQuery } }, (req) =>
    listSecurityProfiles(deps, req.params.InstanceId, req.query),
  );
  app.get<{ Params: Static<typeof SecurityProfilePath> }>('/security-profiles/:InstanceId/:SecurityProfileId', { config, schema: { params: SecurityProfilePath } }, (req) =>
    describeSecurityProfile(deps, req.params.InstanceId, req.params.SecurityProfileId),
  );
  app.get<{ Params: Static<typeof SecurityProfilePath> } & Page>(
    '/security-profiles-permissions/:InstanceId/:SecurityProfileId',
    { config, schema: { params: SecurityProfilePath, querystring: PageQuery } },
    (req) => listSecurityProfilePermissions(deps, req.params.InstanceId, req.params.SecurityProfileId, req.query),
  );

  app.put<Instance & { Body: Static<typeof CreateAgentStatusBody> }>('/agent-status/:InstanceId', { config, schema: { params: InstanceIdParam, body: CreateAgentStatusBody } }, (req) =>
    createAgentStatus(deps, req.params.InstanceId, req.body),
  );
  app.get<{ Params: Static<typeof AgentStatusPath> }>('/agent-status/:InstanceId/:AgentStatusId', { config, schema: { params: AgentStatusPath } }, (req) =>
    describeAgentStatus(deps, req.params.InstanceId, req.params.AgentStatusId),
  );
  app.get<Instance & { Querystring: Static<typeof ListAgentStatusQuery> }>(
    '/agent-status/:InstanceId',
    { config, schema: { params: InstanceIdParam, querystring: ListAgentStatusQuery } },
    (req) => listAgentStatuses(deps, req.params.InstanceId, listOf(req.query.AgentStatusTypes), req.query),
  );
  app.post<{ Params: Static<typeof AgentStatusPath>; Body: Static<typeof UpdateAgentStatusBody> }>(
    '/agent-status/:InstanceId/:AgentStatusId',
    { config, schema: { params: AgentStatusPath, body: UpdateAgentStatusBody } },
    (req) => updateAgentStatus(deps, req.params.InstanceId, req.params.AgentStatusId, req.body).then(done),
  );
}
