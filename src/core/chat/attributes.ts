import { invalidParameter } from '../errors.js';

/** Contact attribute rules (spec §2): keys alphanumeric, '-' or '_'; at most 32,768 UTF-8 bytes in all. */
export const ATTRIBUTES_MAX_BYTES = 32_768;
const KEY = /^[A-Za-z0-9_-]{1,32767}$/;

/** Throws INVALID_PARAMETER with the offending key. Pure. */
export function checkAttributes(attributes: Record<string, unknown>, what = 'Attributes'): void {
  for (const [k, v] of Object.entries(attributes)) {
    if (!KEY.test(k)) throw invalidParameter(`${what}: key "${k.slice(0, 64)}" may only contain letters, digits, '-' and '_'`);
    if (typeof v !== 'string') throw invalidParameter(`${what}: value of "${k}" must be a string`);
  }
}

/** Merged size of a contact's attributes in UTF-8 bytes (keys and values). */
export function attributesBytes(attributes: Record<string, string>): number {
  let n = 0;
  for (const [k, v] of Object.entries(attributes)) n += Buffer.byteLength(k) + Buffer.byteLength(v);
  return n;
}

export function checkAttributesSize(attributes: Record<string, string>): void {
  const bytes = attributesBytes(attributes);
  if (bytes > ATTRIBUTES_MAX_BYTES)
    throw invalidParameter(`Attributes are ${bytes} bytes; a contact may hold at most ${ATTRIBUTES_MAX_BYTES} bytes`);
}
