/**
 * ml bench: training and scoring rows per second of the built-in algorithms
 * against scikit-learn on the same data in the same run — a synthetic
 * 200k × 20 problem (ML_BENCH_ROWS to change) and the bundled digits set —
 * plus partition-sized fits per second, the shape of the DAPM pipeline.
 * scikit-learn runs twice: with its default threads (OpenMP on every core)
 * and single-threaded, which is what modelmill uses per job.
 */
import { join } from 'node:path';
import type { Matrix, Model, Task } from '../src/ml/index.js';
import { accuracy, fitModel, r2, selectRows, selectValues } from '../src/ml/index.js';
import { findSklearnData, loadDataset } from '../test/ml/reference-data.js';
import type { BenchReport, BenchRow } from './harness.js';
import type { SklearnBench } from './ml/sklearn-baseline.js';
import { runSklearnBench } from './ml/sklearn-baseline.js';
import { makeSynthetic, writeSynthetic } from './ml/synthetic.js';

interface Case {
  key: string;
  label: string;
  algorithm: string;
  task: Task;
  hyperparameters: Record<string, string>;
  goal?: { train: number; score: number };
  repeat: number;
}

const CASES: Case[] = [
  {
    key: 'lr',
    label: 'linear regression (lr)',
    algorithm: 'lr',
    task: 'regression',
    hyperparameters: {},
    goal: { train: 1 / 1.5, score: 1 },
    repeat: 3,
  },
  {
    key: 'ridge',
    label: 'ridge',
    algorithm: 'ridge',
    task: 'regression',
    hyperparameters: { alpha: '1' },
    goal: { train: 1 / 1.5, score: 1 },
    repeat: 3,
  },
  {
    key: 'logistic',
    label: 'logistic, binary',
    algorithm: 'logistic',
    task: 'classification',
    hyperparameters: {},
    goal: { train: 1 / 1.5, score: 1 },
    repeat: 1,
  },
  {
    key: 'nb',
    label: 'naive Bayes',
    algorithm: 'nb',
    task: 'classification',
    hyperparameters: {},
    repeat: 3,
  },
  {
    key: 'gbt_reg',
    label: 'gbt regression, 100 rounds',
    algorithm: 'gbt',
    task: 'regression',
    hyperparameters: { max_iter: '100' },
    goal: { train: 0.5, score: 1 },
    repeat: 1,
  },
  {
    key: 'gbt_bin',
    label: 'gbt binary, 100 rounds',
    algorithm: 'gbt',
    task: 'classification',
    hyperparameters: { max_iter: '100' },
    goal: { train: 0.5, score: 1 },
    repeat: 1,
  },
  {
    key: 'rf_bin',
    label: 'rf binary, 20 trees depth 12',
    algorithm: 'rf',
    task: 'classification',
    hyperparameters: { n_estimators: '20', max_depth: '12' },
    repeat: 1,
  },
];

function timeBest<T>(repeat: number, fn: () => T): { ms: number; result: T } {
  let best = Infinity;
  let result: T | undefined;
  for (let r = 0; r < repeat; r++) {
    const start = process.hrtime.bigint();
    result = fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms: best, result: result as T };
}

function measure(
  c: Case,
  x: Matrix,
  y: Float64Array,
): { fitMs: number; predictMs: number; score: number } {
  const fit = timeBest(c.repeat, () =>
    fitModel({ algorithm: c.algorithm, task: c.task, x, y, hyperparameters: c.hyperparameters }),
  );
  const predict = timeBest(c.repeat, () => fit.result.predict(x));
  return {
    fitMs: fit.ms,
    predictMs: predict.ms,
    score: trainScore(fit.result, c.task, y, predict.result),
  };
}

function trainScore(_model: Model, task: Task, y: Float64Array, pred: Float64Array): number {
  return task === 'regression' ? r2(y, pred) : accuracy(y, pred);
}

function rowsFor(
  name: string,
  rows: number,
  ours: { fitMs: number; predictMs: number },
  base: SklearnBench | string,
  key: string,
  goal: Case['goal'],
): BenchRow[] {
  const theirs = typeof base === 'string' ? undefined : base[key];
  const baselineName =
    typeof base === 'string'
      ? undefined
      : `scikit-learn ${base.version}, ${base.threads === 'default' ? 'default threads' : `${base.threads} thread`}`;
  const make = (
    what: 'train' | 'score',
    ms: number,
    theirS: number | undefined,
    g: number | undefined,
  ): BenchRow => {
    const row: BenchRow = { name: `${what}: ${name}`, value: (rows / ms) * 1000, unit: 'rows/s' };
    if (theirS !== undefined && baselineName) {
      row.baseline = rows / theirS;
      row.baselineName = baselineName;
    }
    if (g !== undefined) {
      row.goal =
        g >= 1
          ? `>= ${g}x`
          : `>= ${Math.round(g * 100) / 100}x (within ${Math.round((1 / g) * 10) / 10}x time)`;
      if (row.baseline !== undefined) row.met = row.value / row.baseline >= g;
    }
    return row;
  };
  return [
    make('train', ours.fitMs, theirs?.fit_s, goal?.train),
    make('score', ours.predictMs, theirs?.predict_s, goal?.score),
  ];
}

