import type { Updateable } from 'kysely';
import type { Tx } from '../../adapters/store/db.js';
import type { Database } from '../../adapters/store/schema.js';

type ContactUpdate = Updateable<Database['contacts']>;

/**
 * Column values a run of a flow has set on its contact row and not written yet: a run sets the
 * hooks, the working queue, the queue and its flow's state one block after another, and writes
 * them in one statement rather than four. Later values replace earlier ones, as the updates
 * would have. Whoever is about to read the contact row in SQL, or to change it with an
 * expression of its own columns, writes what is pending first (`write`); every run ends by
 * writing its flow's state with it.
 */
export class PendingContact {
  private values: ContactUpdate = {};

  constructor(private readonly contactId: string) {}

  set(values: ContactUpdate): void {
    Object.assign(this.values, values);
  }

  /** Writes what is pending, with `more` in the same statement. */
  async write(tx: Tx, more: ContactUpdate = {}): Promise<void> {
    const values = { ...this.values, ...more };
    this.values = {};
    if (Object.keys(values).length) await tx.updateTable('contacts').set(values).where('id', '=', this.contactId).execute();
  }
}
