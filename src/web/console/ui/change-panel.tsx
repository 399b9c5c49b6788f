import { useState, type FormEvent, type ReactNode } from 'react';
import { ErrorMessage } from './error-message';
import { useAction, type Action } from './use-action';

/** The state of a detail page's small update forms: one action, and which change was saved last. */
export interface Saves {
  action: Action;
  saved: string | undefined;
  /** A form's submit handler: runs `fn`, then announces "<what> saved." and reloads the page's data. */
  save: (what: string, fn: () => Promise<unknown>) => (e: FormEvent) => Promise<void>;
}

export function useSaves(onSaved: () => void): Saves {
  const action = useAction();
  const [saved, setSaved] = useState<string>();
  const save = (what: string, fn: () => Promise<unknown>) => async (e: FormEvent) => {
    e.preventDefault();
    setSaved(undefined);
    if (await action.run(fn)) {
      setSaved(`${what} saved.`);
      onSaved();
    }
  };
  return { action, saved, save };
}

/** The "Change" panel around update forms: the refusal announced on top, or what was saved. */
export function ChangePanel({ saves, children }: { saves: Saves; children: ReactNode }) {
  return (
    <div className="panel">
      <h2>Change</h2>
      <ErrorMessage error={saves.action.error} title="Not saved." />
      {saves.saved && (
        <p className="notice" role="status">
          {saves.saved}
        </p>
      )}
      {children}
    </div>
  );
}
