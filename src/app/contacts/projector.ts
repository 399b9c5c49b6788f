import type { Tx } from '../../adapters/store/db.js';
import type { LoggedContactEvent } from '../../core/contact/events.js';
import type { Deps } from '../deps.js';
import { SingleFlight } from '../single-flight.js';
import { loggedEvent, onContactEvents } from './events.js';
import { saveRecord } from './records.js';

/** Events handled per transaction: bounds how long one projector write holds the writer. */
const BATCH = 200;

/** Another consumer of the contact event log, called in the projector's transaction (no outside I/O). */
export type EventConsumer = (tx: Tx, events: LoggedContactEvent[]) => Promise<void>;

/**
 * Folds the contact event log into contact records and hands each event to the consumers
 * (webhooks), batch by batch, marking events done in the same transaction: a crash before the
 * commit leaves them pending, so they are handled again (records are rewritten whole, consumers
 * are idempotent). Woken after every commit that logs an event; readers that need every record
 * up to date (historical metrics, searches of ended contacts) call `catchUp` first.
 */
export class Projector {
  private readonly flight = new SingleFlight(() => this.drain());

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'config'>,
    private readonly consumers: EventConsumer[],
    private readonly onError: (e: unknown) => void,
  ) {
    onContactEvents(() => this.wake());
  }

  wake(): void {
    this.flight.wake();
  }

  /** Resolves when every event logged before the call has been handled. */
  async catchUp(): Promise<void> {
    this.flight.wake();
    await this.flight.idle();
  }

  stop(): Promise<void> {
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
      let q = tx.selectFrom('contact_events').select(['seq', 'contact_id', 'type', 'at', 'detail']).where('done', '=', 0).orderBy('seq').limit(BATCH);
      // Several nodes: each takes batches the others have not locked.
      if (db.capabilities.skipLocked) q = q.forUpdate().skipLocked();
      const rows = await q.execute();
      if (!rows.length) return 0;
      const events = rows.map(loggedEvent);
      for (const contactId of new Set(events.map((e) => e.contactId))) await saveRecord(tx, config, contactId);
      for (const consume of this.consumers) await consume(tx, events);
      await tx.updateTable('contact_events').set({ done: 1 }).where('seq', 'in', events.map((e) => e.seq)).execute();
      return rows.length;
    });
  }
}
