import { useEffect, useRef } from 'react';
import { ApiError } from '../api/http';

/** A readable line for an error of a call: the server's message, prefixed by what kind of refusal it is. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    const kind: Record<string, string> = {
      DuplicateResourceException: 'Already exists',
      ResourceInUseException: 'In use',
      ResourceNotFoundException: 'Not found',
      InvalidParameterException: 'Invalid input',
      InvalidRequestException: 'Not allowed now',
      InvalidContactFlowException: 'The flow was refused',
      LimitExceededException: 'Limit reached',
      NetworkError: 'No connection',
    };
    return `${kind[e.type] ?? e.type}: ${e.message}`;
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * An error announced to assistive technology (role="alert") and focused when it appears, so a
 * keyboard user lands on it. A refused flow lists each of its problems.
 */
export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const problems = error instanceof ApiError ? error.problems : [];
  return (
    <div className="error" role="alert" tabIndex={-1} ref={ref}>
      {title && <strong>{title} </strong>}
      <span>{problems.length ? `${problems.length} problem${problems.length > 1 ? 's' : ''} found:` : describeError(error)}</span>
      {problems.length > 0 && (
        <ul className="problems">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
