import { aggregateCurrent, type CurrentRow } from '../../core/metrics/current.js';
import { BOARD_METRICS, type BoardFigures, type LiveBoard } from '../../core/metrics/live-board.js';
import { epochSeconds } from '../../core/time.js';
import { subscribeContactEvents } from '../contacts/events.js';
import type { Deps } from '../deps.js';
import { readLiveSnapshot } from './live-snapshot.js';

/** OLDEST_CONTACT_AGE in whole seconds everywhere (GetCurrentMetricData gives ms without groupings). */
const figures = (r: CurrentRow): BoardFigures =>
  Object.fromEntries(BOARD_METRICS.map((m) => [m, m === 'OLDEST_CONTACT_AGE' ? Math.floor(r.values[m] / 1000) : r.values[m]])) as BoardFigures;

/** The board of an instance now: one snapshot read, aggregated per queue and in total over CHAT and TASK. */
export async function liveBoard(deps: Pick<Deps, 'db' | 'config' | 'clock'>, instanceId: string): Promise<LiveBoard> {
  const now = deps.clock.now();
  const snapshot = await readLiveSnapshot(deps.db.kysely, deps.config, instanceId, now);
  const byQueue = aggregateCurrent(snapshot, { groupings: ['QUEUE'] });
  const [total] = aggregateCurrent(snapshot, { groupings: [] });
  return {
    InstanceId: instanceId,
    DataSnapshotTime: epochSeconds(now),
    Queues: byQueue.map((r) => ({ Id: r.queue!.id, Arn: r.queue!.arn, Name: r.queue!.name, Metrics: figures(r) })),
    Totals: figures(total),
  };
}

/** At most one push per second per instance, however many changes arrive. */
export const MIN_PUSH_GAP_MS = 1000;
/** A push at least this often regardless: changes made by other nodes reach no local listener. */
export const REFRESH_MS = 5000;

type Watcher = (board: LiveBoard) => void;
interface Entry {
  watchers: Set<Watcher>;
  lastPush: number;
  pending?: ReturnType<typeof setTimeout>;
  refresh: ReturnType<typeof setInterval>;
  /** Reads started and the latest delivered: a slow read never overwrites a newer board. */
  reads: number;
  delivered: number;
}

/**
 * Fans the board of each watched instance out to its watchers. A change (an agent's state on the
 * bus, a contact event committed, a jump of a simulated clock) marks every watched instance
 * dirty: the bus does not say which instance an agent belongs to, and one extra read per second
 * is cheaper than finding out. Each instance is read once per push, whatever its watcher count.
 * Throttling and the refresh use real timers: they pace a transport, not domain time.
 */
export class LiveBoardHub {
  private readonly instances = new Map<string, Entry>();
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly deps: Deps,
    private readonly onError: (e: unknown) => void,
  ) {
    // Clock listeners cannot be removed: the hub registers one for its whole life (one hub per deps).
    deps.clock.onJump(() => this.changed());
  }

  /** Sends the board to `watcher` now, then on every change and refresh, until the returned function is called. */
  watch(instanceId: string, watcher: Watcher): () => void {
    if (!this.instances.size) this.unsubscribe = [this.deps.bus.subscribeAgents(() => this.changed()), subscribeContactEvents(() => this.changed())];
    let entry = this.instances.get(instanceId);
    if (!entry) {
      const refresh = setInterval(() => this.schedule(instanceId), REFRESH_MS);
      refresh.unref();
      this.instances.set(instanceId, (entry = { watchers: new Set(), lastPush: 0, refresh, reads: 0, delivered: 0 }));
    }
    entry.watchers.add(watcher);
    void this.read(instanceId).then((b) => b && entry.watchers.has(watcher) && watcher(b));
    return () => {
      entry.watchers.delete(watcher);
      if (entry.watchers.size) return;
      clearInterval(entry.refresh);
      clearTimeout(entry.pending);
      this.instances.delete(instanceId);
      if (!this.instances.size) for (const u of this.unsubscribe.splice(0)) u();
    };
  }

  private changed(): void {
    for (const id of this.instances.keys()) this.schedule(id);
  }

  /** Pushes now, or once the gap since the last push has passed; changes meanwhile join that push. */
  private schedule(instanceId: string): void {
    const entry = this.instances.get(instanceId);
    if (!entry || entry.pending) return;
    const wait = Math.max(0, entry.lastPush + MIN_PUSH_GAP_MS - Date.now());
    entry.pending = setTimeout(() => {
      entry.pending = undefined;
      entry.lastPush = Date.now();
      const n = ++entry.reads;
      void this.read(instanceId).then((b) => {
        if (!b || n < entry.delivered) return;
        entry.delivered = n;
        for (const w of entry.watchers) w(b);
      });
    }, wait);
  }

  private async read(instanceId: string): Promise<LiveBoard | null> {
    try {
      return await liveBoard(this.deps, instanceId);
    } catch (e) {
      this.onError(e);
      return null;
    }
  }
}

const hubs = new WeakMap<Deps, LiveBoardHub>();

/** The one hub of a server (its deps). */
export function liveBoardHub(deps: Deps, onError: (e: unknown) => void): LiveBoardHub {
  let hub = hubs.get(deps);
  if (!hub) hubs.set(deps, (hub = new LiveBoardHub(deps, onError)));
  return hub;
}
