/**
 * The one way out to the network (flow functions, later webhooks): a JSON POST with a deadline.
 * Never called inside a store transaction. With `maxBytes`, an answer longer than that is not read
 * past the limit (its body is dropped, `tooLarge` set): a misbehaving endpoint cannot fill memory.
 */
export async function postJson(url: string, body: unknown, timeoutMs: number, maxBytes = Infinity): Promise<{ status: number; json: unknown; tooLarge?: boolean }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await readCapped(res, maxBytes);
  if (text === null) return { status: res.status, json: undefined, tooLarge: true };
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}

/** The body as text, or null as soon as it is longer than `maxBytes` (the rest is not read). */
async function readCapped(res: Response, maxBytes: number): Promise<string | null> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
