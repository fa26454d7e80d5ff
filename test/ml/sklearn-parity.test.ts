/**
 * Quality parity with scikit-learn on the datasets python3-sklearn ships:
 * every case of parity-cases.ts is trained by us and by scikit-learn on the
 * same seeded split, and the held-out metrics are compared within the
 * tolerances stated there. Our metric functions are also checked against
 * sklearn.metrics on scikit-learn's own predictions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { MetricName } from '../../src/ml/index.js';
import {
  createMatrix,
  evaluatePredictions,
  fitModel,
  selectRows,
  selectValues,
  trainTestSplit,
} from '../../src/ml/index.js';
import type { ParityCase } from './parity-cases.js';
import { PARITY_CASES } from './parity-cases.js';
import type { Dataset } from './reference-data.js';
import {
  callSklearnAsync,
  findSklearnData,
  loadDataset,
  sklearnAvailable,
  toRows,
} from './reference-data.js';

const dataDir = findSklearnData();
const python = dataDir !== undefined && sklearnAvailable();
if (!python) {
  console.warn(
    'Skipping scikit-learn parity tests: the sklearn datasets or /usr/bin/python3 with sklearn are missing. Install them with `apt-get install -y python3-sklearn`.',
  );
}

type Scores = Partial<Record<MetricName, number>>;
type SplitRows = { train: Uint32Array; test: Uint32Array };
interface Fit {
  metrics: Scores;
  y_pred: number[];
  proba: number[][] | null;
  classes: number[] | null;
}
interface Answer {
  version: string;
  fits: Record<string, Fit>;
}

describe.skipIf(!python)('scikit-learn parity on the bundled datasets', () => {
  const datasets = new Map<string, Dataset>();
  const splits = new Map<string, SplitRows>();
  const ours = new Map<string, Scores>();
  let reference: Answer;

  beforeAll(async () => {
    for (const c of PARITY_CASES) {
      if (datasets.has(c.dataset)) continue;
      const d = loadDataset(dataDir as string, c.dataset);
      datasets.set(c.dataset, d);
      splits.set(
        c.dataset,
        trainTestSplit(d.x.rows, {
          testSize: 0.25,
          seed: 42,
          ...(d.task === 'classification' ? { stratify: d.y } : {}),
        }),
      );
    }
    // scikit-learn works in its own process while we fit ours here.
    const pending = callSklearnAsync<Answer>({
      datasets: Object.fromEntries(
        [...datasets].map(([name, d]) => [name, { X: toRows(d.x), y: Array.from(d.y) }]),
      ),
      fits: PARITY_CASES.map((c) => {
        const s = splits.get(c.dataset) as SplitRows;
        return {
          id: c.id,
          dataset: c.dataset,
          task: c.task,
          train: Array.from(s.train),
          test: Array.from(s.test),
          estimator: c.sklearn.estimator,
          params: c.sklearn.params,
          scale: c.sklearn.scale ?? false,
        };
      }),
    });
    for (const c of PARITY_CASES)
      ours.set(
        c.id,
        runOurs(c, datasets.get(c.dataset) as Dataset, splits.get(c.dataset) as SplitRows),
      );
    reference = await pending;
  }, 120_000);

  it.each(PARITY_CASES.map((c) => [c.id, c] as const))(
    '%s matches scikit-learn',
    (_id, c: ParityCase) => {
      const mine = ours.get(c.id) as Scores;
      const theirs = (reference.fits[c.id] as Fit).metrics;
      const testRows = (splits.get(c.dataset) as SplitRows).test.length;
      for (const check of c.checks) {
        const a = mine[check.metric] as number;
        const b = theirs[check.metric] as number;
        const tol = Math.max(check.tolerance, (check.minRows ?? 0) / testRows);
        const where = `${c.id} ${check.metric}: ours ${a}, scikit-learn ${reference.version} ${b}, tolerance ${tol}`;
        if (check.twoSided) expect(Math.abs(a - b), where).toBeLessThanOrEqual(tol);
        else expect(b - a, where).toBeLessThanOrEqual(tol);
      }
    },
  );

  it('computes every metric as sklearn.metrics does, on the same predictions', () => {
    for (const c of PARITY_CASES) {
      const fit = reference.fits[c.id] as Fit;
      const d = datasets.get(c.dataset) as Dataset;
      const yTrue = selectValues(d.y, (splits.get(c.dataset) as SplitRows).test);
      const proba = fit.proba
        ? createMatrix(
            fit.proba.length,
            fit.classes?.length ?? 0,
            Float64Array.from(fit.proba.flat()),
          )
        : undefined;
      const mine = evaluatePredictions({
        task: c.task,
        yTrue,
        yPred: Float64Array.from(fit.y_pred),
        ...(proba ? { proba, classes: fit.classes ?? [] } : {}),
      });
      for (const [name, value] of Object.entries(fit.metrics)) {
        expect(mine[name as MetricName], `${c.id} ${name}`).toBeCloseTo(value, 9);
      }
    }
  });
});

function runOurs(c: ParityCase, d: Dataset, split: SplitRows): Scores {
  const model = fitModel({
    algorithm: c.algorithm,
    task: c.task,
    x: selectRows(d.x, split.train),
    y: selectValues(d.y, split.train),
    hyperparameters: c.hyperparameters,
  });
  const xTest = selectRows(d.x, split.test);
  const yTrue = selectValues(d.y, split.test);
  const yPred = model.predict(xTest);
  const proba = c.task === 'classification' ? model.predictProba(xTest) : undefined;
  return evaluatePredictions({
    task: c.task,
    yTrue,
    yPred,
    ...(proba ? { proba, classes: model.classes ?? [] } : {}),
  });
}
