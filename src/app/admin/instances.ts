import { notFound } from '../../core/errors.js';
import type { Tx } from '../../adapters/store/db.js';
import { instanceIdFromRef } from '../arn.js';

/** The instance named by an id or ARN, or NOT_FOUND. */
export async function requireInstance(db: Tx, ref: string) {
  const id = instanceIdFromRef(ref);
  const row = await db.selectFrom('instances').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Instance', ref, 'INSTANCE');
  return row;
}
