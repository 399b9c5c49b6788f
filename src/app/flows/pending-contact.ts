import type { Updateable } from 'kysely';
import { precompiled, type Precompiled } from '../../adapters/store/compiled.js';
import type { Tx } from '../../adapters/store/db.js';
import type { Database } from '../../adapters/store/schema.js';
import { insertSegmentRow } from '../chat/insert-segment.js';
import type { ContactRow } from '../chat/chat-records.js';

type ContactUpdate = Updateable<Database['contacts']>;
type UpdateParams = Record<string, unknown> & { contactId: string };

/** One update per set of columns, built once per dialect (compiled.ts): runs set the same few sets again and again. */
const updates = new Map<string, Precompiled<UpdateParams, unknown>>();

function updateOf(columns: string[]): Precompiled<UpdateParams, unknown> {
  const key = columns.join(',');
  let q = updates.get(key);
  if (!q) {
    q = precompiled((db, p: UpdateParams) =>
      db
        .updateTable('contacts')
        .set(Object.fromEntries(columns.map((c) => [c, p[c]])) as ContactUpdate)
        .where('id', '=', p.contactId),
    );
    updates.set(key, q);
  }
  return q;
}

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

  /**
   * `unwritten`: the row of a segment made in this transaction and not inserted yet (a chat
   * start's): the first write inserts it with what is pending, one statement instead of two.
   */
  constructor(
    private readonly contactId: string,
    private unwritten: ContactRow | null = null,
  ) {}

  set(values: ContactUpdate): void {
    Object.assign(this.values, values);
  }

  /** Writes what is pending, with `more` in the same statement. */
  async write(tx: Tx, more: ContactUpdate = {}): Promise<void> {
    // An undefined value sets nothing, as in Kysely's set().
    const values = Object.fromEntries(Object.entries({ ...this.values, ...more }).filter(([, v]) => v !== undefined)) as ContactUpdate;
    this.values = {};
    if (this.unwritten) {
      const row = { ...this.unwritten, ...values } as ContactRow;
      this.unwritten = null;
      await insertSegmentRow(tx, row);
      return;
    }
    const columns = Object.keys(values).sort();
    if (columns.length) await updateOf(columns).defer(tx, { ...values, contactId: this.contactId });
  }
}
