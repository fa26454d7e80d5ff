import { describe, expect, it } from 'vitest';
import { compileHyperparameters, describeHyperparameters } from './hyperparameters.js';

describe('compileHyperparameters', () => {
  it('converts SageMaker strings and accepts XGBoost aliases', () => {
    const hp = compileHyperparameters('xgb', {
      num_round: '50',
      eta: '0.1',
      max_depth: '4',
      subsample: '0.8',
      min_child_weight: '2',
      lambda: '3',
      gamma: '0.5',
      objective: 'binary:logistic',
    });
    expect(hp.options).toMatchObject({
      maxIter: 50,
      learningRate: 0.1,
      maxDepth: 4,
      subsample: 0.8,
      minChildWeight: 2,
      l2Regularization: 3,
      minSplitGain: 0.5,
    });
    expect(hp.values.objective).toBe('binary:logistic');
    expect(hp.options).not.toHaveProperty('objective');
  });

  it('fills defaults: XGBoost for xgb, HistGradientBoosting for gbt', () => {
    const xgb = compileHyperparameters('xgb');
    expect(xgb.values).toMatchObject({
      max_iter: 100,
      learning_rate: 0.3,
      max_depth: 6,
      max_leaf_nodes: null,
      l2_regularization: 1,
      min_child_weight: 1,
    });
    const gbt = compileHyperparameters('gbt', {});
    expect(gbt.values).toMatchObject({
      learning_rate: 0.1,
      max_depth: null,
      max_leaf_nodes: 31,
      min_samples_leaf: 20,
      l2_regularization: 0,
    });
    expect(gbt.options).not.toHaveProperty('maxDepth');
  });

  it('accepts numbers and booleans as well as strings, and None for no limit', () => {
    const rf = compileHyperparameters('rf', {
      n_estimators: 10,
      bootstrap: 'False',
      max_depth: 'None',
      max_features: 'sqrt',
    });
    expect(rf.options).toMatchObject({ nEstimators: 10, bootstrap: false, maxFeatures: 'sqrt' });
    expect(rf.values.max_depth).toBeNull();
    expect(compileHyperparameters('rf', { max_features: '0.5' }).options.maxFeatures).toBe(0.5);
    expect(
      compileHyperparameters('logistic', { standardize: true, C: '0.1' }).options,
    ).toMatchObject({ standardize: true, C: 0.1 });
  });

  it('names the hyperparameter, the allowed range and the value when out of range', () => {
    expect(() => compileHyperparameters('gbt', { eta: '1.5' })).toThrow(
      'Hyperparameter "eta" of algorithm "gbt" must be a number in (0, 1]; got "1.5". Fix the value in the hyperparameters map.',
    );
    expect(() => compileHyperparameters('rf', { n_estimators: '2.5' })).toThrow(
      /"n_estimators" of algorithm "rf" must be an integer in \[1, 10000\]; got "2.5"/,
    );
    expect(() => compileHyperparameters('rf', { bootstrap: 'yes' })).toThrow(
      /"bootstrap" of algorithm "rf" must be a boolean \("true" or "false"\); got "yes"/,
    );
    expect(() => compileHyperparameters('xgb', { objective: 'rank:pairwise' })).toThrow(
      /must be one of "reg:squarederror", .*got "rank:pairwise"/,
    );
    expect(() => compileHyperparameters('ridge', { alpha: 'abc' })).toThrow(
      /"alpha" of algorithm "ridge" must be a number in \[0, inf\]; got "abc"/,
    );
    expect(() => compileHyperparameters('gbt', { max_depth: '' })).not.toThrow();
  });

  it('rejects unknown names, names given twice and unknown algorithms', () => {
    expect(() => compileHyperparameters('nb', { depth: '3' })).toThrow(
      'Unknown hyperparameter "depth" for algorithm "nb". Accepted: var_smoothing.',
    );
    expect(() => compileHyperparameters('gbt', { eta: '0.1', learning_rate: '0.2' })).toThrow(
      /"learning_rate" of algorithm "gbt" is given twice, as "eta" and "learning_rate"/,
    );
    expect(() => compileHyperparameters('svm')).toThrow(
      /Unknown algorithm "svm"; use one of lr, ridge, logistic, rf, xgb, gbt, nb/,
    );
  });

  it('describes every algorithm with defaults inside their own ranges', () => {
    for (const algorithm of ['lr', 'ridge', 'logistic', 'rf', 'xgb', 'gbt', 'nb'] as const) {
      const specs = describeHyperparameters(algorithm);
      expect(specs.length).toBeGreaterThan(0);
      const defaults = Object.fromEntries(specs.map((s) => [s.name, s.default]));
      expect(compileHyperparameters(algorithm, defaults).values).toEqual(
        compileHyperparameters(algorithm).values,
      );
    }
  });
});
