/**
 * Visits every member once per period, spread evenly: the period is cut into `turns`, members join
 * the turns in rotation, and each tick visits one turn's members. Periodic work over every socket
 * (protocol pings, agents' HEART_BEAT events) done in one loop held the event loop for as long as
 * the whole set took (a second for 18,000 sockets), and every request arriving meanwhile waited.
 */
export class Rotation<T> {
  private readonly turns: Set<T>[];
  private readonly turnOf = new Map<T, number>();
  private joining = 0;
  private turn = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(periodMs: number, turns: number, private readonly visit: (member: T) => void) {
    this.turns = Array.from({ length: turns }, () => new Set<T>());
    this.timer = setInterval(() => this.tick(), periodMs / turns);
    this.timer.unref();
  }

  get size(): number {
    return this.turnOf.size;
  }

  add(member: T): void {
    if (this.turnOf.has(member)) return;
    const t = this.joining;
    this.joining = (this.joining + 1) % this.turns.length;
    this.turns[t].add(member);
    this.turnOf.set(member, t);
  }

  delete(member: T): void {
    const t = this.turnOf.get(member);
    if (t === undefined) return;
    this.turns[t].delete(member);
    this.turnOf.delete(member);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    const due = this.turns[this.turn];
    this.turn = (this.turn + 1) % this.turns.length;
    for (const member of due) this.visit(member);
  }
}
