/**
 * An error answer of the participant API (`status` and Connect's error type), or a network
 * failure (`status` 0, type `NetworkError`): the request may not have reached the server.
 */
export class ParticipantApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(`${type}: ${message}`);
    this.name = 'ParticipantApiError';
  }

  /** Worth trying again with the same ClientToken: network failures, throttling, server errors. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/**
 * POSTs (or GETs) one participant API operation with the token in `X-Amz-Bearer`, as the SDK
 * does, and answers the parsed body. Never signs: Parley (and Connect) authorize by the token.
 */
export async function participantCall<T>(baseUrl: string, path: string, token: string, body?: unknown, method = 'POST'): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl.replace(/\/+$/, '')}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-amz-bearer': token },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
  } catch (e) {
    throw new ParticipantApiError(0, 'NetworkError', e instanceof Error ? e.message : String(e));
  }
  const text = await res.text().catch(() => '');
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // A proxy's HTML error page: the status says enough.
  }
  if (!res.ok) {
    const type = String(json.__type ?? res.headers.get('x-amzn-ErrorType') ?? 'UnknownError').split(':')[0].split('#').pop()!;
    throw new ParticipantApiError(res.status, type, String(json.message ?? json.Message ?? res.statusText));
  }
  return json as T;
}

/** The n-th reconnect delay: 1 s doubling to 30 s, with jitter. */
export function backoffDelay(attempt: number): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  // ±30 % jitter, so that many clients cut off together do not come back in step.
  return Math.round(base * (0.7 + Math.random() * 0.6));
}

/** A random id for ClientTokens (crypto.randomUUID needs a secure context; this does not). */
export function randomToken(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
