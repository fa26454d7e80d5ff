import { describe, expect, it } from 'vitest';
import { parseModelPrefix } from '../../src/pipelines/dapm/jobs/gatekeeper-inference.js';
import {
  analyticsBucketFor,
  runOf,
  runPrefix,
  stepJobIdOf,
} from '../../src/pipelines/dapm/jobs/orchestration-args.js';
import {
  batchJobName,
  doubledResources,
} from '../../src/pipelines/dapm/jobs/orchestration-batch.js';
import {
  crossMappingProblems,
  inferenceAlgorithms,
  parseMappingJson,
} from '../../src/pipelines/dapm/jobs/orchestration-mapping.js';
import { imageTag } from '../../src/pipelines/dapm/jobs/orchestration-ssm.js';
import { progressLine, progressOf } from '../../src/pipelines/dapm/jobs/status-check.js';
import type { JobDetail } from '../../src/services/batch/index.js';
import { testMapping } from './orchestration-fixture.js';

/** The pure parts of the orchestration jobs: names, paths, mapping rules, progress. */
describe('orchestration helpers', () => {
  it('derives the step job id and the run prefix, escaping the id as Hive does', () => {
    expect(stepJobIdOf('arn:aws:states:ap-south-1:1:execution:uc-orchestrator:run-7')).toBe(
      'uc-orchestrator-run-7',
    );
    expect(() => stepJobIdOf('run-7')).toThrow(/is not an execution ARN/);
    const run = runOf({
      year: '2024',
      month: '6',
      day: '3',
      execution_id: 'arn:aws:states:r:1:execution:sm:a=b',
    });
    expect(runPrefix(run)).toBe('year=2024/month=06/day=03/stepjobid=sm-a%3Db');
    expect(() => runOf({ year: '24x', month: '1', day: '1', execution_id: 'x' })).toThrow(
      /--year '24x' is not a number/,
    );
    expect(analyticsBucketFor('uc-pl-apsouth1-training-internal')).toBe(
      'uc-pl-apsouth1-analytics-etl',
    );
  });

  it('reads the training run of an approved prefix, unescaping the step job id', () => {
    expect(
      parseModelPrefix('s3://b/training/year=2024/month=06/day=01/stepjobid=sm-a%3Db/'),
    ).toEqual({ bucket: 'b', run: { year: '2024', month: '06', day: '01', stepJobId: 'sm-a=b' } });
    expect(parseModelPrefix('s3://b/models/latest/')).toBeUndefined();
  });

  it('takes the commit from the image tag', () => {
    expect(imageTag('1.dkr.ecr.ap-south-1.amazonaws.com/repo:abc123')).toBe('abc123');
    expect(imageTag('localhost:5000/repo')).toBe('latest');
    expect(imageTag('repo@sha256:ff')).toBe('sha256:ff');
  });

  it('names Batch jobs within Batch rules and doubles a job’s resources', () => {
    const name = batchJobName('uc-job', 'a/b ü', 'x'.repeat(200));
    expect(name).toMatch(/^uc-job_[0-9a-f]{8}_a-b--_x+$/);
    expect(name).toHaveLength(128);
    const detail = {
      container: {
        resourceRequirements: [
          { type: 'VCPU', value: '0.5' },
          { type: 'MEMORY', value: '1536' },
        ],
      },
    } as unknown as JobDetail;
    expect(doubledResources(detail)).toEqual([
      { type: 'VCPU', value: '1' },
      { type: 'MEMORY', value: '3072' },
    ]);
    const legacy = { container: { vcpus: 2, memory: 512 } } as unknown as JobDetail;
    expect(doubledResources(legacy)).toEqual([
      { type: 'VCPU', value: '4' },
      { type: 'MEMORY', value: '1024' },
    ]);
  });

  it('applies the mapping rules between training and inference', () => {
    const training = parseMappingJson(JSON.stringify(testMapping(['lr', 'rf'])), 't');
    const doc = testMapping([]);
    doc.mapping_json_data.Inference.mappingColumn = 'plant';
    (doc.mapping_json_data.Inference as { mapping: Record<string, unknown> }).mapping = {
      gurgaon: 'rf',
      manesar: ['lr', 'xgb'],
    };
    const inference = parseMappingJson(JSON.stringify(doc), 'i');
    expect(inferenceAlgorithms(inference)).toEqual(['rf', 'lr', 'xgb']);
    expect(crossMappingProblems(training, inference)).toEqual([
      'inference uses xgb, which training does not train (Training.all_algorithms: lr, rf); add them to training or remove them from inference',
    ]);
    expect(() => parseMappingJson('{"mapping_json_data": {}}', 's3://b/m.json')).toThrow(
      'mapping JSON s3://b/m.json: mapping_json_data.primary_key must name the primary-key column',
    );
  });

  it('counts progress the way the CLI shows it', () => {
    const items = [
      { awsbatch_job_status_overall: 'SUCCEEDED', num_runs: 1 },
      { awsbatch_job_status_overall: 'RUNNING', num_runs: 2 },
      { awsbatch_job_status_overall: 'FAILED', num_runs: 2 },
      { awsbatch_job_status_overall: 'RUNNABLE', num_runs: 1 },
    ];
    const progress = progressOf(items, 1);
    expect(progressLine(progress)).toBe('1/5 succeeded, 3 failed (1 re-running), 1 running');
    expect(progress.done).toBe(false);
  });
});
