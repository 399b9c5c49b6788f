import { precompiled } from '../../adapters/store/compiled.js';
import { afterCommit, type Tx } from '../../adapters/store/db.js';
import type { LoggedContactEvent } from '../../core/contact/events.js';
import type { Deps } from '../deps.js';
import { SingleFlight } from '../single-flight.js';
import { loggedEvent, onContactEvents } from './events.js';
import { InQuery } from '../../adapters/store/in-query.js';
import { saveRecords } from './save-records.js';

/** Events handled per transaction: bounds how long one projector write holds the writer. */
const BATCH = 200;
/** Looks for pending events this often anyway: after a failed batch, or events another node logged. */
const RETRY_MS = 1_000;

const pending = precompiled((db, p: { limit: number }) =>
  db.selectFrom('contact_events').select(['seq', 'contact_id', 'type', 'at', 'detail']).where('done', '=', 0).orderBy('seq').limit(p.limit),
);
const markDone = new InQuery((db, [seqs]) => db.updateTable('contact_events').set({ done: 1 }).where('seq', 'in', seqs as number[]));

/** Another consumer of the contact event log, called in the projector's transaction (no outside I/O). */
export type EventConsumer = (tx: Tx, events: LoggedContactEvent[]) => Promise<void>;

/**
 * Folds the contact event log into contact records and hands each event to the consumers
 * (webhooks), batch by batch, marking events done in the same transaction: a crash before the
 * commit leaves them pending, so they are handled again (records are rewritten whole, consumers
 * are idempotent). A batch is whatever is pending when it starts (under load, the events of
 * every commit made while the last batch ran): it reads the sources of all its contacts' records
 * together, a few statements whatever their number, and writes the records in one upsert. Woken
 * after every commit that logs an event; readers that need every record up to date (historical
 * metrics, searches of ended contacts) call `catchUp` first.
 */
export class Projector {
  private readonly flight = new SingleFlight(() => this.drain());
  private readonly ticker: NodeJS.Timeout;
  /** The row the projectors of several nodes lock exists (rows of settings are never deleted). */
  private lockRowMade = false;
  private wokeJustNow = false;

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'config'>,
    private readonly consumers: EventConsumer[],
    private readonly onError: (e: unknown) => void,
  ) {
    onContactEvents(() => this.wake());
    this.ticker = setInterval(() => this.wake(), RETRY_MS);
    this.ticker.unref();
  }

  /**
   * Folds what is pending. The wakes that follow within the same moment (a commit wakes once per
   * event it logged) are already served by the batch the first one asked for, which reads the
   * pending events only when its transaction runs: they would only add an empty batch.
   */
  wake(): void {
    if (this.wokeJustNow) return;
    this.wokeJustNow = true;
    queueMicrotask(() => (this.wokeJustNow = false));
    this.flight.wake();
  }

  /** Resolves when every event logged before the call has been handled. */
  async catchUp(): Promise<void> {
    this.flight.wake();
    await this.flight.idle();
  }

  stop(): Promise<void> {
    clearInterval(this.ticker);
    return this.flight.stop();
  }

  private async drain(): Promise<void> {
    try {
      while ((await this.batch()) === BATCH);
    } catch (e) {
      this.onError(e);
    }
  }

  private batch(): Promise<number> {
    const { db, config } = this.deps;
    return db.write(async (tx) => {
      // Several nodes: one projects at a time, so a contact's events are folded and handed to the
      // webhooks in their order, and no node writes a record older than another's.
      if (!db.capabilities.singleWriter) await this.lockProjection(tx);
      const rows = await pending.rows(tx, { limit: BATCH });
      if (!rows.length) return 0;
      const events = rows.map(loggedEvent);
      await saveRecords(tx, config, [...(await touched(tx, events))]);
      for (const consume of this.consumers) await consume(tx, events);
      await markDone.run(tx, events.map((e) => e.seq));
      return rows.length;
    });
  }

  private async lockProjection(tx: Tx): Promise<void> {
    const key = 'projector-lock';
    if (!this.lockRowMade) {
      await tx.insertInto('settings').values({ key, value: '' }).onConflict((oc) => oc.column('key').doNothing()).execute();
      afterCommit(tx, () => (this.lockRowMade = true));
    }
    await tx.selectFrom('settings').select('key').where('key', '=', key).forUpdate().execute();
  }
}

/** The segments whose records the events change: their own, and for contact data (attributes live on the chat) every segment of the chat. */
async function touched(tx: Tx, events: LoggedContactEvent[]): Promise<Set<string>> {
  const ids = new Set(events.map((e) => e.contactId));
  const updated = [...new Set(events.filter((e) => e.type === 'CONTACT_DATA_UPDATED').map((e) => e.contactId))];
  if (updated.length) {
    const chats = tx.selectFrom('contacts').select('chat_id').where('id', 'in', updated);
    for (const r of await tx.selectFrom('contacts').select('id').where('chat_id', 'in', chats).execute()) ids.add(r.id);
  }
  return ids;
}
