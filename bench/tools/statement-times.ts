import fs from 'node:fs';
import SqliteDatabase from 'better-sqlite3';

/**
 * A Parley bench server (bench/server-entry.ts) that also times every SQLite statement it runs, for
 * ab-message.ts and ab-start.ts: `name=bench/tools/statement-times.ts`. Every 4 s it appends to
 * STATEMENT_TIMES_FILE (default /tmp/parley-statement-times-<pid>.txt) the statements' wall time per
 * unit of work, a unit being one execution of the statement whose SQL starts with
 * STATEMENT_TIMES_UNIT (default: an item insert, i.e. a message; `insert into "chats"` for chat
 * starts), with the batches per commit, the main thread's and the other threads' CPU per unit, and
 * the WAL frames written per batch. Timing costs a little itself; compare with care.
 */
const unit = process.env.STATEMENT_TIMES_UNIT ?? 'insert into "items"';
const file = process.env.STATEMENT_TIMES_FILE ?? `/tmp/parley-statement-times-${process.pid}.txt`;
const LINES = Number(process.env.STATEMENT_TIMES_LINES ?? 12);

const probe = new SqliteDatabase(':memory:');
const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...a: unknown[]) => unknown>;
probe.close();
const times = new Map<string, { n: number; us: number }>();
let units = 0;
let commits = 0;
for (const method of ['run', 'get', 'all', 'iterate']) {
  const original = proto[method];
  proto[method] = function (this: { source: string }, ...args: unknown[]) {
    const t0 = process.hrtime.bigint();
    try {
      return original.apply(this, args);
    } finally {
      const us = Number(process.hrtime.bigint() - t0) / 1000;
      const sql = this.source.replace(/\s+/g, ' ').slice(0, 110);
      if (sql.startsWith(unit)) units++;
      if (sql === 'commit') commits++;
      const t = times.get(sql) ?? { n: 0, us: 0 };
      t.n++;
      t.us += us;
      times.set(sql, t);
    }
  };
}

/** CPU µs of each thread of this process (the main thread's id is the pid). */
const threadCpu = () =>
  fs.readdirSync('/proc/self/task').map((tid) => {
    const fields = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { main: Number(tid) === process.pid, us: (Number(fields[11]) + Number(fields[12])) * 10_000 };
  });
const walSize = () => {
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    const target = (() => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })();
    if (target.endsWith('.db-wal')) return fs.statSync(target).size;
  }
  return 0;
};

let last = { main: 0, others: 0, wal: 0 };
setInterval(() => {
  const cpu = threadCpu();
  const now = { main: cpu.filter((t) => t.main).reduce((a, t) => a + t.us, 0), others: cpu.filter((t) => !t.main).reduce((a, t) => a + t.us, 0), wal: walSize() };
  if (units) {
    const per = (x: number) => (x / units).toFixed(1);
    const lines = [
      `${new Date().toISOString()} ${units} units, ${(units / commits).toFixed(1)} per commit; CPU per unit: main thread ${per(now.main - last.main)} µs, other threads ${per(now.others - last.others)} µs; WAL frames per commit ${((now.wal - last.wal) / 4120 / commits).toFixed(1)} (WAL ${(now.wal / 1e6).toFixed(0)} MB)`,
    ];
    for (const [sql, t] of [...times].sort((a, b) => b[1].us - a[1].us).slice(0, LINES))
      lines.push(`${per(t.us).padStart(8)} µs/unit ${(t.us / t.n).toFixed(1).padStart(8)} µs/run ${(t.n / units).toFixed(2).padStart(6)} runs/unit  ${sql}`);
    fs.appendFileSync(file, `${lines.join('\n')}\n`);
  }
  last = now;
  times.clear();
  units = 0;
  commits = 0;
}, 4000).unref();

await import('../server-entry.js');
