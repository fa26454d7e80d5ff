import { describe, expect, it } from 'vitest';
import { forestFromJson, forestToJson } from './forest.js';
import type { TreeJson } from './forest.js';
import { accumulateTrees } from './forest-predict.js';
import { createMatrix, matrixFromRows } from './matrix.js';
import { createRandom } from './random.js';

// Tree A: x0 <= 0.5 ? (x1 <= 1 ? 1 : 2) : 3, children adjacent (fast walk).
const adjacent: TreeJson = {
  feature: [0, 1, -1, -1, -1],
  threshold: [0.5, 1, 0, 0, 0],
  left: [1, 3, -1, -1, -1],
  right: [2, 4, -1, -1, -1],
  value: [0, 0, 3, 1, 2],
};
// Tree B: the same function with children numbered apart (ordinary walk).
const scattered: TreeJson = {
  feature: [0, -1, 1, -1, -1],
  threshold: [0.5, 0, 1, 0, 0],
  left: [2, -1, 3, -1, -1],
  right: [1, -1, 4, -1, -1],
  value: [0, 3, 0, 1, 2],
};

describe('forest prediction and JSON', () => {
  it('walks adjacent and scattered trees to the same leaves', () => {
    const forest = forestFromJson([adjacent, scattered], 1, 2);
    expect(Array.from(forest.walk.depth)).toEqual([2, -1]);
    const rng = createRandom(1);
    const x = createMatrix(1001, 2);
    for (let k = 0; k < x.data.length; k++) x.data[k] = rng.next() * 2;
    const a = new Float64Array(x.rows);
    const b = new Float64Array(x.rows);
    accumulateTrees(forest, x, a, 1, 0, { from: 0, to: 1, step: 1 }, 1);
    accumulateTrees(forest, x, b, 1, 0, { from: 1, to: 2, step: 1 }, 1);
    expect(Array.from(a)).toEqual(Array.from(b));
    for (let i = 0; i < x.rows; i++) {
      const x0 = x.data[2 * i] as number;
      const x1 = x.data[2 * i + 1] as number;
      expect(a[i]).toBe(x0 <= 0.5 ? (x1 <= 1 ? 1 : 2) : 3);
    }
  });

  it('sends a value equal to the threshold left', () => {
    const forest = forestFromJson([adjacent], 1, 2);
    const out = new Float64Array(2);
    accumulateTrees(
      forest,
      matrixFromRows([
        [0.5, 1],
        [0.5000001, 1],
      ]),
      out,
      1,
      0,
      { from: 0, to: 1, step: 1 },
      1,
    );
    expect(Array.from(out)).toEqual([1, 3]);
  });

  it('round-trips through JSON with local node ids', () => {
    const forest = forestFromJson([adjacent, scattered], 1, 2);
    expect(forestToJson(forest)).toEqual([adjacent, scattered]);
  });

  it('rejects malformed trees with the tree and node named', () => {
    expect(() => forestFromJson([{ ...adjacent, left: [1, 3] }], 1, 2)).toThrow(
      /tree 0 is malformed: its arrays/,
    );
    expect(() =>
      forestFromJson([adjacent, { ...adjacent, right: [2, 9, -1, -1, -1] }], 1, 2),
    ).toThrow(/tree 1 is malformed: node 1 has feature 1 and children 3, 9/);
    expect(() => forestFromJson([adjacent], 1, 1)).toThrow(/node 1 has feature 1/);
  });
});
