import type { AgentSnapshot, Directory, EarlierContact, LoginResult, ParticipantCredentials, TransferTarget } from './types';

/** An error answer of the agent API: the Connect error type and its message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
  /** The session is gone (expired, logged out): the user must log in again. */
  get sessionEnded(): boolean {
    return this.status === 403 && (this.type === 'AccessDeniedException' || this.type === 'MissingAuthenticationTokenException');
  }
}

async function call<T>(baseUrl: string, token: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new ApiError(res.status, String(json.__type ?? res.headers.get('x-amzn-ErrorType') ?? 'Error'), String(json.message ?? res.statusText));
  return json as T;
}

/** Logs in; the alias, id or ARN of the instance all work. */
export const login = (baseUrl: string, instance: string, username: string, password: string) =>
  call<LoginResult>(baseUrl, null, 'POST', '/agent/v1/login', { InstanceId: instance, Username: username, Password: password });

/** The agent API with one session's token. Every call rejects with ApiError on an error answer. */
export class AgentApi {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return call<T>(this.baseUrl, this.token, method, path, body);
  }
  private contact<T>(id: string, action: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', `/agent/v1/contacts/${encodeURIComponent(id)}/${action}`, body);
  }

  logout = () => this.call<object>('POST', '/agent/v1/logout');
  me = () => this.call<AgentSnapshot>('GET', '/agent/v1/me');
  directory = () => this.call<Directory>('GET', '/agent/v1/directory');
  setStatus = (statusId: string) => this.call<AgentSnapshot>('PUT', '/agent/v1/status', { AgentStatusId: statusId });
  accept = (id: string) => this.contact<ParticipantCredentials>(id, 'accept');
  /** The agent participant's credentials again, for a connected contact (after a reload). */
  participant = (id: string) => this.call<ParticipantCredentials>('GET', `/agent/v1/contacts/${encodeURIComponent(id)}/participant`);
  reject = (id: string) => this.contact<object>(id, 'reject');
  end = (id: string) => this.contact<object>(id, 'end');
  clear = (id: string) => this.contact<object>(id, 'clear');
  /** The customer's earlier chats, newest first (docs/agent-api.md). */
  history = (id: string) => this.call<{ Contacts: EarlierContact[] }>('GET', `/agent/v1/contacts/${encodeURIComponent(id)}/history`);
  transfer = (id: string, target: TransferTarget) => this.contact<{ ContactId: string }>(id, 'transfer', target);

  /** The event socket's URL; the token goes as the second subprotocol (docs/agent-api.md). */
  eventsUrl(): string {
    return `${this.baseUrl.replace(/^http/, 'ws')}/agent/v1/events`;
  }
}
