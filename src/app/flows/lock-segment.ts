import type { StoreCapabilities, Tx } from '../../adapters/store/db.js';

/**
 * Locks a segment for its flow: the chat's row first, then the contact's. Every writer takes them
 * in this order (a customer message locks the chat to append, then reaches the flow; the runner
 * appends flow messages and ends chats), so two transactions on PostgreSQL never hold one each
 * while waiting for the other (a deadlock, one of them aborted). No-op updates take the row
 * locks. On a single-writer store (`store` given and `singleWriter`) the transaction holds the
 * whole store already, so the two statements would lock nothing more and are skipped.
 */
export async function lockSegment(tx: Tx, contactId: string, store?: StoreCapabilities): Promise<void> {
  if (store?.singleWriter) return;
  await tx
    .updateTable('chats')
    .set((eb) => ({ last_seq: eb.ref('last_seq') }))
    .where('id', '=', (eb) => eb.selectFrom('contacts').select('chat_id').where('id', '=', contactId))
    .execute();
  await tx.updateTable('contacts').set((eb) => ({ flow_state: eb.ref('flow_state') })).where('id', '=', contactId).execute();
}
