import { useEffect, useRef, type ReactNode } from 'react';
import { ErrorMessage } from './error-message';

/**
 * A page of the console: its heading takes the focus when the page opens, so a screen reader
 * announces where a navigation landed.
 */
export function Page({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Parley console`;
    ref.current?.focus();
  }, [title]);
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title" tabIndex={-1} ref={ref}>
          {title}
        </h1>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** What a page shows before its data arrives, or when loading failed. */
export function Pending({ error, what }: { error: unknown; what: string }) {
  if (error) return <ErrorMessage error={error} title={`Could not load the ${what}.`} />;
  return (
    <p className="muted" role="status">
      Loading the {what}…
    </p>
  );
}
