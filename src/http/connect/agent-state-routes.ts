import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { clearContact } from '../../app/agents/offers.js';
import { setAgentStatus } from '../../app/agents/status.js';
import { getCurrentUserData } from '../../app/agents/user-data.js';
import { requireInstance } from '../../app/admin/instances.js';
import { idFromRef } from '../../app/arn.js';
import type { Deps } from '../../app/deps.js';
import { notFound } from '../../core/errors.js';
import { InstanceIdParam } from './schemas.js';

const Refs = (max: number) => Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { minItems: 1, maxItems: max });
const CONTACT_STATES = ['INCOMING', 'PENDING', 'CONNECTING', 'CONNECTED', 'CONNECTED_ONHOLD', 'MISSED', 'ERROR', 'ENDED', 'REJECTED'];

const UserDataBody = Type.Object(
  {
    Filters: Type.Object(
      {
        Queues: Type.Optional(Refs(100)),
        RoutingProfiles: Type.Optional(Refs(100)),
        Agents: Type.Optional(Refs(100)),
        UserHierarchyGroups: Type.Optional(Refs(1)),
        ContactFilter: Type.Optional(Type.Object({ ContactStates: Type.Optional(Type.Array(Type.Union(CONTACT_STATES.map((s) => Type.Literal(s))), { maxItems: 9 })) }, { additionalProperties: false })),
      },
      { additionalProperties: false },
    ),
    NextToken: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    MaxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
const UserPath = Type.Object({ InstanceId: Type.String({ minLength: 1, maxLength: 250 }), UserId: Type.String({ minLength: 1, maxLength: 500 }) });
const StatusBody = Type.Object({ AgentStatusId: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
const DismissBody = Type.Object({ ContactId: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });

type User = { Params: Static<typeof UserPath> };

/** The live agent side of the connect API: GetCurrentUserData, PutUserStatus, DismissUserContact. */
export function agentStateRoutes(app: FastifyInstance, deps: Deps): void {
  // Supervisors' calls (GetCurrentUserData reads with a POST; statuses and dismissals are not configuration).
  const config = { api: 'connect' as const, permission: 'supervise' as const };
  const userOf = async (instanceRef: string, userRef: string) => {
    const instance = await requireInstance(deps.db.kysely, instanceRef);
    const user = await deps.db.kysely.selectFrom('users').select('id').where('instance_id', '=', instance.id).where('id', '=', idFromRef(userRef)).executeTakeFirst();
    if (!user) throw notFound('User', userRef, 'USER');
    return { instanceId: instance.id, userId: user.id };
  };
  app.post<{ Params: Static<typeof InstanceIdParam>; Body: Static<typeof UserDataBody> }>('/metrics/userdata/:InstanceId', { config, schema: { params: InstanceIdParam, body: UserDataBody } }, (req) =>
    getCurrentUserData(deps, req.params.InstanceId, req.body.Filters, req.body),
  );
  app.put<User & { Body: Static<typeof StatusBody> }>('/users/:InstanceId/:UserId/status', { config, schema: { params: UserPath, body: StatusBody } }, async (req) => {
    const u = await userOf(req.params.InstanceId, req.params.UserId);
    await setAgentStatus(deps, u.instanceId, u.userId, req.body.AgentStatusId);
    return {};
  });
  app.post<User & { Body: Static<typeof DismissBody> }>('/users/:InstanceId/:UserId/contact', { config, schema: { params: UserPath, body: DismissBody } }, async (req) => {
    const u = await userOf(req.params.InstanceId, req.params.UserId);
    await clearContact(deps, u.instanceId, u.userId, req.body.ContactId);
    return {};
  });
}
