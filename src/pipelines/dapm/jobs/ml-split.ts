import { trainTestSplit } from '../../../ml/index.js';

/**
 * The training job's held-out split: ordered by date when the partition has
 * dates (the last 20 % of its distinct dates are held out, so the model is
 * scored on days after the ones it learnt from), else a seeded random 20 %.
 */

/** Row positions of the two parts, each ascending. */
export interface HeldOutSplit {
  train: Uint32Array;
  test: Uint32Array;
  /** How the rows were split. */
  by: 'date' | 'random';
}

/** Options of {@link splitHeldOut}. */
export interface HeldOutOptions {
  /** Share held out. Default 0.2. */
  testShare?: number;
  /** Seed of the random split. Default 0. */
  seed?: number;
}

type DateKey = number | string;

function dateKey(value: unknown): DateKey | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value !== '') return value;
  return undefined;
}

/**
 * Splits `n` rows; `dates` (one per row, or undefined) orders them. Rows
 * without a date train. With fewer than two distinct dates the split is random.
 */
export function splitHeldOut(
  n: number,
  dates: readonly unknown[] | undefined,
  options: HeldOutOptions = {},
): HeldOutSplit {
  const share = options.testShare ?? 0.2;
  const keys = dates?.map(dateKey);
  const distinct = keys ? [...new Set(keys.filter((k) => k !== undefined))] : [];
  if (keys === undefined || distinct.length < 2) {
    const split = trainTestSplit(n, { testSize: share, seed: options.seed ?? 0 });
    return { ...split, by: 'random' };
  }
  distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const held = Math.min(distinct.length - 1, Math.max(1, Math.ceil(share * distinct.length)));
  const cutoff = distinct[distinct.length - held] as DateKey;
  const train: number[] = [];
  const test: number[] = [];
  keys.forEach((k, i) => (k !== undefined && k >= cutoff ? test : train).push(i));
  return { train: Uint32Array.from(train), test: Uint32Array.from(test), by: 'date' };
}
