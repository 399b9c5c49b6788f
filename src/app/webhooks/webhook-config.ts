import { uniqueOr } from '../../adapters/store/unique-violation.js';
import { PUBLIC_CONTACT_EVENT_TYPES } from '../../core/contact/events.js';
import { DomainError, invalidParameter } from '../../core/errors.js';
import { requireInstance } from '../admin/instances.js';
import type { Deps } from '../deps.js';
import { wakeAfterCommit } from './deliveries.js';
import { sealSecret } from './secret-box.js';
import { checkUrl, requireWebhook, webhookArn } from './webhook-refs.js';

/** Webhooks per instance: each one multiplies the deliveries of every contact event. */
export const MAX_WEBHOOKS_PER_INSTANCE = 20;

export interface CreateWebhookInput {
  Name: string;
  Description?: string;
  Url: string;
  EventTypes?: string[];
}

export interface UpdateWebhookInput {
  Name?: string;
  Description?: string;
  Url?: string;
  EventTypes?: string[];
  State?: 'ENABLED' | 'DISABLED';
  RotateSecret?: boolean;
}

const duplicate = (name: string) => () => new DomainError('DUPLICATE', `A webhook named "${name}" already exists in this instance`);

/** A fresh signing secret and its sealed form (the only one stored). */
function newSecret(deps: Pick<Deps, 'ids' | 'secret'>): { plain: string; sealed: string } {
  const plain = deps.ids.token();
  return { plain, sealed: sealSecret(deps.secret, plain, Buffer.from(deps.ids.token(), 'base64url')) };
}

/** CreateWebhook: ENABLED, for the given event types (all public ones by default). The secret is answered here only. */
export async function createWebhook(deps: Deps, instanceRef: string, input: CreateWebhookInput) {
  checkUrl(deps.config, input.Url);
  const secret = newSecret(deps);
  const id = deps.ids.uuid();
  const now = deps.clock.now();
  const instanceId = await uniqueOr(
    deps.db.write(async (tx) => {
      const instance = await requireInstance(tx, instanceRef);
      const count = await tx.selectFrom('webhooks').select((eb) => eb.fn.countAll<number>().as('n')).where('instance_id', '=', instance.id).executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_WEBHOOKS_PER_INSTANCE) throw new DomainError('QUOTA_EXCEEDED', `An instance has at most ${MAX_WEBHOOKS_PER_INSTANCE} webhooks`);
      await tx
        .insertInto('webhooks')
        .values({
          id,
          instance_id: instance.id,
          name: input.Name,
          description: input.Description ?? '',
          url: input.Url,
          secret: secret.sealed,
          event_types: JSON.stringify(input.EventTypes ?? PUBLIC_CONTACT_EVENT_TYPES),
          state: 'ENABLED',
          created_at: now,
          updated_at: now,
        })
        .execute();
      return instance.id;
    }),
    duplicate(input.Name),
  );
  return { WebhookId: id, WebhookArn: webhookArn(deps.config, instanceId, id), Secret: secret.plain };
}

/**
 * UpdateWebhook. Disabling stops deliveries (pending ones wait, and no new ones are made while
 * disabled); enabling resumes the pending ones. RotateSecret answers a new secret, used from the
 * next attempt on.
 */
export async function updateWebhook(deps: Deps, instanceRef: string, webhookRef: string, patch: UpdateWebhookInput): Promise<{ Secret?: string }> {
  if (Object.values(patch).every((v) => v === undefined || v === false)) throw invalidParameter('Nothing to update: give Name, Description, Url, EventTypes, State or RotateSecret');
  if (patch.Url !== undefined) checkUrl(deps.config, patch.Url);
  const secret = patch.RotateSecret ? newSecret(deps) : null;
  await uniqueOr(
    deps.db.write(async (tx) => {
      const instance = await requireInstance(tx, instanceRef);
      const w = await requireWebhook(tx, instance.id, webhookRef);
      await tx
        .updateTable('webhooks')
        .set({
          ...(patch.Name !== undefined ? { name: patch.Name } : {}),
          ...(patch.Description !== undefined ? { description: patch.Description } : {}),
          ...(patch.Url !== undefined ? { url: patch.Url } : {}),
          ...(patch.EventTypes !== undefined ? { event_types: JSON.stringify(patch.EventTypes) } : {}),
          ...(patch.State !== undefined ? { state: patch.State } : {}),
          ...(secret ? { secret: secret.sealed } : {}),
          updated_at: deps.clock.now(),
        })
        .where('id', '=', w.id)
        .execute();
      // Held deliveries go now, to the new URL if there is one.
      if (patch.State === 'ENABLED' || patch.Url !== undefined) wakeAfterCommit(tx);
    }),
    duplicate(patch.Name ?? ''),
  );
  return secret ? { Secret: secret.plain } : {};
}

/** DeleteWebhook: the webhook and every delivery of it, sent or not. An attempt already out finishes, unrecorded. */
export async function deleteWebhook(deps: Deps, instanceRef: string, webhookRef: string): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const w = await requireWebhook(tx, instance.id, webhookRef);
    await tx.deleteFrom('webhook_deliveries').where('webhook_id', '=', w.id).execute();
    await tx.deleteFrom('webhooks').where('id', '=', w.id).execute();
  });
}
