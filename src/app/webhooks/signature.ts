import crypto from 'node:crypto';

/**
 * The `X-Parley-Signature` of a delivery: `sha256=` and the hex HMAC-SHA256, keyed with the
 * webhook's secret, of `<timestamp>.<body>`, where timestamp is the `X-Parley-Timestamp` header
 * (epoch seconds) and body the raw request body. Signing the timestamp with the body lets a
 * receiver refuse a replayed request by its age without trusting an unsigned header.
 */
export const signatureOf = (secret: string, timestamp: number, body: string): string =>
  `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
