import { describe, expect, it } from 'vitest';
import { actionsFor } from './kinds/state-machine-policy.js';
import { assignLogicalIds, baseLogicalId } from './logical-id.js';

describe('logical ids', () => {
  it('are the name in PascalCase plus the kind suffix', () => {
    expect(baseLogicalId('jenkins-pl-apsouth1-training-input-table', 'Table')).toBe(
      'JenkinsPlApsouth1TrainingInputTableTable',
    );
    expect(baseLogicalId('/np-dapf-ssm/training/ecr_training', 'Parameter')).toBe(
      'NpDapfSsmTrainingEcrTrainingParameter',
    );
    expect(baseLogicalId('1st-data', 'Bucket')).toBe('R1stDataBucket');
  });

  it('disambiguate colliding names with a stable hash, and stay within 255 characters', () => {
    const ids = assignLogicalIds([
      { name: 'a-b', suffix: 'Bucket' },
      { name: 'a_b', suffix: 'Bucket' },
      { name: 'a-b', suffix: 'Table' },
    ]);
    expect(ids[2]).toBe('ABTable');
    expect(ids[0]).toMatch(/^AB[0-9A-Fa-f]{8}Bucket$/);
    expect(ids[1]).toMatch(/^AB[0-9A-Fa-f]{8}Bucket$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(
      assignLogicalIds([
        { name: 'a-b', suffix: 'Bucket' },
        { name: 'a_b', suffix: 'Bucket' },
      ]),
    ).toEqual(ids.slice(0, 2));
    const long = baseLogicalId('x'.repeat(300), 'Table');
    expect(long.length).toBeLessThanOrEqual(255);
    expect(long.endsWith('Table')).toBe(true);
  });
});

describe('state machine role actions', () => {
  it('reads the IAM actions from Task resources, .sync integrations and distributed Maps', () => {
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Train',
              States: {
                Train: {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::glue:startJobRun.sync',
                  End: true,
                },
              },
            },
          ],
          Next: 'M',
        },
        M: {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:getObject' },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
            StartAt: 'Fn',
            States: {
              Fn: {
                Type: 'Task',
                Resource: 'arn:aws:lambda:us-east-1:123456789012:function:score',
                End: true,
              },
            },
          },
          Next: 'Put',
        },
        Put: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:sfn:listExecutions',
          Parameters: { Resource: 'not a task' },
          End: true,
        },
      },
    };
    expect(actionsFor(definition)).toEqual([
      'events:DescribeRule',
      'events:PutRule',
      'events:PutTargets',
      'glue:BatchStopJobRun',
      'glue:GetJobRun',
      'glue:GetJobRuns',
      'glue:StartJobRun',
      'lambda:InvokeFunction',
      's3:GetObject',
      'states:DescribeExecution',
      'states:ListExecutions',
      'states:StartExecution',
      'states:StopExecution',
    ]);
  });
});
