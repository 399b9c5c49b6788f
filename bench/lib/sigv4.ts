import crypto from 'node:crypto';

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
}

const hmac = (key: string | Buffer, data: string) => crypto.createHmac('sha256', key).update(data).digest();
const sha256hex = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * SigV4 headers for a JSON request, as the AWS SDK signs it (host, x-amz-date, x-amz-content-sha256
 * and content-type signed). The generator signs each chat start itself: the SDK client's own
 * overhead (middleware stack, retries, parsing) would load the shared CPU more than Parley's work.
 * `path` must need no escaping (plain /contact/chat).
 */
export function signedHeaders(keys: Keys, method: string, host: string, path: string, body: string, now = new Date()): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const payloadHash = sha256hex(body);
  const headers: Record<string, string> = { 'content-type': 'application/json', host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate };
  const names = Object.keys(headers).sort();
  const canonical = [method, path, '', names.map((n) => `${n}:${headers[n]}\n`).join(''), names.join(';'), payloadHash].join('\n');
  const scope = `${date}/${keys.region}/${keys.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${keys.secretAccessKey}`, date);
  for (const part of [keys.region, keys.service, 'aws4_request']) key = hmac(key, part);
  const signature = hmac(key, toSign).toString('hex');
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${keys.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}
