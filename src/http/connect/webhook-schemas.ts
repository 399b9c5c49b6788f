import { Type as T } from '@sinclair/typebox';
import { PUBLIC_CONTACT_EVENT_TYPES } from '../../core/contact/events.js';
import { DELIVERY_STATES } from '../../app/webhooks/delivery-admin.js';

/** Request shapes of Parley's webhook API (docs/webhooks.md), bounded like Connect's resources. */

const Str = (min: number, max: number) => T.String({ minLength: min, maxLength: max });
const Id = Str(1, 500);
const EventTypes = T.Array(T.Union(PUBLIC_CONTACT_EVENT_TYPES.map((t) => T.Literal(t))), { minItems: 1, uniqueItems: true });

export const WebhookPathParams = T.Object({ InstanceId: Str(1, 100), WebhookId: Id });
export const DeliveryPathParams = T.Object({ InstanceId: Str(1, 100), WebhookId: Id, DeliveryId: Str(1, 100) });

export const CreateWebhookBody = T.Object({ Name: Str(1, 127), Description: T.Optional(Str(0, 250)), Url: Str(1, 2048), EventTypes: T.Optional(EventTypes) });

export const UpdateWebhookBody = T.Object({
  Name: T.Optional(Str(1, 127)),
  Description: T.Optional(Str(0, 250)),
  Url: T.Optional(Str(1, 2048)),
  EventTypes: T.Optional(EventTypes),
  State: T.Optional(T.Union([T.Literal('ENABLED'), T.Literal('DISABLED')])),
  RotateSecret: T.Optional(T.Boolean()),
});

export const WebhookPageQuery = T.Object({
  maxResults: T.Optional(T.Integer({ minimum: 1, maximum: 100 })),
  nextToken: T.Optional(Str(1, 2500)),
});

export const DeliveriesQuery = T.Object({
  State: T.Optional(T.Union(DELIVERY_STATES.map((s) => T.Literal(s)))),
  maxResults: T.Optional(T.Integer({ minimum: 1, maximum: 100 })),
  nextToken: T.Optional(Str(1, 2500)),
});
