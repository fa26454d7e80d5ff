import { describe, expect, it } from 'vitest';
import { commitOfImage, modelPackageRequest } from './ml-model-package.js';

describe('model package request', () => {
  const facts = {
    group: 'jenkins-pl-apsouth1-dapf-mpg',
    useCase: 'jenkins',
    stepJobId: 'orchestrator-run-1',
    winner: 'xgb',
    metricName: 'rmse',
    metricValue: 1.25,
    trainingPrefix: 's3://shared/training/year=2024/month=06/day=30/stepjobid=orchestrator-run-1/',
    image: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/repo:9f8e7d',
    commitId: undefined,
    repository: 'github/org/repo.git',
  };

  it('asks for a package awaiting approval that names the winner and the run', () => {
    expect(modelPackageRequest(facts)).toEqual({
      ModelPackageGroupName: facts.group,
      ModelPackageDescription:
        'jenkins DAPM training run orchestrator-run-1: xgb ranked first on rmse (1.25)',
      ModelApprovalStatus: 'PendingManualApproval',
      InferenceSpecification: {
        Containers: [{ Image: facts.image }],
        SupportedContentTypes: ['text/csv'],
        SupportedResponseMIMETypes: ['text/csv'],
      },
      MetadataProperties: {
        CommitId: '9f8e7d',
        GeneratedBy: 'framework_evaluation',
        ProjectId: 'jenkins',
        Repository: 'github/org/repo.git',
      },
      CustomerMetadataProperties: {
        winning_algo: 'xgb',
        winning_algo_metric: '1.25',
        winningalgos3uri: facts.trainingPrefix,
      },
    });
    expect(modelPackageRequest({ ...facts, commitId: 'abc' }).MetadataProperties?.CommitId).toBe(
      'abc',
    );
  });

  it('reads the commit id from an image tag, not from a registry port', () => {
    expect(commitOfImage('localhost:5000/repo')).toBeUndefined();
    expect(commitOfImage('localhost:5000/repo:v2')).toBe('v2');
  });
});
