/** How one POST to a webhook went: the status when the receiver answered, else why not. */
export interface PostOutcome {
  status: number | null;
  error: string | null;
}

/**
 * POSTs `body` as it is (the bytes that were signed) with `headers`, until `signal` aborts it.
 * Redirects are not followed (a 3xx is an answer, and not a 2xx). The answer's body is not read:
 * a receiver's reply means nothing but its status.
 */
export async function postWebhook(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<PostOutcome> {
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal, redirect: 'manual' });
    await res.body?.cancel().catch(() => undefined);
    return { status: res.status, error: res.ok ? null : `HTTP ${res.status}` };
  } catch (e) {
    return { status: null, error: describe(e, signal) };
  }
}

function describe(e: unknown, signal: AbortSignal): string {
  if (signal.aborted) return signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  const cause = err.cause;
  if (cause?.code && cause.message) return `${cause.code}: ${cause.message}`;
  return cause?.code ?? cause?.message ?? err.message ?? String(e);
}
