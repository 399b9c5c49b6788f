import { useCallback, useEffect, useState } from 'react';
import { useConsole } from '../context';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  /** Loads again (after a change), keeping the current data shown meanwhile. */
  reload: () => void;
}

/**
 * Loads data for a page when it shows and whenever `key` changes. An answer that arrives after a
 * newer load started is dropped, so a slow answer never overwrites a fresher one.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const { onError } = useConsole();
  const [state, setState] = useState<{ data?: T; error?: unknown }>({});
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data }),
      (error: unknown) => {
        if (!live) return;
        onError(error);
        setState((s) => ({ data: s.data, error }));
      },
    );
    return () => {
      live = false;
    };
    // `load` is a new closure each render; `key` and `round` say when to load again.
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data: state.data, error: state.error, reload };
}
