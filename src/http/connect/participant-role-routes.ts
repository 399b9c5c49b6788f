import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { updateParticipantRoleConfig } from '../../app/chat/participant-timer-config.js';
import type { Deps } from '../../app/deps.js';
import { ParticipantRoleConfigPathParams, UpdateParticipantRoleConfigBody } from './participant-role-schemas.js';

type Route = { Params: Static<typeof ParticipantRoleConfigPathParams>; Body: Static<typeof UpdateParticipantRoleConfigBody> };

/** UpdateParticipantRoleConfig on Connect's path, SigV4-signed like the rest of the connect API. */
export function participantRoleRoutes(app: FastifyInstance, deps: Deps): void {
  const config = { api: 'connect' as const };
  app.put<Route>(
    '/contact/participant-role-config/:InstanceId/:ContactId',
    { config, schema: { params: ParticipantRoleConfigPathParams, body: UpdateParticipantRoleConfigBody } },
    async (req) => {
      await updateParticipantRoleConfig(deps, req.params.InstanceId, req.params.ContactId, req.body.ChannelConfiguration.Chat.ParticipantTimerConfigList);
      return {};
    },
  );
}
