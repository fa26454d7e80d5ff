import { describe, expect, it } from 'vitest';
import {
  down,
  failure,
  instance,
  lines,
  problems,
  template,
  up,
  useInstance,
} from './kinds-fixture.js';

/** The `modelPackageGroup` kind against the embedded SageMaker model registry. */

useInstance();

const group = (over: object = {}) => ({
  kind: 'modelPackageGroup',
  name: 'np-dapf-mpg',
  description: 'Models of the DAPM training pipeline',
  ...over,
});

const sagemaker = () => instance.mm.services.sagemaker;
const groups = async () =>
  (await sagemaker().listModelPackageGroups()).ModelPackageGroupSummaryList.map(
    (g) => g.ModelPackageGroupName,
  );
const versions = async (name = 'np-dapf-mpg') =>
  (
    await sagemaker().listModelPackages({ ModelPackageGroupName: name })
  ).ModelPackageSummaryList.map((p) => `${p.ModelPackageVersion} ${p.ModelApprovalStatus}`);
const addPackage = (name = 'np-dapf-mpg') =>
  sagemaker().createModelPackage({
    ModelPackageGroupName: name,
    ModelPackageDescription: 'xgb champion',
    InferenceSpecification: {
      Containers: [{ Image: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/infer:v1' }],
      SupportedContentTypes: ['text/csv'],
      SupportedResponseMIMETypes: ['text/csv'],
    },
  });

describe('modelPackageGroup', () => {
  it('creates the group with its description and tags, then reports unchanged', async () => {
    const first = await up([group({ tags: { team: 'ml' } })]);
    expect(lines(first.resources)).toEqual(['created modelPackageGroup np-dapf-mpg']);
    expect(
      await sagemaker().describeModelPackageGroup({ ModelPackageGroupName: 'np-dapf-mpg' }),
    ).toMatchObject({
      ModelPackageGroupName: 'np-dapf-mpg',
      ModelPackageGroupDescription: 'Models of the DAPM training pipeline',
      ModelPackageGroupStatus: 'Completed',
    });
    expect((await up([group()])).resources).toMatchObject([{ action: 'unchanged' }]);
  });

  it('sets the description on creation only: SageMaker cannot change it', async () => {
    await up([group()]);
    const report = await up([group({ description: 'another text' })]);
    expect(report.resources).toMatchObject([{ action: 'unchanged' }]);
    expect(
      (await sagemaker().describeModelPackageGroup({ ModelPackageGroupName: 'np-dapf-mpg' }))
        .ModelPackageGroupDescription,
    ).toBe('Models of the DAPM training pipeline');
  });

  it('down deletes an empty group, and keeps a group that existed before', async () => {
    await sagemaker().createModelPackageGroup({ ModelPackageGroupName: 'theirs' });
    await addPackage('theirs');
    await up([group(), group({ name: 'theirs' })]);
    expect(lines((await down()).resources)).toEqual([
      'kept modelPackageGroup theirs',
      'deleted modelPackageGroup np-dapf-mpg',
    ]);
    expect(await groups()).toEqual(['theirs']);
    expect(await versions('theirs')).toEqual(['1 PendingManualApproval']);
  });

  it('refuses to delete a group holding packages, removing nothing; --force deletes them first', async () => {
    await up([{ kind: 'bucket', name: 'models' }, group()]);
    await addPackage();
    await addPackage();
    expect(await versions()).toEqual(['1 PendingManualApproval', '2 PendingManualApproval']);

    const refused = await failure(down());
    expect(refused.code).toBe('ValidationError');
    expect(refused.message).toBe(
      "down refused; nothing was removed:\nmodel package group 'np-dapf-mpg' still holds 2 model package(s) (version 1, version 2); deleting it would delete those models. Run down again with --force to delete the packages and the group, or delete the packages first (DeleteModelPackage)",
    );
    expect(await groups()).toEqual(['np-dapf-mpg']);
    expect(await versions()).toHaveLength(2);
    // Refused before anything was removed: the bucket, listed first, is still there.
    await expect(instance.mm.services.s3.headBucket({ Bucket: 'models' })).resolves.toBeDefined();

    const forced = await down(true);
    expect(lines(forced.resources)).toEqual([
      'deleted modelPackageGroup np-dapf-mpg',
      'deleted bucket models',
    ]);
    expect(await groups()).toEqual([]);
    expect(
      (await sagemaker().listModelPackages({ ModelPackageType: 'Both' })).ModelPackageSummaryList,
    ).toEqual([]);
  });

  it('reports a group deleted behind its back as already gone', async () => {
    await up([group()]);
    await sagemaker().deleteModelPackageGroup({ ModelPackageGroupName: 'np-dapf-mpg' });
    expect((await down()).resources).toMatchObject([{ action: 'absent', note: 'already gone' }]);
  });
});

describe('modelPackageGroup: config problems', () => {
  it('names the index, kind, name and field', () => {
    expect(
      problems([
        group({ name: '-dapf' }),
        group({ name: 'ok', description: 'x'.repeat(1025) }),
        group({ name: 'ok2', approval: 'Approved' }),
      ]),
    ).toEqual([
      'resources[0] (modelPackageGroup \'-dapf\'): name: a model package group name is 1-63 letters, digits and hyphens, with no leading or trailing hyphen, got "-dapf"',
      expect.stringMatching(
        /^resources\[1\] \(modelPackageGroup 'ok'\): description: Too big: expected string to have <=1024 characters, got "x+\.\.\.$/,
      ),
      "resources[2] (modelPackageGroup 'ok2'): approval: unknown field; remove it or check its spelling",
    ]);
  });
});

describe('modelPackageGroup: synth', () => {
  it('synthesizes AWS::SageMaker::ModelPackageGroup with its ARN as an output', () => {
    const t = template([
      group({ tags: { team: 'ml' } }),
      group({ name: 'bare', description: undefined }),
    ]);
    expect(t.Resources).toEqual({
      NpDapfMpgModelPackageGroup: {
        Type: 'AWS::SageMaker::ModelPackageGroup',
        Properties: {
          ModelPackageGroupName: 'np-dapf-mpg',
          ModelPackageGroupDescription: 'Models of the DAPM training pipeline',
          Tags: [{ Key: 'team', Value: 'ml' }],
        },
      },
      BareModelPackageGroup: {
        Type: 'AWS::SageMaker::ModelPackageGroup',
        Properties: { ModelPackageGroupName: 'bare' },
      },
    });
    expect(t.Outputs?.NpDapfMpgModelPackageGroupArn).toEqual({
      Description: 'ARN of model package group np-dapf-mpg',
      Value: { 'Fn::GetAtt': ['NpDapfMpgModelPackageGroup', 'ModelPackageGroupArn'] },
    });
  });
});
