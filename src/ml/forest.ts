/**
 * The tree-ensemble representation shared by random forests and gradient
 * boosting: all trees' nodes packed in flat typed arrays (fast to walk, cheap
 * to copy between threads). A node with `feature[i] < 0` is a leaf; otherwise
 * a row goes to `left[i]` when `x[feature] <= threshold[i]`, else `right[i]`.
 */
import { ModelmillError } from '../core/index.js';
import type { BinnedData, BinMapper } from './binning.js';
import type { WalkLayout } from './forest-predict.js';
import { createWalkLayout } from './forest-predict.js';

/** Packed trees. Node ids are global; `roots[t]` is tree `t`'s first node. */
export interface Forest {
  /** Values stored per leaf (1 for regression and boosting, classes for forest classifiers). */
  nOutputs: number;
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** `nodes × nOutputs` leaf values (internal nodes hold their would-be leaf value). */
  value: Float64Array;
  /** The same trees arranged for fast prediction. */
  walk: WalkLayout;
}

/** Packs tree arrays into a Forest (adding the prediction layout). */
export function packForest(
  nOutputs: number,
  roots: Int32Array,
  feature: Int32Array,
  threshold: Float64Array,
  left: Int32Array,
  right: Int32Array,
  value: Float64Array,
): Forest {
  return {
    nOutputs,
    roots,
    feature,
    threshold,
    left,
    right,
    value,
    walk: createWalkLayout(roots, feature, threshold, left, right),
  };
}

/**
 * One tree as grown on binned data: local node ids, split bins (not yet raw
 * thresholds), `nOutputs` values per node.
 */
export interface GrownTree {
  feature: number[];
  bin: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** An empty grown tree. */
export function createGrownTree(): GrownTree {
  return { feature: [], bin: [], left: [], right: [], value: [] };
}

/** Adds a leaf holding `values` to a grown tree and returns its id. */
export function addLeaf(tree: GrownTree, values: ArrayLike<number>, nOutputs: number): number {
  const id = tree.feature.length;
  tree.feature.push(-1);
  tree.bin.push(0);
  tree.left.push(-1);
  tree.right.push(-1);
  for (let k = 0; k < nOutputs; k++) tree.value.push(values[k] as number);
  return id;
}

/** Collects grown trees and packs them into a Forest. */
export interface ForestBuilder {
  /** Appends `tree`, turning its bin splits into raw thresholds with `mapper`. */
  addTree(tree: GrownTree, mapper: BinMapper): void;
  finish(): Forest;
}

/** A builder for trees with `nOutputs` values per leaf. */
export function createForestBuilder(nOutputs: number): ForestBuilder {
  const roots: number[] = [];
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  return {
    addTree: (tree, mapper) => {
      const base = feature.length;
      roots.push(base);
      for (let i = 0; i < tree.feature.length; i++) {
        const f = tree.feature[i] as number;
        feature.push(f);
        threshold.push(f < 0 ? 0 : rawThreshold(mapper, f, tree.bin[i] as number));
        left.push(f < 0 ? -1 : base + (tree.left[i] as number));
        right.push(f < 0 ? -1 : base + (tree.right[i] as number));
      }
      for (const v of tree.value) value.push(v);
    },
    finish: () =>
      packForest(
        nOutputs,
        Int32Array.from(roots),
        Int32Array.from(feature),
        Float64Array.from(threshold),
        Int32Array.from(left),
        Int32Array.from(right),
        Float64Array.from(value),
      ),
  };
}

/** Adds a single-output grown tree's leaf value to `raw[i * width + column]` for every row of binned data. */
export function addGrownTreeOnBinned(
  tree: GrownTree,
  bins: BinnedData,
  raw: Float64Array,
  width: number,
  column: number,
): void {
  const feature = Int32Array.from(tree.feature);
  const bin = Int32Array.from(tree.bin);
  const left = Int32Array.from(tree.left);
  const right = Int32Array.from(tree.right);
  const value = Float64Array.from(tree.value);
  const { rows, bins: b } = bins;
  for (let i = 0; i < rows; i++) {
    let node = 0;
    let f = feature[0] as number;
    while (f >= 0) {
      node =
        (b[f * rows + i] as number) <= (bin[node] as number)
          ? (left[node] as number)
          : (right[node] as number);
      f = feature[node] as number;
    }
    raw[i * width + column] = (raw[i * width + column] as number) + (value[node] as number);
  }
}

/** The JSON form of one tree: node ids local to the tree, `-1` for no child. */
export interface TreeJson {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** The trees of `forest` as JSON objects. */
export function forestToJson(forest: Forest): TreeJson[] {
  const trees: TreeJson[] = [];
  const n = forest.feature.length;
  for (let t = 0; t < forest.roots.length; t++) {
    const start = forest.roots[t] as number;
    const end = t + 1 < forest.roots.length ? (forest.roots[t + 1] as number) : n;
    const local = (id: number): number => (id < 0 ? -1 : id - start);
    trees.push({
      feature: Array.from(forest.feature.subarray(start, end)),
      threshold: Array.from(forest.threshold.subarray(start, end)),
      left: Array.from(forest.left.subarray(start, end), local),
      right: Array.from(forest.right.subarray(start, end), local),
      value: Array.from(forest.value.subarray(start * forest.nOutputs, end * forest.nOutputs)),
    });
  }
  return trees;
}

/** Packs JSON trees back into a Forest, checking that every child id is inside its tree. */
export function forestFromJson(
  trees: readonly TreeJson[],
  nOutputs: number,
  nFeatures: number,
): Forest {
  const roots: number[] = [];
  let total = 0;
  trees.forEach((tree, t) => {
    const n = Array.isArray(tree.feature) ? tree.feature.length : 0;
    const ok =
      [tree.threshold, tree.left, tree.right].every((a) => Array.isArray(a) && a.length === n) &&
      Array.isArray(tree.value) &&
      tree.value.length === n * nOutputs;
    if (!ok || n === 0) throw badTree(t, 'its arrays are missing, empty or of different lengths');
    for (let i = 0; i < n; i++) {
      const f = tree.feature[i] as number;
      const l = tree.left[i] as number;
      const r = tree.right[i] as number;
      if (f >= 0 && (!(f < nFeatures) || !(l > i && l < n) || !(r > i && r < n)))
        throw badTree(t, `node ${i} has feature ${f} and children ${l}, ${r}`);
    }
    roots.push(total);
    total += n;
  });
  const shift = (ids: number[], base: number) => ids.map((id) => (id < 0 ? -1 : id + base));
  return packForest(
    nOutputs,
    Int32Array.from(roots),
    Int32Array.from(trees.flatMap((t) => t.feature)),
    Float64Array.from(trees.flatMap((t) => t.threshold)),
    Int32Array.from(trees.flatMap((t, i) => shift(t.left, roots[i] as number))),
    Int32Array.from(trees.flatMap((t, i) => shift(t.right, roots[i] as number))),
    Float64Array.from(trees.flatMap((t) => t.value)),
  );
}

function badTree(t: number, what: string): ModelmillError {
  return new ModelmillError(
    'ValidationException',
    `Model document tree ${t} is malformed: ${what}. Re-export the model with serializeModel.`,
  );
}

/** Converts a mapper's bin split into the raw threshold stored in the tree. */
export function rawThreshold(mapper: BinMapper, feature: number, bin: number): number {
  return (mapper.thresholds[feature] as Float64Array)[bin] as number;
}
