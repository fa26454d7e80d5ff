import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../common/index.js';
import type { SageMakerService } from './types.js';

/**
 * The contract every SageMaker adapter keeps, run against the embedded
 * SageMaker always and against SageMaker when an endpoint is configured. It
 * asserts only what SageMaker itself does, with SageMaker's error names. The
 * registry and error part costs nothing on AWS; a training job runs only
 * when the caller gives one that can run there (real SageMaker bills for it).
 */

/** A training job the adapter's backend can run: image, role and data. */
export interface SageMakerContractTraining {
  image: string;
  role: string;
  /** An S3 prefix of CSV training data (label first). */
  trainUri: string;
  /** Where models go. */
  outputUri: string;
  hyperParameters?: Record<string, string>;
}

function codeOf(err: { code?: string; name?: string }): string | undefined {
  return err.code ?? err.name;
}

/** Runs the suite against the adapter `makeAdapter` builds; resources are prefixed and deleted afterwards. */
export function runSageMakerContract(
  name: string,
  makeAdapter: () => SageMakerService | Promise<SageMakerService>,
  training?: SageMakerContractTraining,
): void {
  const prefix = `mm-contract-${Date.now().toString(36)}`;
  const group = `${prefix}-group`;
  let sm: SageMakerService;
  describe(`SageMaker contract: ${name}`, () => {
    beforeAll(async () => {
      sm = await makeAdapter();
    });
    afterAll(async () => {
      const { ModelPackageSummaryList } = await sm
        .listModelPackages({ ModelPackageGroupName: group })
        .catch(() => ({ ModelPackageSummaryList: [] }));
      for (const p of ModelPackageSummaryList)
        await sm.deleteModelPackage({ ModelPackageName: p.ModelPackageArn });
      await sm.deleteModelPackageGroup({ ModelPackageGroupName: group }).catch(() => undefined);
    });

    it('keeps versioned model packages with their approval status', async () => {
      const { ModelPackageGroupArn } = await sm.createModelPackageGroup({
        ModelPackageGroupName: group,
        ModelPackageGroupDescription: 'contract',
      });
      expect(ModelPackageGroupArn).toMatch(new RegExp(`:model-package-group/${group}$`));
      expect(await sm.describeModelPackageGroup({ ModelPackageGroupName: group })).toMatchObject({
        ModelPackageGroupName: group,
        ModelPackageGroupStatus: 'Completed',
      });
      const first = await sm.createModelPackage({
        ModelPackageGroupName: group,
        ModelPackageDescription: 'first',
        CustomerMetadataProperties: { winning_algo: 'xgb' },
        MetadataProperties: { CommitId: 'abc123', GeneratedBy: 'contract', ProjectId: 'mm' },
      });
      const second = await sm.createModelPackage({
        ModelPackageGroupName: group,
        ModelApprovalStatus: 'Approved',
      });
      expect(first.ModelPackageArn).toMatch(new RegExp(`:model-package/${group}/1$`));
      expect(second.ModelPackageArn).toMatch(new RegExp(`:model-package/${group}/2$`));
      const described = await sm.describeModelPackage({ ModelPackageName: first.ModelPackageArn });
      expect(described).toMatchObject({
        ModelPackageGroupName: group,
        ModelPackageVersion: 1,
        ModelApprovalStatus: 'PendingManualApproval',
        CustomerMetadataProperties: { winning_algo: 'xgb' },
        MetadataProperties: { CommitId: 'abc123', GeneratedBy: 'contract', ProjectId: 'mm' },
      });
      expect(typeof described.CreationTime).toBe('number');
      await sm.updateModelPackage({
        ModelPackageArn: first.ModelPackageArn,
        ModelApprovalStatus: 'Approved',
        ApprovalDescription: 'ok',
      });
      expect(
        (await sm.describeModelPackage({ ModelPackageName: first.ModelPackageArn }))
          .ModelApprovalStatus,
      ).toBe('Approved');
      const approved = await sm.listModelPackages({
        ModelPackageGroupName: group,
        ModelApprovalStatus: 'Approved',
        SortBy: 'CreationTime',
        SortOrder: 'Descending',
      });
      expect(approved.ModelPackageSummaryList.map((p) => p.ModelPackageVersion)).toEqual([2, 1]);
      const conflict = await rejection(
        sm.deleteModelPackageGroup({ ModelPackageGroupName: group }),
      );
      expect(codeOf(conflict)).toBe('ConflictException');
    });

    it("answers SageMaker's errors for what does not exist", async () => {
      const job = await rejection(sm.describeTrainingJob({ TrainingJobName: `${prefix}-none` }));
      expect(codeOf(job)).toBe('ValidationException');
      const endpoint = await rejection(
        sm.updateEndpoint({ EndpointName: `${prefix}-none`, EndpointConfigName: `${prefix}-none` }),
      );
      expect(codeOf(endpoint)).toBe('ValidationException');
      expect(endpoint.message).toMatch(/^Could not find endpoint/);
      const model = await rejection(sm.describeModel({ ModelName: `${prefix}-none` }));
      expect(model.message).toMatch(/^Could not find model/);
      const pkg = await rejection(sm.describeModelPackage({ ModelPackageName: `${prefix}-none` }));
      expect(codeOf(pkg)).toBe('ValidationException');
      expect(
        Array.isArray((await sm.listTrainingJobs({ MaxResults: 5 })).TrainingJobSummaries),
      ).toBe(true);
    });

    if (training) {
      it('runs a training job to Completed with its model artifacts', async () => {
        const jobName = `${prefix}-train`;
        await sm.createTrainingJob({
          TrainingJobName: jobName,
          RoleArn: training.role,
          AlgorithmSpecification: { TrainingImage: training.image, TrainingInputMode: 'File' },
          HyperParameters: training.hyperParameters ?? {},
          InputDataConfig: [
            {
              ChannelName: 'train',
              ContentType: 'text/csv',
              DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: training.trainUri } },
            },
          ],
          OutputDataConfig: { S3OutputPath: training.outputUri },
          ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 10 },
          StoppingCondition: { MaxRuntimeInSeconds: 1800 },
        });
        const done = await sm.waitForTrainingJob(jobName);
        expect(done.TrainingJobStatus).toBe('Completed');
        expect(done.ModelArtifacts.S3ModelArtifacts).toBe(
          `${training.outputUri.replace(/\/$/, '')}/${jobName}/output/model.tar.gz`,
        );
        const listed = await sm.listTrainingJobs({ NameContains: jobName });
        expect(listed.TrainingJobSummaries.map((s) => s.TrainingJobName)).toEqual([jobName]);
      });
    }
  });
}
