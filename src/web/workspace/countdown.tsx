import { useTick } from './use-stores';

/**
 * Seconds left until `expiresAt` (the server's time), counted on this browser's clock corrected
 * by `skewMs` (server minus browser, from the event socket), so a wrong local clock does not
 * shorten or stretch the offer.
 */
export function Countdown({ expiresAt, skewMs, totalMs = 20_000 }: { expiresAt: string; skewMs: number; totalMs?: number }) {
  const now = useTick(250);
  const left = Math.max(0, Date.parse(expiresAt) - (now + skewMs));
  const seconds = Math.ceil(left / 1000);
  return (
    <span className="countdown" aria-label={`${seconds} seconds left to accept`} data-seconds={seconds}>
      <progress max={totalMs} value={left} aria-hidden="true" />
      <span aria-hidden="true">{seconds} s</span>
    </span>
  );
}
