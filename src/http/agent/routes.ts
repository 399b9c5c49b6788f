import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { customerHistory } from '../../app/agents/customer-history.js';
import { acceptContact, agentParticipantToken, clearContact, declineOffer } from '../../app/agents/offers.js';
import { authSession, login, logout, requirePermission, type AgentCaller } from '../../app/agents/sessions.js';
import { agentSnapshot } from '../../app/agents/snapshot.js';
import { setAgentStatus } from '../../app/agents/status.js';
import { transferContact } from '../../app/agents/transfer.js';
import { endAgentContact, agentDirectory } from '../../app/agents/workspace.js';
import type { Deps } from '../../app/deps.js';
import { ContactParams, LoginBody, StatusBody, TransferBody, UserParams } from './schemas.js';

const bearer = (req: FastifyRequest): string | undefined => {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
};

type Contact = { Params: Static<typeof ContactParams> };

/**
 * Parley's agent API (Connect's agent side is private; docs/agent-api.md documents this one).
 * Every call but login carries `Authorization: Bearer <session token>`; an agent acts only on its
 * own contacts, a supervisor also on other agents. Messaging goes through the participant API
 * with the credentials that accepting a contact returns.
 */
export function agentRoutes(app: FastifyInstance, deps: Deps): void {
  const config = { api: 'agent' as const };
  const session = async (req: FastifyRequest): Promise<AgentCaller> => {
    const caller = await authSession(deps, bearer(req));
    requirePermission(caller, 'agent');
    return caller;
  };
  const me = (c: AgentCaller) => agentSnapshot(deps.db, deps.config, c.userId, Date.now());

  app.post<{ Body: Static<typeof LoginBody> }>('/agent/v1/login', { config, schema: { body: LoginBody } }, (req) => login(deps, req.body.InstanceId, req.body.Username, req.body.Password));
  app.post('/agent/v1/logout', { config }, async (req) => {
    await session(req);
    await logout(deps, bearer(req)!);
    return {};
  });
  app.get('/agent/v1/me', { config }, async (req) => me(await session(req)));
  app.get('/agent/v1/directory', { config }, async (req) => agentDirectory(deps, await session(req)));
  app.put<{ Body: Static<typeof StatusBody> }>('/agent/v1/status', { config, schema: { body: StatusBody } }, async (req) => {
    const c = await session(req);
    return (await setAgentStatus(deps, c.instanceId, c.userId, req.body.AgentStatusId)) ?? me(c);
  });
  app.post<Contact>('/agent/v1/contacts/:ContactId/accept', { config, schema: { params: ContactParams } }, async (req) => {
    const c = await session(req);
    return acceptContact(deps, c.instanceId, c.userId, req.params.ContactId);
  });
  app.get<Contact>('/agent/v1/contacts/:ContactId/participant', { config, schema: { params: ContactParams } }, async (req) => {
    const c = await session(req);
    const row = await deps.db.kysely.selectFrom('agent_contacts').select(['id', 'participant_id']).where('user_id', '=', c.userId).where('contact_id', '=', req.params.ContactId).where('state', '=', 'CONNECTED').executeTakeFirst();
    if (!row?.participant_id) return acceptContact(deps, c.instanceId, c.userId, req.params.ContactId);
    return { ContactId: req.params.ContactId, ParticipantId: row.participant_id, ParticipantToken: agentParticipantToken(deps, row.id, row.participant_id) };
  });
  app.get<Contact>('/agent/v1/contacts/:ContactId/history', { config, schema: { params: ContactParams } }, async (req) => {
    const c = await session(req);
    return customerHistory(deps, c.instanceId, c.userId, req.params.ContactId);
  });
  app.post<Contact>('/agent/v1/contacts/:ContactId/reject', { config, schema: { params: ContactParams } }, async (req) => {
    const c = await session(req);
    await declineOffer(deps, c.instanceId, c.userId, req.params.ContactId, 'REJECTED');
    return {};
  });
  app.post<Contact>('/agent/v1/contacts/:ContactId/end', { config, schema: { params: ContactParams } }, async (req) => {
    const c = await session(req);
    await endAgentContact(deps, c.instanceId, c.userId, req.params.ContactId);
    return {};
  });
  app.post<Contact>('/agent/v1/contacts/:ContactId/clear', { config, schema: { params: ContactParams } }, async (req) => {
    const c = await session(req);
    await clearContact(deps, c.instanceId, c.userId, req.params.ContactId);
    return {};
  });
  app.post<Contact & { Body: Static<typeof TransferBody> }>('/agent/v1/contacts/:ContactId/transfer', { config, schema: { params: ContactParams, body: TransferBody } }, async (req) => {
    const c = await session(req);
    return transferContact(deps, c.instanceId, c.userId, req.params.ContactId, req.body);
  });

  // Supervisors: every agent of the instance, and their statuses.
  app.get('/agent/v1/agents', { config }, async (req) => {
    const c = await session(req);
    requirePermission(c, 'supervise');
    const users = await deps.db.kysely.selectFrom('agents').select('user_id').where('instance_id', '=', c.instanceId).execute();
    return { Agents: await Promise.all(users.map((u) => agentSnapshot(deps.db, deps.config, u.user_id, Date.now()))) };
  });
  app.put<{ Params: Static<typeof UserParams>; Body: Static<typeof StatusBody> }>('/agent/v1/agents/:UserId/status', { config, schema: { params: UserParams, body: StatusBody } }, async (req) => {
    const c = await session(req);
    if (req.params.UserId !== c.userId) requirePermission(c, 'supervise');
    return (await setAgentStatus(deps, c.instanceId, req.params.UserId, req.body.AgentStatusId)) ?? agentSnapshot(deps.db, deps.config, req.params.UserId, Date.now());
  });
}
