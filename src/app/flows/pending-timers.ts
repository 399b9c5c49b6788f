import { precompiled } from '../../adapters/store/compiled.js';
import type { Tx } from '../../adapters/store/db.js';

export type Timer = { kind: string; target: string; dueAt: number };

/** Sets a durable timer (a flow's: a parked flow has one at a time), moving it if it exists. */
export const setTimer = precompiled((db, p: Timer) =>
  db
    .insertInto('timers')
    .values({ kind: p.kind, target: p.target, due_at: p.dueAt, lease_until: 0 })
    .onConflict((oc) => oc.columns(['kind', 'target']).doUpdateSet({ due_at: p.dueAt, lease_until: 0 })),
);

/** setTimer for two timers at once (a chat start's deadline and the Wait its flow parks on). */
const setTwoTimers = precompiled((db, p: { kind0: string; target0: string; dueAt0: number; kind1: string; target1: string; dueAt1: number }) =>
  db
    .insertInto('timers')
    .values([
      { kind: p.kind0, target: p.target0, due_at: p.dueAt0, lease_until: 0 },
      { kind: p.kind1, target: p.target1, due_at: p.dueAt1, lease_until: 0 },
    ])
    .onConflict((oc) => oc.columns(['kind', 'target']).doUpdateSet((eb) => ({ due_at: eb.ref('excluded.due_at'), lease_until: 0 }))),
);

/**
 * Timers a run has set and not written yet: written when the run stops, two in one statement. No
 * run reads the timers table, and a timer set in a run is not cleared later in the same run (a
 * run stops where it parks), so only the latest of each (kind, target) matters.
 */
export class PendingTimers {
  private readonly timers = new Map<string, Timer>();

  constructor(first: Timer[] = []) {
    for (const t of first) this.set(t);
  }

  set(t: Timer): void {
    this.timers.set(`${t.kind}\u0000${t.target}`, t);
  }

  async write(tx: Tx): Promise<void> {
    const timers = [...this.timers.values()];
    this.timers.clear();
    for (let i = 0; i < timers.length; i += 2) {
      const [a, b] = timers.slice(i, i + 2);
      if (b) await setTwoTimers.defer(tx, { kind0: a.kind, target0: a.target, dueAt0: a.dueAt, kind1: b.kind, target1: b.target, dueAt1: b.dueAt });
      else await setTimer.defer(tx, a);
    }
  }
}
