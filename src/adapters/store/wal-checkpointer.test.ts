import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { WalCheckpointer } from './wal-checkpointer.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-wal-'));
  dirs.push(dir);
  return path.join(dir, 'test.db');
}

/** How many times the WAL has started over: its header's checkpoint sequence number. */
function walRestarts(file: string): number {
  const fd = fs.openSync(`${file}-wal`, 'r');
  try {
    const header = Buffer.alloc(16);
    fs.readSync(fd, header, 0, 16, 0);
    return header.readUInt32BE(12);
  } finally {
    fs.closeSync(fd);
  }
}

it('starts the WAL over under writes that never pause, holding them back only for the last pass, and loses nothing', async () => {
  const file = tempFile();
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('create table t (id integer primary key, v blob not null)');
  const insert = db.prepare('insert into t (v) values (randomblob(3000))');
  const write = db.transaction(() => {
    insert.run();
    insert.run();
  });
  const failures: string[] = [];
  const checkpointer = new WalCheckpointer(file, (reason) => failures.push(reason), { writesPerCheckpoint: 5, restartAtPages: 40 });
  let writes = 0;
  const first = walRestarts(file);
  // As the store's writer does: wait where told to, write, count. Until the WAL started over three times.
  while (walRestarts(file) < first + 3) {
    const held = checkpointer.beforeWrite();
    if (held) await held;
    write();
    writes++;
    checkpointer.committed(1);
    await new Promise((r) => setImmediate(r));
  }
  await checkpointer.close();
  expect(failures).toEqual([]);
  expect((db.prepare('select count(*) as n from t').get() as { n: number }).n).toBe(2 * writes);
  db.close();
  // Everything reached the database file: it opens with all rows and no WAL left to replay.
  const again = new SqliteDatabase(file, { readonly: true });
  expect((again.prepare('select count(*) as n from t').get() as { n: number }).n).toBe(2 * writes);
  again.close();
});

it('hands checkpoints back to SQLite when its thread cannot work', async () => {
  const failed = new Promise<string>((resolve) => {
    const checkpointer = new WalCheckpointer(path.join(tempFile(), 'no-such-dir', 'test.db'), resolve, { writesPerCheckpoint: 1, restartAtPages: 1 });
    checkpointer.committed(1);
  });
  expect(await failed).toMatch(/WAL checkpoint/);
});
