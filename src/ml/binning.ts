/**
 * Feature binning for the histogram-based trees: each feature's values map to
 * at most 255 ordered bins (one bin per distinct value when there are few,
 * otherwise quantile bins), computed once per fit. Bin `b` holds the values
 * `x <= thresholds[b]` not in a lower bin, so a split "bin <= b" is the raw
 * split "x <= thresholds[b]".
 */
import type { Matrix } from './matrix.js';
import type { Random } from './random.js';

/** The bin edges of every feature. */
export interface BinMapper {
  /** Per feature, the ascending upper edges of all bins but the last. */
  thresholds: Float64Array[];
  /** Per feature, its number of bins (`thresholds[f].length + 1`). */
  nBins: Int32Array;
  /** Per feature, where its bins start in a histogram laid out feature after feature. */
  offsets: Int32Array;
  /** Total bins over all features. */
  totalBins: number;
}

/** Binned features, column-major: the bin of row `i`, feature `f` is `bins[f * rows + i]`. */
export interface BinnedData {
  rows: number;
  cols: number;
  bins: Uint8Array;
}

/**
 * Rows used to find quantile edges: larger inputs are subsampled (LightGBM
 * and scikit-learn do the same, with larger samples). Whether a feature has
 * few enough distinct values for one bin each is always decided on all rows.
 */
const BINNING_SAMPLE = 50_000;

/** Computes bin edges with at most `maxBins` (2..255) bins per feature. */
export function computeBins(x: Matrix, maxBins: number, rng: Random): BinMapper {
  const { rows, cols } = x;
  const sample = rows > BINNING_SAMPLE ? sampleRows(rows, BINNING_SAMPLE, rng) : undefined;
  const thresholds: Float64Array[] = [];
  const nBins = new Int32Array(cols);
  const offsets = new Int32Array(cols);
  let total = 0;
  for (let f = 0; f < cols; f++) {
    const edges = featureEdges(x, f, maxBins, sample);
    thresholds.push(edges);
    nBins[f] = edges.length + 1;
    offsets[f] = total;
    total += edges.length + 1;
  }
  return { thresholds, nBins, offsets, totalBins: total };
}

/** `m` distinct row indices out of `n`, ascending. */
function sampleRows(n: number, m: number, rng: Random): Uint32Array {
  const out = new Uint32Array(m);
  let chosen = 0;
  for (let i = 0; i < n && chosen < m; i++)
    if (rng.next() * (n - i) < m - chosen) out[chosen++] = i;
  return out;
}

function featureEdges(
  x: Matrix,
  f: number,
  maxBins: number,
  sample: Uint32Array | undefined,
): Float64Array {
  const { rows, cols, data } = x;
  const distinct = new Set<number>();
  for (let i = 0, o = f; i < rows && distinct.size <= maxBins; i++, o += cols)
    distinct.add(data[o] as number);
  if (distinct.size <= maxBins) {
    const values = Float64Array.from(distinct).sort();
    const edges = new Float64Array(Math.max(values.length - 1, 0));
    for (let k = 0; k < edges.length; k++)
      edges[k] = ((values[k] as number) + (values[k + 1] as number)) / 2;
    return edges;
  }
  const m = sample?.length ?? rows;
  const sorted = new Float64Array(m);
  for (let k = 0; k < m; k++)
    sorted[k] = data[(sample ? (sample[k] as number) : k) * cols + f] as number;
  sorted.sort();
  return quantileEdges(sorted, maxBins);
}

/** Edges at the quantiles k/maxBins of sorted values, midway between the order statistics around each, deduplicated. */
function quantileEdges(sorted: Float64Array, maxBins: number): Float64Array {
  const edges: number[] = [];
  const n = sorted.length;
  for (let k = 1; k < maxBins; k++) {
    const pos = (k / maxBins) * (n - 1);
    const edge = ((sorted[Math.floor(pos)] as number) + (sorted[Math.ceil(pos)] as number)) / 2;
    if (edges.length === 0 || edge > (edges[edges.length - 1] as number)) edges.push(edge);
  }
  // The top edge must stay below the maximum, else the last bin is empty.
  while (edges.length > 0 && (edges[edges.length - 1] as number) >= (sorted[n - 1] as number))
    edges.pop();
  return Float64Array.from(edges);
}

/** Maps every value of `x` to its bin. */
export function binData(x: Matrix, mapper: BinMapper): BinnedData {
  const { rows, cols, data } = x;
  const bins = new Uint8Array(rows * cols);
  // Edges padded to 256 with +Infinity allow a fixed, branch-free 8-step search
  // (random data defeats branch prediction in an ordinary binary search).
  const e = new Float64Array(256);
  for (let f = 0; f < cols; f++) {
    e.fill(Infinity);
    e.set(mapper.thresholds[f] as Float64Array);
    const base = f * rows;
    for (let i = 0, o = f; i < rows; i++, o += cols) {
      const v = data[o] as number;
      let pos = 0;
      pos += 128 * +((e[pos + 127] as number) < v);
      pos += 64 * +((e[pos + 63] as number) < v);
      pos += 32 * +((e[pos + 31] as number) < v);
      pos += 16 * +((e[pos + 15] as number) < v);
      pos += 8 * +((e[pos + 7] as number) < v);
      pos += 4 * +((e[pos + 3] as number) < v);
      pos += 2 * +((e[pos + 1] as number) < v);
      pos += +((e[pos] as number) < v);
      bins[base + i] = pos;
    }
  }
  return { rows, cols, bins };
}
