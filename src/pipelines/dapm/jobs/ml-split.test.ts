import { describe, expect, it } from 'vitest';
import { splitHeldOut } from './ml-split.js';

describe('held-out split', () => {
  it('holds out the last 20 % of distinct dates, whatever the row order', () => {
    const dates = [
      '2024-01-03',
      '2024-01-01',
      '2024-01-05',
      '2024-01-02',
      '2024-01-04',
      '2024-01-05',
    ];
    const split = splitHeldOut(dates.length, dates);
    expect(split.by).toBe('date');
    // 5 distinct dates: ceil(0.2 × 5) = 1 held out, the latest, which two rows share.
    expect(Array.from(split.test)).toEqual([2, 5]);
    expect(Array.from(split.train)).toEqual([0, 1, 3, 4]);
  });

  it('orders Date values and numbers, and trains rows without a date', () => {
    const day = (d: number) => new Date(Date.UTC(2024, 0, d));
    const split = splitHeldOut(12, [
      ...Array.from({ length: 10 }, (_, i) => day(i + 1)),
      null,
      undefined,
    ]);
    expect(Array.from(split.test)).toEqual([8, 9]);
    expect(split.train).toContain(10);
    expect(split.train).toContain(11);
    expect(Array.from(splitHeldOut(3, [30, 10, 20]).test)).toEqual([0]);
  });

  it('keeps at least one training date and falls back to a seeded random split', () => {
    expect(Array.from(splitHeldOut(3, ['a', 'b', 'b']).test)).toEqual([1, 2]);
    const random = splitHeldOut(50, undefined, { seed: 3 });
    expect(random.by).toBe('random');
    expect(random.test).toHaveLength(10);
    expect(
      Array.from(splitHeldOut(50, ['x'].concat(Array(49).fill('x')), { seed: 3 }).test),
    ).toEqual(Array.from(random.test));
  });
});