function warmUp(x: Matrix, yReg: Float64Array, yBin: Float64Array): void {
  const idx = Uint32Array.from({ length: Math.min(5000, x.rows) }, (_, i) => i);
  const xs = selectRows(x, idx);
  for (const c of CASES)
    measure({ ...c, repeat: 1 }, xs, selectValues(c.task === 'regression' ? yReg : yBin, idx));
}

/** Fits per second on partition-sized data: 1,000 rows × 10 features, lr + xgb (50 rounds) + rf (50 trees). */
function partitionThroughput(): { fitsPerSecond: number; fits: number } {
  const d = makeSynthetic(1000, 10, 11);
  const algos: [string, Record<string, string>][] = [
    ['lr', {}],
    ['xgb', { num_round: '50' }],
    ['rf', { n_estimators: '50' }],
  ];
  let fits = 0;
  const start = process.hrtime.bigint();
  for (let r = 0; r < 5; r++) {
    for (const [algorithm, hyperparameters] of algos) {
      fitModel({ algorithm, task: 'regression', x: d.x, y: d.yRegression, hyperparameters });
      fits++;
    }
  }
  return { fitsPerSecond: fits / (Number(process.hrtime.bigint() - start) / 1e9), fits };
}

export default async function mlBench(): Promise<BenchReport> {
  const rows = Number(process.env.ML_BENCH_ROWS ?? 200_000);
  const cols = 20;
  const data = makeSynthetic(rows, cols);
  const work = join('bench', '.work', 'ml');
  writeSynthetic(work, data);
  const dataDir = findSklearnData();
  warmUp(data.x, data.yRegression, data.yBinary);
  const ours = new Map(
    CASES.map((c) => [
      c.key,
      measure(c, data.x, c.task === 'regression' ? data.yRegression : data.yBinary),
    ]),
  );
  const digits = dataDir ? loadDataset(dataDir, 'digits') : undefined;
  const digitsCases: Case[] = [
    {
      key: 'digits_gbt',
      label: 'gbt, digits (1,797 × 64, 10 classes)',
      algorithm: 'gbt',
      task: 'classification',
      hyperparameters: { max_iter: '100' },
      goal: { train: 0.5, score: 1 },
      repeat: 1,
    },
    {
      key: 'digits_logistic',
      label: 'logistic, digits (10 classes)',
      algorithm: 'logistic',
      task: 'classification',
      hyperparameters: {},
      goal: { train: 1 / 1.5, score: 1 },
      repeat: 3,
    },
  ];
  const digitsOurs = digits
    ? new Map(digitsCases.map((c) => [c.key, measure(c, digits.x, digits.y)]))
    : new Map<string, ReturnType<typeof measure>>();
  const partitions = partitionThroughput();
  const skDefault = runSklearnBench(work, rows, cols, dataDir);
  const skSingle = runSklearnBench(work, rows, cols, dataDir, 1);
  const size = `${rows.toLocaleString('en-US')} × ${cols}`;
  const out: BenchRow[] = [];
  for (const c of CASES) {
    const m = ours.get(c.key) as ReturnType<typeof measure>;
    out.push(...rowsFor(`${c.label} (${size})`, rows, m, skDefault, c.key, c.goal));
    out.push(...rowsFor(`${c.label} (${size})`, rows, m, skSingle, c.key, c.goal));
  }
  for (const c of digitsCases) {
    const m = digitsOurs.get(c.key);
    if (!m || !digits) continue;
    out.push(...rowsFor(c.label, digits.x.rows, m, skDefault, c.key, c.goal));
    out.push(...rowsFor(c.label, digits.x.rows, m, skSingle, c.key, c.goal));
  }
  out.push({
    name: `partition fits (1,000 × 10; lr, xgb 50 rounds, rf 50 trees; ${partitions.fits} fits)`,
    value: partitions.fitsPerSecond,
    unit: 'fits/s',
  });
  const notes = [
    `Training-set scores (R² regression, accuracy classification), ours vs scikit-learn: ${[
      ...CASES,
      ...digitsCases,
    ]
      .filter((c) => ours.has(c.key) || digitsOurs.has(c.key))
      .map(
        (c) =>
          `${c.key} ${(ours.get(c.key) ?? digitsOurs.get(c.key))?.score.toFixed(3)} vs ${typeof skSingle === 'string' ? '—' : (skSingle[c.key]?.train_score.toFixed(3) ?? '—')}`,
      )
      .join(', ')}.`,
    'modelmill runs single-threaded (pipelines parallelise across partitions); timings are the best of the repeats after a JIT warm-up on 5,000 rows.',
  ];
  if (typeof skDefault === 'string') notes.push(skDefault);
  return {
    title: `ml: built-in algorithms vs scikit-learn (${size} synthetic, digits)`,
    rows: out,
    notes,
  };
}
