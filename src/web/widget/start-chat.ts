import { randomToken } from '../client/participant-api';
import type { WidgetOptions } from './options';
import type { StoredChat } from './storage';

export interface Started {
  ContactId: string;
  ParticipantId: string;
  ParticipantToken: string;
}

/** A start the server refused or that could not reach it; `message` is for the customer's eyes. */
export class StartError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * POST /widget/v1/chats: the pre-chat values become contact attributes, the `name` field the
 * display name. After an ended chat, the new one continues it; should the server refuse that
 * (the old chat is gone, or not ended after all), a fresh chat starts instead.
 */
export async function startChat(opts: WidgetOptions, values: Record<string, string>, previous: StoredChat | null): Promise<Started> {
  const attributes = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
  const body = {
    InstanceId: opts.instanceId,
    ContactFlowId: opts.flowId,
    DisplayName: (values.name ?? '').trim() || 'Customer',
    ...(Object.keys(attributes).length ? { Attributes: attributes } : {}),
    ClientToken: randomToken(),
  };
  if (previous) {
    try {
      return await post(opts, { ...body, PersistentChat: { SourceContactId: previous.contactId, ParticipantToken: previous.token } });
    } catch (e) {
      if (!(e instanceof StartError && e.status >= 400 && e.status < 500)) throw e;
    }
  }
  return post(opts, { ...body, ClientToken: randomToken() });
}

async function post(opts: WidgetOptions, body: unknown): Promise<Started> {
  let res: Response;
  // The same ClientToken on a retry answers the first chat: a flaky network never starts two.
  for (let attempt = 0; ; attempt++) {
    try {
      res = await fetch(`${opts.server}/widget/v1/chats`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      break;
    } catch {
      if (attempt >= 2) throw new StartError(0, 'The chat service cannot be reached.');
      await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
    }
  }
  const json = (await res.json().catch(() => ({}))) as Started & { message?: string };
  if (!res.ok) throw new StartError(res.status, json.message ?? res.statusText);
  return json;
}
