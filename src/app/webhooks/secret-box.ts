import crypto from 'node:crypto';

/**
 * Webhook secrets are stored sealed (AES-256-GCM) with a key derived from the server secret: the
 * dispatcher needs the secret itself to sign (a hash would not do), and a copy of the database
 * alone must not let anyone forge deliveries when PARLEY_SECRET is set outside the database.
 * Changing PARLEY_SECRET makes sealed secrets unreadable: deliveries then fail with a message
 * saying so until the webhook's secret is rotated (UpdateWebhook with RotateSecret).
 */
const VERSION = 'v1';

const keyOf = (serverSecret: string): Buffer => crypto.createHmac('sha256', serverSecret).update('webhook-secret-key').digest();

/** `nonce` must be fresh random bytes (at least 12; the first 12 are used). */
export function sealSecret(serverSecret: string, plain: string, nonce: Buffer): string {
  const iv = nonce.subarray(0, 12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyOf(serverSecret), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv, data, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** The secret, or null when it was sealed with another server secret (or is damaged). */
export function openSecret(serverSecret: string, sealed: string): string | null {
  const [version, iv, data, tag] = sealed.split('.');
  if (version !== VERSION || !iv || !data || !tag) return null;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', keyOf(serverSecret), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
