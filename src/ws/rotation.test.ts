import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Rotation } from './rotation.js';

beforeEach(() => void vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
afterEach(() => void vi.useRealTimers());

describe('a rotation', () => {
  it('visits every member once per period, an equal share at each turn', () => {
    const visits: number[] = [];
    const r = new Rotation<number>(1_000, 10, (m) => visits.push(m));
    for (let m = 0; m < 25; m++) r.add(m);
    const perTurn: number[] = [];
    for (let t = 0; t < 10; t++) {
      const before = visits.length;
      vi.advanceTimersByTime(100);
      perTurn.push(visits.length - before);
    }
    expect(Math.max(...perTurn)).toBe(3);
    expect(Math.min(...perTurn)).toBe(2);
    expect([...visits].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, m) => m));
    r.stop();
  });

  it('stops visiting a member once deleted, and visits one added later within a period', () => {
    const visits: string[] = [];
    const r = new Rotation<string>(1_000, 10, (m) => visits.push(m));
    r.add('a');
    r.add('b');
    r.delete('a');
    vi.advanceTimersByTime(1_000);
    r.add('c');
    r.add('c');
    vi.advanceTimersByTime(1_000);
    expect(visits).toEqual(['b', 'b', 'c']);
    expect(r.size).toBe(2);
    r.stop();
    vi.advanceTimersByTime(1_000);
    expect(visits).toHaveLength(3);
  });
});
