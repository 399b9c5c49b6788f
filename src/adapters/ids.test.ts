import { describe, expect, it } from 'vitest';
import { randomIds, timeOrdered } from './ids.js';

describe('time-ordered ids', () => {
  it('are version 7 UUIDs whose text sorts by the time they were made', () => {
    const a = timeOrdered(Date.UTC(2026, 0, 1), randomIds.uuid());
    const b = timeOrdered(Date.UTC(2026, 0, 1) + 1, randomIds.uuid());
    for (const id of [a, b, randomIds.timeUuid()]) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(a.slice(0, 13)).toBe(`${Date.UTC(2026, 0, 1).toString(16).padStart(12, '0').slice(0, 8)}-${Date.UTC(2026, 0, 1).toString(16).padStart(12, '0').slice(8)}`);
  });
});
