import type { FastifyInstance } from 'fastify';
import { openDownload, receiveUpload } from '../../app/chat/attachments.js';
import type { Deps } from '../../app/deps.js';

/**
 * The upload and download URLs that StartAttachmentUpload and GetAttachment hand out (Connect
 * hands out pre-signed S3 URLs). Authorization is the signed, expiring grant in the URL.
 */
export async function attachmentUrlRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const config = { api: 'participant' as const };
  // Upload bodies are streamed to the blob store as they are, whatever their type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null));
  app.put<{ Querystring: { grant?: string } }>('/attachments/upload', { config, bodyLimit: deps.config.maxAttachmentBytes + 1 }, async (req, reply) => {
    await receiveUpload(deps, req.query.grant ?? '', req.raw);
    return reply.status(200).send();
  });
  app.get<{ Querystring: { grant?: string } }>('/attachments/download', { config }, async (req, reply) => {
    const file = await openDownload(deps, req.query.grant ?? '');
    return reply
      .header('content-type', file.contentType)
      .header('content-length', String(file.size))
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .send(file.body);
  });
}
