import { useEffect, useState } from 'react';
import { ApiError } from '../api/http';
import { useConsole } from '../context';
import { openLiveStream, type LiveBoard } from './metrics-api';
import { SseParser } from './sse';

export interface LiveState {
  board?: LiveBoard;
  /** `live` once a board arrived on the current connection; `reconnecting` keeps the last board shown. */
  status: 'connecting' | 'live' | 'reconnecting';
  /** Why the last connection failed, when the server said so. */
  error?: unknown;
}

/** The server pushes at least every 5 s: this long without a byte means the connection is dead (a proxy, a sleeping laptop). */
const SILENCE_MS = 15_000;
const MAX_BACKOFF_MS = 15_000;

const delay = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * The live queue board, kept up to date by the server's stream (GET /metrics/live/{InstanceId}),
 * reconnecting with a growing delay when it breaks. A refused session stops it and sends the
 * console back to the login (onError); any other failure is shown and retried.
 */
export function useLiveBoard(): LiveState {
  const { api, onError } = useConsole();
  const [state, setState] = useState<LiveState>({ status: 'connecting' });
  useEffect(() => {
    const stop = new AbortController();
    const connect = async () => {
      const parser = new SseParser();
      // A connection that delivered a board was healthy: the next attempt starts without backoff.
      let received = false;
      const conn = new AbortController();
      const abort = () => conn.abort();
      stop.signal.addEventListener('abort', abort);
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(abort, SILENCE_MS);
      };
      try {
        const reader = (await openLiveStream(api, conn.signal)).getReader();
        const decoder = new TextDecoder();
        arm();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          arm();
          for (const e of parser.feed(decoder.decode(value, { stream: true }))) {
            if (e.event === 'board') {
              received = true;
              setState({ board: JSON.parse(e.data) as LiveBoard, status: 'live' });
            }
            if (e.event === 'error') {
              const err = JSON.parse(e.data) as { __type: string; message: string };
              throw new ApiError(err.__type === 'AccessDeniedException' ? 403 : 500, err.__type, err.message);
            }
          }
        }
        return { ok: received, retry: parser.retry };
      } catch (e) {
        if (e instanceof ApiError) onError(e);
        if (e instanceof ApiError && e.sessionEnded) stop.abort();
        else if (!stop.signal.aborted) setState((s) => ({ ...s, status: 'reconnecting', error: e instanceof ApiError ? e : undefined }));
        return { ok: received, retry: parser.retry };
      } finally {
        clearTimeout(watchdog);
        stop.signal.removeEventListener('abort', abort);
      }
    };
    void (async () => {
      let failures = 0;
      while (!stop.signal.aborted) {
        const { ok, retry } = await connect();
        if (stop.signal.aborted) return;
        setState((s) => (s.status === 'reconnecting' ? s : { ...s, status: 'reconnecting' }));
        failures = ok ? 0 : failures + 1;
        await delay(Math.min((retry ?? 2000) * Math.max(1, failures), MAX_BACKOFF_MS), stop.signal);
      }
    })();
    return () => stop.abort();
  }, [api, onError]);
  return state;
}
