import { describe, expect, it } from 'vitest';
import type { Task } from './algorithms.js';
import { ALGORITHM_TASKS, AlgorithmNames } from './algorithms.js';
import type { Matrix } from './matrix.js';
import { createMatrix, matrixFromRows } from './matrix.js';
import { fitModel } from './model.js';
import { loadModel, serializeModel } from './model-format.js';
import { createRandom } from './random.js';

function problem(n: number): { x: Matrix; reg: Float64Array; cls: Float64Array } {
  const rng = createRandom(3);
  const x = createMatrix(n, 3);
  const reg = new Float64Array(n);
  const cls = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    x.data.set([a, b, rng.next()], 3 * i);
    reg[i] = 2 * a - b + 0.1 * rng.normal();
    // Labels 10, 20, 30: classes are label values, not indices.
    cls[i] = a > 0.5 ? 30 : a + b > 0 ? 20 : 10;
  }
  return { x, reg, cls };
}

const small = { n_estimators: '10', max_iter: '10', num_round: '10' };
function hyper(algorithm: string): Record<string, string> {
  if (algorithm === 'rf') return { n_estimators: small.n_estimators };
  if (algorithm === 'gbt' || algorithm === 'xgb') return { max_iter: small.max_iter };
  return {};
}

describe('fitModel and the model document', () => {
  const d = problem(400);
  const cases = AlgorithmNames.flatMap((algorithm) =>
    ALGORITHM_TASKS[algorithm].map((task) => [algorithm, task] as [string, Task]),
  );

  it.each(cases)('%s (%s) serialises, loads back and predicts identically', (algorithm, task) => {
    const y = task === 'regression' ? d.reg : d.cls;
    const model = fitModel({
      algorithm,
      task,
      x: d.x,
      y,
      features: ['a', 'b', 'c'],
      hyperparameters: hyper(algorithm),
    });
    const text = JSON.stringify(serializeModel(model));
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(doc).toMatchObject({
      format: 'modelmill-model',
      version: 1,
      algorithm,
      task,
      features: ['a', 'b', 'c'],
      trainingRows: 400,
    });
    const loaded = loadModel(text);
    expect(Array.from(loaded.predict(d.x))).toEqual(Array.from(model.predict(d.x)));
    if (task === 'classification') {
      expect(doc.classes).toEqual([10, 20, 30]);
      expect(Array.from(loaded.predictProba(d.x).data)).toEqual(
        Array.from(model.predictProba(d.x).data),
      );
      const predicted = new Set(model.predict(d.x));
      for (const v of predicted) expect([10, 20, 30]).toContain(v);
    }
  });

  it('uses linear regression for lr on a regression target and logistic on a classification target', () => {
    expect(fitModel({ algorithm: 'lr', task: 'regression', x: d.x, y: d.reg }).kind).toBe('linear');
    expect(fitModel({ algorithm: 'lr', task: 'classification', x: d.x, y: d.cls }).kind).toBe(
      'logistic',
    );
  });

  it('fills missing features with training means at fit and predict time', () => {
    const x = matrixFromRows([
      [1, 10],
      [NaN, 20],
      [3, 30],
      [5, 40],
    ]);
    const y = Float64Array.of(1, 2, 3, 4);
    const model = fitModel({ algorithm: 'lr', task: 'regression', x, y });
    expect(Array.from(model.imputation)).toEqual([3, 25]);
    const withGap = model.predict(matrixFromRows([[NaN, 10]]));
    const filled = model.predict(matrixFromRows([[3, 10]]));
    expect(withGap[0]).toBe(filled[0]);
  });

  it('imputes NaN and infinite features of linear and logistic models, binary and multinomial', () => {
    const gaps = matrixFromRows([
      [NaN, 0.5, 0.2],
      [1, -Infinity, 0.3],
      [0.3, 0.1, Infinity],
      [0.3, 0.1, 0.2],
    ]);
    const imputed = (m: ReturnType<typeof fitModel>): Matrix => {
      const out = Float64Array.from(gaps.data);
      for (let k = 0; k < out.length; k++)
        if (!Number.isFinite(out[k])) out[k] = m.imputation[k % 3] as number;
      return createMatrix(gaps.rows, 3, out);
    };
    const binary = Float64Array.from(d.cls, (v) => (v === 10 ? 0 : 1));
    for (const [algorithm, task, y] of [
      ['lr', 'regression', d.reg],
      ['ridge', 'regression', d.reg],
      ['logistic', 'classification', binary],
      ['logistic', 'classification', d.cls],
    ] as const) {
      const model = fitModel({ algorithm, task, x: d.x, y });
      expect(Array.from(model.predict(gaps))).toEqual(Array.from(model.predict(imputed(model))));
      if (task === 'classification')
        expect(Array.from(model.predictProba(gaps).data)).toEqual(
          Array.from(model.predictProba(imputed(model)).data),
        );
    }
  });

  it('keeps class names for string labels', () => {
    const y = Float64Array.from(d.cls, (v) => v / 10 - 1);
    const model = fitModel({
      algorithm: 'nb',
      task: 'classification',
      x: d.x,
      y,
      classNames: ['low', 'mid', 'high'],
    });
    expect(model.labelOf(2)).toBe('high');
    expect(loadModel(serializeModel(model)).classNames).toEqual(['low', 'mid', 'high']);
  });

  it('explains what is wrong with the input', () => {
    expect(() => fitModel({ algorithm: 'nb', task: 'regression', x: d.x, y: d.reg })).toThrow(
      'Algorithm "nb" does not support task "regression"; it supports classification.',
    );
    expect(() =>
      fitModel({
        algorithm: 'rf',
        task: 'classification',
        x: d.x,
        y: new Float64Array(400).fill(1),
      }),
    ).toThrow(/at least 2 classes but every label is 1/);
    expect(() =>
      fitModel({ algorithm: 'lr', task: 'regression', x: d.x, y: d.reg, features: ['a'] }),
    ).toThrow(/1 feature names were given for 3 feature columns/);
    expect(() =>
      fitModel({
        algorithm: 'xgb',
        task: 'regression',
        x: d.x,
        y: d.reg,
        hyperparameters: { objective: 'binary:logistic' },
      }),
    ).toThrow(/"objective" is "binary:logistic" but the task is regression/);
    expect(() =>
      fitModel({
        algorithm: 'xgb',
        task: 'classification',
        x: d.x,
        y: d.cls,
        hyperparameters: { num_class: '2' },
      }),
    ).toThrow(/"num_class" is 2 but the labels hold 3 classes/);
    const model = fitModel({ algorithm: 'ridge', task: 'regression', x: d.x, y: d.reg });
    expect(() => model.predict(matrixFromRows([[1, 2]]))).toThrow(
      /takes 3 features \(f0, f1, f2\) but the input has 2 columns/,
    );
    expect(() => model.predictProba(d.x)).toThrow(/predictProba needs a classification model/);
  });

  it('refuses damaged documents, saying what is wrong', () => {
    const doc = serializeModel(
      fitModel({
        algorithm: 'gbt',
        task: 'regression',
        x: d.x,
        y: d.reg,
        hyperparameters: { max_iter: '2' },
      }),
    );
    expect(() => loadModel('{')).toThrow(/not JSON/);
    expect(() => loadModel({ ...doc, format: 'onnx' })).toThrow(
      /"format" is "onnx", expected "modelmill-model"/,
    );
    expect(() => loadModel({ ...doc, version: 2 })).toThrow(/"version" 2 is not supported/);
    expect(() => loadModel({ ...doc, task: 'classification' })).toThrow(
      /"classes" must be an array/,
    );
    expect(() => loadModel({ ...doc, model: 'linear' })).toThrow(
      /"model" is "linear" but gbt for regression is "gradient_boosting"/,
    );
    expect(() => loadModel({ ...doc, imputation: [0] })).toThrow(
      /"imputation" must hold 3 numbers/,
    );
    expect(() => loadModel({ ...doc, params: { ...doc.params, baseline: [] } })).toThrow(
      /baseline must be an array of 1 numbers/,
    );
  });
});
