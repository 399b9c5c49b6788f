import type { Writable } from 'node:stream';

/**
 * Paces pushes of a changing state (the live board) to a reader that may be slower than the
 * changes: a push waits for the previous one to be handled (pushes stay in order), and while the
 * connection's buffer is full (`writableNeedDrain`) it is not written but kept as owed, only the
 * latest one, and written on 'drain'. A stalled reader then costs one buffered state, never a
 * backlog of stale ones. `send` writes a value (it may first check something asynchronously);
 * the returned promise of a push settles once that push was handled, sent or skipped.
 */
export function latestOnly<T>(out: Writable, send: (value: T) => void | Promise<void>): (value: T) => Promise<void> {
  let chain = Promise.resolve();
  let owed: { value: T } | null = null;
  const push = (value: T): Promise<void> => {
    chain = chain
      .then(async () => {
        if (out.writableEnded || out.destroyed) return;
        if (out.writableNeedDrain) {
          owed = { value };
          return;
        }
        await send(value);
      })
      // A failed send leaves the stream in an unknown state: end it (an SSE client reconnects).
      .catch(() => void out.destroy());
    return chain;
  };
  out.on('drain', () => {
    if (!owed) return;
    const { value } = owed;
    owed = null;
    void push(value);
  });
  return push;
}
