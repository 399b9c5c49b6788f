import type { Config } from '../config.js';
import type { Clock, Ids } from '../core/ports.js';
import type { Bot } from '../core/flow/bot.js';
import type { BlobStore } from '../adapters/blob/fs-blob-store.js';
import type { Bus } from '../adapters/bus/local-bus.js';
import type { Db } from '../adapters/store/db.js';

/** Everything a use case may touch, passed explicitly from the composition root. */
export interface Deps {
  config: Readonly<Config>;
  db: Db;
  clock: Clock;
  ids: Ids;
  bus: Bus;
  blobs: BlobStore;
  /** Server secret for signed URLs and pagination tokens (generated once, kept in the store). */
  secret: string;
  timers: TimerWake;
  /** Wakes the router after a commit that may let a contact be offered (queued, agent available, slot freed). */
  routing: TimerWake;
  /** Answers ConnectParticipantWithLexBot conversations. */
  bot: Bot;
  /** Contact records: `catchUp` resolves once every contact event logged so far is folded into its record. */
  records: { catchUp(): Promise<void> };
}

/** Lets a writer tell the scheduler that an earlier timer may now exist. */
export interface TimerWake {
  /** `dueAt` (domain ms): when the timer written is due, so a wake that would find nothing new can be skipped. */
  wake(dueAt?: number): void;
}
