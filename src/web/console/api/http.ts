/** An error answer of the API: the Connect error type, its message and, for a refused flow, each problem. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
  }

  /**
   * The session can no longer be used (expired, logged out, or its permissions were taken away):
   * the console asks to log in again. The console never offers a call the session may not make,
   * so a refusal means the session itself changed.
   */
  get sessionEnded(): boolean {
    return this.status === 403;
  }
}

/** A query string from defined values; arrays repeat the key, as Connect's REST binding does. */
export function query(params: Record<string, string | number | string[] | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, String(one));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * One JSON call to the server the page came from. Resolves with the answer's body; rejects with
 * ApiError on an error answer (and on a network failure, as type `NetworkError`).
 */
export async function request<T>(token: string | null, method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NetworkError', 'The server cannot be reached. Check the connection and try again.');
  }
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const problems = Array.isArray(json.problems) ? json.problems.map((p) => String((p as { message?: unknown })?.message ?? p)) : [];
    throw new ApiError(res.status, String(json.__type ?? res.headers.get('x-amzn-ErrorType') ?? 'Error'), String(json.message ?? json.Message ?? res.statusText), problems);
  }
  return json as T;
}
