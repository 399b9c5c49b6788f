import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { completeAttachmentUpload, getAttachment, startAttachmentUpload } from '../../app/chat/attachments.js';
import { createConnection } from '../../app/chat/connection.js';
import { disconnectParticipant } from '../../app/chat/disconnect.js';
import { sendEvent, sendMessage } from '../../app/chat/messages.js';
import { asSender, authConnectionToken, authParticipantToken } from '../../app/chat/participant-auth.js';
import { getTranscript } from '../../app/chat/transcript.js';
import type { Deps } from '../../app/deps.js';
import { describeView } from '../../app/flows/views.js';
import {
  CompleteAttachmentUploadBody,
  CreateParticipantConnectionBody,
  DescribeViewParams,
  DisconnectParticipantBody,
  GetAttachmentBody,
  GetTranscriptBody,
  SendEventBody,
  SendMessageBody,
  StartAttachmentUploadBody,
} from './schemas.js';
import { bearerOf } from './send-without-fastify.js';

const bearer = (req: FastifyRequest): string | undefined => bearerOf(req.headers);

/**
 * The participant API. Authorization is the X-Amz-Bearer token alone: the SDK also signs these
 * requests with SigV4 (chatjs with empty keys), and that signature is deliberately ignored.
 */
export function participantRoutes(app: FastifyInstance, deps: Deps): void {
  const config = { api: 'participant' as const };
  const conn = (req: FastifyRequest) => authConnectionToken(deps, bearer(req));

  app.post<{ Body: Static<typeof CreateParticipantConnectionBody> }>(
    '/participant/connection',
    { config, schema: { body: CreateParticipantConnectionBody } },
    async (req) => createConnection(deps, await authParticipantToken(deps, bearer(req)), req.body.Type, req.body.ConnectParticipant ?? false),
  );
  // Most requests to it are answered without Fastify (send-without-fastify.ts); the others here.
  app.post<{ Body: Static<typeof SendMessageBody> }>('/participant/message', { config, schema: { body: SendMessageBody } }, async (req) =>
    asSender(deps, bearer(req), (caller) => sendMessage(deps, caller, req.body)),
  );
  app.post<{ Body: Static<typeof SendEventBody> }>('/participant/event', { config, schema: { body: SendEventBody } }, async (req) =>
    sendEvent(deps, await conn(req), req.body),
  );
  app.post<{ Body: Static<typeof GetTranscriptBody> }>('/participant/transcript', { config, schema: { body: GetTranscriptBody } }, async (req) =>
    getTranscript(deps, await conn(req), req.body),
  );
  app.post<{ Body: Static<typeof DisconnectParticipantBody> }>('/participant/disconnect', { config, schema: { body: DisconnectParticipantBody } }, async (req) => {
    await disconnectParticipant(deps, await conn(req));
    return {};
  });
  app.post<{ Body: Static<typeof StartAttachmentUploadBody> }>(
    '/participant/start-attachment-upload',
    { config, schema: { body: StartAttachmentUploadBody } },
    async (req) => startAttachmentUpload(deps, await conn(req), req.body),
  );
  app.post<{ Body: Static<typeof CompleteAttachmentUploadBody> }>(
    '/participant/complete-attachment-upload',
    { config, schema: { body: CompleteAttachmentUploadBody } },
    async (req) => {
      await completeAttachmentUpload(deps, await conn(req), req.body);
      return {};
    },
  );
  app.post<{ Body: Static<typeof GetAttachmentBody> }>('/participant/attachment', { config, schema: { body: GetAttachmentBody } }, async (req) =>
    getAttachment(deps, await conn(req), req.body),
  );
  app.get<{ Params: Static<typeof DescribeViewParams> }>('/participant/views/:ViewToken', { config, schema: { params: DescribeViewParams } }, async (req) =>
    describeView(deps, await conn(req), req.params.ViewToken),
  );
}
