import { describe, expect, it } from 'vitest';
import { sampleMappingJson } from '../../sample/defects.js';
import { compileModelSpec, hyperparametersFor } from './ml-mapping.js';

describe('model settings of the mapping JSON', () => {
  it('reads the sample with its defaults', () => {
    const spec = compileModelSpec(sampleMappingJson(), 's3://x/mapping.json');
    expect(spec).toMatchObject({
      primaryKey: 'part_name',
      target: 'defect_count',
      dateColumn: 'date',
      task: undefined,
      evaluationMetric: undefined,
    });
    expect(spec.features).toEqual(sampleMappingJson().mapping_json_data.features);
    expect(hyperparametersFor(spec, 'xgb')).toEqual({ max_iter: 50, max_depth: 4, max_bins: 32 });
    expect(hyperparametersFor(spec, 'lr')).toEqual({});
  });

  it('lets the mapping override hyperparameters key by key, and take metric and task', () => {
    const doc = sampleMappingJson();
    const data = {
      ...doc.mapping_json_data,
      hyperparameters: { xgb: { max_iter: 200 }, rf: { n_estimators: '10' } },
      evaluation_metric: 'topk_overlap',
      evaluation_top_k: '3',
      task: 'regression',
      date_column: 'day',
    };
    const spec = compileModelSpec({ mapping_json_data: data }, 'm');
    expect(hyperparametersFor(spec, 'xgb')).toEqual({ max_iter: 200, max_depth: 4, max_bins: 32 });
    expect(hyperparametersFor(spec, 'rf')).toEqual({
      n_estimators: '10',
      max_depth: 8,
      min_samples_leaf: 3,
      max_bins: 64,
    });
    expect(spec).toMatchObject({
      evaluationMetric: 'topk_overlap',
      evaluationTopK: 3,
      task: 'regression',
      dateColumn: 'day',
    });
  });

  it('says what is wrong and where', () => {
    const data = sampleMappingJson().mapping_json_data;
    const bad = (patch: object) => () =>
      compileModelSpec({ mapping_json_data: { ...data, ...patch } }, 's3://b/m.json');
    expect(() => compileModelSpec({}, 's3://b/m.json')).toThrow(
      'mapping JSON s3://b/m.json has no "mapping_json_data" object',
    );
    expect(bad({ target: undefined })).toThrow(
      'needs "mapping_json_data.target" as a non-empty string',
    );
    expect(bad({ features: [] })).toThrow('needs "mapping_json_data.features" as a non-empty list');
    expect(bad({ features: ['defect_count'] })).toThrow(
      'lists the target "defect_count" among its features',
    );
    expect(bad({ task: 'ranking' })).toThrow(
      'has "task" "ranking"; use "regression" or "classification"',
    );
    expect(bad({ hyperparameters: { xgb: 5 } })).toThrow(/"hyperparameters" that is not an object/);
    expect(bad({ evaluation_top_k: 0 })).toThrow(
      'has "evaluation_top_k" 0; use a positive integer',
    );
  });
});
