import { describe, expect, it } from 'vitest';
import {
  hiveValue,
  joinUri,
  parseAlgorithmList,
  requireArgs,
  runKeyOf,
  runPath,
  stepJobIdOf,
} from './ml-args.js';

const arn =
  'arn:aws:states:ap-south-1:731580992380:execution:jenkins-pl-apsouth1-modelops-training-orchestrator:run-7';

describe('model job arguments', () => {
  it('names every missing argument at once', () => {
    expect(() => requireArgs('dapm-x', { a: '1', b: '' }, ['a', 'b', 'c'])).toThrow(
      'dapm-x: missing arguments --b, --c; pass each as --key value',
    );
    expect(requireArgs('dapm-x', { a: '1', z: '2' }, ['a'])).toEqual({ a: '1' });
  });

  it('derives the step job id and the run path, zero-padding month and day', () => {
    expect(stepJobIdOf(arn)).toBe('jenkins-pl-apsouth1-modelops-training-orchestrator-run-7');
    expect(() => stepJobIdOf('run-7')).toThrow(/is not an execution ARN/);
    const run = runKeyOf({ year: '2024', month: '6', day: '03', execution_id: arn }, 'dapm-x');
    expect(runPath(run)).toBe(
      'year=2024/month=06/day=03/stepjobid=jenkins-pl-apsouth1-modelops-training-orchestrator-run-7',
    );
    expect(() =>
      runKeyOf({ year: '24x', month: '6', day: '3', execution_id: arn }, 'dapm-x'),
    ).toThrow("dapm-x: --year '24x' must be a number of at most 4 digits");
  });

  it('escapes partition values as Hive does and joins URIs with single slashes', () => {
    expect(hiveValue('gear-001')).toBe('gear-001');
    expect(hiveValue('a/b=c:d%e f')).toBe('a%2Fb%3Dc%3Ad%25e f');
    expect(hiveValue('tab\there')).toBe('tab%09here');
    expect(joinUri('s3://b/a/', '/x', 'y/', 'z.json')).toBe('s3://b/a/x/y/z.json');
  });

  it('reads algorithm lists as comma-separated words or JSON', () => {
    expect(parseAlgorithmList(' lr, xgb,,rf,lr ')).toEqual(['lr', 'xgb', 'rf']);
    expect(parseAlgorithmList('["lr","rf"]')).toEqual(['lr', 'rf']);
    expect(() => parseAlgorithmList('[lr')).toThrow(/neither a comma-separated list/);
  });
});
