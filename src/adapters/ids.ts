import crypto from 'node:crypto';
import type { Ids } from '../core/ports.js';

export const randomIds: Ids = {
  uuid: () => crypto.randomUUID(),
  token: () => crypto.randomBytes(32).toString('base64url'),
};

/** Tokens are stored only as this hash, so a copy of the database grants no access. */
export const hashToken = (token: string): string => crypto.createHash('sha256').update(token).digest('base64url');
