import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../app/deps.js';
import { listDeliveries, retryDelivery } from '../../app/webhooks/delivery-admin.js';
import { createWebhook, deleteWebhook, updateWebhook } from '../../app/webhooks/webhook-config.js';
import { describeWebhook, listWebhooks } from '../../app/webhooks/webhook-read.js';
import { InstanceIdParam } from './schemas.js';
import { CreateWebhookBody, DeliveriesQuery, DeliveryPathParams, UpdateWebhookBody, WebhookPageQuery, WebhookPathParams } from './webhook-schemas.js';

type Instance = { Params: Static<typeof InstanceIdParam> };
type Webhook = { Params: Static<typeof WebhookPathParams> };

/**
 * Contact-event webhooks, Parley's extension of the connect API (Connect publishes contact events
 * to EventBridge instead): SigV4 like the rest, or a session whose security profile may configure,
 * also to read (deliveries carry customer data).
 */
export function webhookRoutes(app: FastifyInstance, deps: Deps): void {
  const config = { api: 'connect' as const, permission: 'configure' as const };

  app.put<Instance & { Body: Static<typeof CreateWebhookBody> }>('/webhooks/:InstanceId', { config, schema: { params: InstanceIdParam, body: CreateWebhookBody } }, (req) =>
    createWebhook(deps, req.params.InstanceId, req.body),
  );
  app.get<Instance & { Querystring: Static<typeof WebhookPageQuery> }>('/webhooks/:InstanceId', { config, schema: { params: InstanceIdParam, querystring: WebhookPageQuery } }, (req) =>
    listWebhooks(deps, req.params.InstanceId, req.query),
  );
  app.get<Webhook>('/webhooks/:InstanceId/:WebhookId', { config, schema: { params: WebhookPathParams } }, (req) => describeWebhook(deps, req.params.InstanceId, req.params.WebhookId));
  app.post<Webhook & { Body: Static<typeof UpdateWebhookBody> }>('/webhooks/:InstanceId/:WebhookId', { config, schema: { params: WebhookPathParams, body: UpdateWebhookBody } }, (req) =>
    updateWebhook(deps, req.params.InstanceId, req.params.WebhookId, req.body),
  );
  app.delete<Webhook>('/webhooks/:InstanceId/:WebhookId', { config, schema: { params: WebhookPathParams } }, async (req) => {
    await deleteWebhook(deps, req.params.InstanceId, req.params.WebhookId);
    return {};
  });
  app.get<Webhook & { Querystring: Static<typeof DeliveriesQuery> }>(
    '/webhooks/:InstanceId/:WebhookId/deliveries',
    { config, schema: { params: WebhookPathParams, querystring: DeliveriesQuery } },
    (req) => listDeliveries(deps, req.params.InstanceId, req.params.WebhookId, req.query),
  );
  app.post<{ Params: Static<typeof DeliveryPathParams> }>(
    '/webhooks/:InstanceId/:WebhookId/deliveries/:DeliveryId/retry',
    { config, schema: { params: DeliveryPathParams } },
    async (req) => {
      await retryDelivery(deps, req.params.InstanceId, req.params.WebhookId, req.params.DeliveryId);
      return {};
    },
  );
}
