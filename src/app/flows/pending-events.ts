import type { Tx } from '../../adapters/store/db.js';
import type { ContactEvent } from '../../core/contact/events.js';
import { recordEvents } from '../contacts/events.js';

/**
 * Contact events a run of a flow has logged and not written yet (a chat start's INITIATED and
 * QUEUED): written together, in their order and with their own times, by one insert when the run
 * stops. Nothing in a run reads the event log, and whatever logs an event directly in the run's
 * transaction (the end of the chat) writes these first, so the log keeps their order.
 */
export class PendingEvents {
  private readonly events: { contact: { id: string; instance_id: string }; event: ContactEvent; at: number }[] = [];

  add(contact: { id: string; instance_id: string }, event: ContactEvent, at: number): void {
    this.events.push({ contact: { id: contact.id, instance_id: contact.instance_id }, event, at });
  }

  async write(tx: Tx): Promise<void> {
    if (!this.events.length) return;
    const events = this.events.splice(0);
    await recordEvents(tx, events[0].at, events);
  }
}
