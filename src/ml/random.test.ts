import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';

describe('createRandom', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
  });

  it('draws uniform floats in [0, 1) and integers in [0, n)', () => {
    const rng = createRandom(1);
    const buckets = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const v = rng.next();
      if (!(v >= 0 && v < 1)) outside++;
      const k = rng.int(10);
      buckets[k] = (buckets[k] as number) + 1;
    }
    expect(outside).toBe(0);
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('draws standard normals', () => {
    const rng = createRandom(3);
    let s = 0;
    let s2 = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const v = rng.normal();
      s += v;
      s2 += v * v;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03);
  });

  it('shuffles into a permutation, reproducibly', () => {
    const p1 = createRandom(5).shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    const p2 = createRandom(5).shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(p1)).toEqual(Array.from(p2));
    expect([...p1].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(p1)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('forks independent, reproducible streams', () => {
    const f1 = createRandom(9).fork();
    const f2 = createRandom(9).fork();
    expect(f1.next()).toBe(f2.next());
    const parent = createRandom(9);
    const child = parent.fork();
    expect(child.next()).not.toBe(parent.next());
  });
});
