import { useEffect, useState } from 'react';

/** The console's base path (scripts/build-web.mjs builds it for /admin/). */
export const BASE = '/admin';

/** The path inside the console, e.g. `/queues/abc`, from the address bar. */
export const currentPath = () => {
  const p = window.location.pathname;
  return (p.startsWith(BASE) ? p.slice(BASE.length) : p) || '/';
};

const listeners = new Set<() => void>();

/** Goes to a console path (adds a history entry, so Back works). */
export function navigate(path: string): void {
  window.history.pushState(null, '', BASE + path);
  for (const l of listeners) l();
}

/** The current console path, updated on navigate() and on Back/Forward. */
export function usePath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = () => setPath(currentPath());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** `/flows/abc` against `/flows/:id` → { id: 'abc' }, or null when the path does not match. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/');
  const b = path.replace(/\/$/, '').split('/');
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(':')) params[a[i].slice(1)] = decodeURIComponent(b[i]);
    else if (a[i] !== b[i]) return null;
  }
  return params;
}
