/**
 * Seeded train/test splits, optionally stratified so each class keeps its
 * share in both parts.
 */
import { ModelmillError } from '../core/index.js';
import { createRandom } from './random.js';

/** Options of {@link trainTestSplit}. */
export interface SplitOptions {
  /** Share of rows held out (0, 1), or a row count (≥ 1). Default 0.25. */
  testSize?: number;
  /** Default 0. */
  seed?: number;
  /** Class labels to stratify by (one per row). */
  stratify?: ArrayLike<number>;
}

/** Row indices of the two parts, each ascending. */
export interface Split {
  train: Uint32Array;
  test: Uint32Array;
}

/** Number of test rows for `n` rows: `ceil(testSize × n)` or the count given, as scikit-learn does. */
function testCount(n: number, testSize: number): number {
  const count = testSize < 1 ? Math.ceil(testSize * n) : testSize;
  if (!(testSize > 0) || !Number.isInteger(count) || count >= n) {
    throw new ModelmillError(
      'ValidationException',
      `testSize ${testSize} leaves no training rows out of ${n}; use a share in (0, 1) or a count below ${n}.`,
    );
  }
  return count;
}

/** Splits rows `0 .. n-1` into train and test at random (same seed, same split). */
export function trainTestSplit(n: number, options: SplitOptions = {}): Split {
  const nTest = testCount(n, options.testSize ?? 0.25);
  const rng = createRandom(options.seed ?? 0);
  const isTest = new Uint8Array(n);
  if (options.stratify === undefined) {
    const order = rng.shuffle(Uint32Array.from({ length: n }, (_, i) => i));
    for (let k = 0; k < nTest; k++) isTest[order[k] as number] = 1;
  } else {
    if (options.stratify.length !== n)
      throw new ModelmillError(
        'ValidationException',
        `stratify has ${options.stratify.length} labels for ${n} rows.`,
      );
    stratifiedPick(options.stratify, nTest, rng, isTest);
  }
  const test = new Uint32Array(nTest);
  const train = new Uint32Array(n - nTest);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (isTest[i]) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}

/** Marks `nTest` rows, each class contributing in proportion (largest remainders break the rounding). */
function stratifiedPick(
  labels: ArrayLike<number>,
  nTest: number,
  rng: ReturnType<typeof createRandom>,
  isTest: Uint8Array,
): void {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const g = groups.get(labels[i] as number);
    if (g) g.push(i);
    else groups.set(labels[i] as number, [i]);
  }
  const keys = [...groups.keys()].sort((a, b) => a - b);
  const exact = keys.map((k) => ((groups.get(k) as number[]).length * nTest) / labels.length);
  const quota = exact.map(Math.floor);
  let left = nTest - quota.reduce((s, q) => s + q, 0);
  const byRemainder = keys
    .map((_, c) => c)
    .sort(
      (a, b) =>
        (exact[b] as number) -
          (quota[b] as number) -
          ((exact[a] as number) - (quota[a] as number)) || a - b,
    );
  for (const c of byRemainder) {
    if (left === 0) break;
    quota[c] = (quota[c] as number) + 1;
    left--;
  }
  keys.forEach((k, c) => {
    const rows = rng.shuffle(Uint32Array.from(groups.get(k) as number[]));
    for (let j = 0; j < (quota[c] as number); j++) isTest[rows[j] as number] = 1;
  });
}
