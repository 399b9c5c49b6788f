import { describe, expect, it } from 'vitest';
import type { StoredItem } from '../core/chat/items.js';
import { RecentItems } from './recent-items.js';

const item = (seq: number): StoredItem => ({
  chatId: 'c',
  seq,
  id: `i${seq}`,
  contactId: 'k',
  type: 'MESSAGE',
  contentType: 'text/plain',
  content: `m${seq}`,
  participantId: 'p',
  role: 'CUSTOMER',
  displayName: 'Customer',
  at: 1000 + seq,
  inTranscript: true,
  attachments: null,
  metadata: null,
});
const seqs = (items: StoredItem[] | null) => items?.map((it) => it.seq) ?? null;

describe('RecentItems: when a hub may send without reading the store', () => {
  it('serves a socket at seq 3 with items 4 and 5 once both are held and 5 is announced', () => {
    const r = new RecentItems();
    r.add('c', [item(4)]);
    r.add('c', [item(5)]);
    r.announce('c', 5);
    expect(seqs(r.after('c', 3))).toEqual([4, 5]);
    // A socket already at 5 has nothing to get; one at 4 gets 5 alone.
    expect(r.after('c', 5)).toEqual([]);
    expect(seqs(r.after('c', 4))).toEqual([5]);
  });

  it('reads the store when nothing was announced yet, or when an item in between was written elsewhere', () => {
    const r = new RecentItems();
    r.add('c', [item(4)]);
    // Never announced: the hub cannot know how far the chat is.
    expect(r.after('c', 3)).toBeNull();
    // 5 was written by another writer (a flow, another node), 6 by this node: 4…6 has a hole.
    r.add('c', [item(6)]);
    r.announce('c', 6);
    expect(r.after('c', 3)).toBeNull();
    // A socket behind the oldest item held (seq 1 wants 2 and 3) reads the store too.
    expect(r.after('c', 1)).toBeNull();
  });

  it('sends only up to the announced sequence: an item held but not announced waits for its announcement', () => {
    const r = new RecentItems();
    r.add('c', [item(4), item(5)]);
    r.announce('c', 4);
    expect(seqs(r.after('c', 3))).toEqual([4]);
    r.announce('c', 5);
    expect(seqs(r.after('c', 4))).toEqual([5]);
    // An older announcement arriving late moves nothing back.
    r.announce('c', 3);
    expect(seqs(r.after('c', 4))).toEqual([5]);
  });

  it('drops what every socket was sent, and keeps the last 64 items at most', () => {
    const r = new RecentItems();
    r.add('c', [item(1), item(2), item(3)]);
    r.announce('c', 3);
    r.sent('c', 2);
    expect(r.after('c', 1)).toBeNull();
    expect(seqs(r.after('c', 2))).toEqual([3]);
    const many = Array.from({ length: 100 }, (_, i) => item(4 + i));
    r.add('c', many);
    r.announce('c', 103);
    // 103 - 64 = 39: items 40…103 are held, so a socket at 39 is served and one at 38 is not.
    expect(seqs(r.after('c', 39))).toHaveLength(64);
    expect(r.after('c', 38)).toBeNull();
    r.forget('c');
    expect(r.after('c', 102)).toBeNull();
  });
});
