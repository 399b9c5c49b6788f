import { useCallback, useState } from 'react';
import { useConsole } from '../context';

export interface Action {
  busy: boolean;
  error: unknown;
  /** Runs a change; its error (if any) is kept for the form to announce. Resolves true on success. */
  run: (fn: () => Promise<unknown>) => Promise<boolean>;
  clear: () => void;
}

/** The state of one write (submit, delete): busy while it runs, its error afterwards. */
export function useAction(): Action {
  const { onError } = useConsole();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(
    async (fn: () => Promise<unknown>) => {
      setBusy(true);
      setError(null);
      try {
        await fn();
        return true;
      } catch (e) {
        onError(e);
        setError(e);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [onError],
  );
  return { busy, error, run, clear: useCallback(() => setError(null), []) };
}
