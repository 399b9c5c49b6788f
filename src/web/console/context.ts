import { createContext, useContext } from 'react';
import type { ConnectApi } from './api/connect-api';
import type { ConsoleSession } from './session';

export interface ConsoleContextValue {
  api: ConnectApi;
  session: ConsoleSession;
  /** Admin sessions may write; Supervisor sessions only read, and see no write controls. */
  canWrite: boolean;
  /** Called with any error of a call: a refused session sends the user back to the login. */
  onError: (e: unknown) => void;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

/** The logged-in console's API and permissions; only used below the shell. */
export function useConsole(): ConsoleContextValue {
  const c = useContext(ConsoleContext);
  if (!c) throw new Error('useConsole outside the console shell');
  return c;
}
