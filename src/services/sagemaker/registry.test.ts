import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../core/index.js';
import { openDatabase } from '../../store/index.js';
import { rejection } from '../common/index.js';
import { createLocalModelRegistry } from './registry.js';
import type { EventEntry, ModelRegistry } from './types.js';

const scope = { region: 'ap-south-1', accountId: '123456789012' };

function setup(): {
  registry: ModelRegistry;
  events: EventEntry[];
  clock: ReturnType<typeof createFakeClock>;
} {
  const events: EventEntry[] = [];
  const clock = createFakeClock(Date.UTC(2024, 5, 1));
  const registry = createLocalModelRegistry({
    db: openDatabase(':memory:'),
    scope,
    clock,
    events: { putEvents: async (entries) => void events.push(...entries) },
  });
  return { registry, events, clock };
}

const spec = {
  Containers: [
    {
      Image: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/batch:abc',
      ModelDataUrl: 's3://m/model.tar.gz',
    },
  ],
  SupportedContentTypes: ['text/csv'],
  SupportedResponseMIMETypes: ['text/csv'],
};

describe('model registry', () => {
  it('numbers versions per group, pending approval by default, and emits a state-change event', async () => {
    const { registry, events, clock } = setup();
    const { ModelPackageGroupArn } = await registry.createModelPackageGroup({
      ModelPackageGroupName: 'uc-dapf-mpg',
      ModelPackageGroupDescription: 'winners',
    });
    expect(ModelPackageGroupArn).toBe(
      'arn:aws:sagemaker:ap-south-1:123456789012:model-package-group/uc-dapf-mpg',
    );
    const first = await registry.createModelPackage({
      ModelPackageGroupName: 'uc-dapf-mpg',
      InferenceSpecification: spec,
      CustomerMetadataProperties: {
        winning_algo: 'xgb',
        winning_algo_metric: '0.91',
        winningalgos3uri: 's3://shared/training/',
      },
      MetadataProperties: {
        CommitId: 'abc',
        GeneratedBy: 'framework_evaluation',
        ProjectId: 'uc',
        Repository: 'git@x:y.git',
      },
    });
    clock.advance(1000);
    const second = await registry.createModelPackage({
      ModelPackageGroupName: 'uc-dapf-mpg',
      InferenceSpecification: spec,
      ModelApprovalStatus: 'Approved',
    });
    expect(first.ModelPackageArn).toBe(
      'arn:aws:sagemaker:ap-south-1:123456789012:model-package/uc-dapf-mpg/1',
    );
    expect(second.ModelPackageArn).toMatch(/model-package\/uc-dapf-mpg\/2$/);
    const described = await registry.describeModelPackage({
      ModelPackageName: first.ModelPackageArn,
    });
    expect(described).toMatchObject({
      ModelPackageGroupName: 'uc-dapf-mpg',
      ModelPackageVersion: 1,
      ModelPackageStatus: 'Completed',
      ModelApprovalStatus: 'PendingManualApproval',
      CustomerMetadataProperties: { winning_algo: 'xgb' },
      MetadataProperties: { GeneratedBy: 'framework_evaluation' },
      InferenceSpecification: spec,
    });
    expect(await registry.describeModelPackage({ ModelPackageName: 'uc-dapf-mpg/1' })).toEqual(
      described,
    );
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      Source: 'aws.sagemaker',
      DetailType: 'SageMaker Model Package State Change',
      Resources: [first.ModelPackageArn],
    });
    expect(JSON.parse(events[0]!.Detail)).toMatchObject({
      ModelPackageVersion: 1,
      ModelApprovalStatus: 'PendingManualApproval',
      CreationTime: Date.UTC(2024, 5, 1),
    });
  });

  it('approves with UpdateModelPackage, merging metadata, and the event carries what approval rules match on', async () => {
    const { registry, events } = setup();
    await registry.createModelPackageGroup({ ModelPackageGroupName: 'g' });
    const { ModelPackageArn } = await registry.createModelPackage({
      ModelPackageGroupName: 'g',
      CustomerMetadataProperties: { a: '1', b: '2' },
    });
    await registry.updateModelPackage({
      ModelPackageArn,
      ModelApprovalStatus: 'Approved',
      ApprovalDescription: 'looks good',
      CustomerMetadataProperties: { c: '3' },
      CustomerMetadataPropertiesToRemove: ['a'],
    });
    const doc = await registry.describeModelPackage({ ModelPackageName: ModelPackageArn });
    expect(doc).toMatchObject({
      ModelApprovalStatus: 'Approved',
      ApprovalDescription: 'looks good',
      CustomerMetadataProperties: { b: '2', c: '3' },
    });
    const detail = JSON.parse(events[events.length - 1]!.Detail);
    expect(detail).toMatchObject({
      ModelPackageGroupName: 'g',
      ModelPackageVersion: 1,
      ModelPackageArn,
      ModelApprovalStatus: 'Approved',
      CustomerMetadataProperties: { b: '2', c: '3' },
    });
    const bad = await rejection(
      registry.updateModelPackage({ ModelPackageArn, ModelApprovalStatus: 'Maybe' as 'Approved' }),
    );
    expect(bad.message).toMatch(
      /Member must satisfy enum value set: \[Approved, Rejected, PendingManualApproval\]/,
    );
  });

  it('refuses packages and groups that do not exist', async () => {
    const { registry, events } = setup();
    const update = await rejection(
      registry.updateModelPackage({
        ModelPackageArn: 'arn:aws:sagemaker:ap-south-1:123456789012:model-package/nope/3',
        ModelApprovalStatus: 'Approved',
      }),
    );
    expect(update).toMatchObject({
      code: 'ValidationException',
      message:
        'ModelPackage arn:aws:sagemaker:ap-south-1:123456789012:model-package/nope/3 does not exist.',
    });
    const create = await rejection(registry.createModelPackage({ ModelPackageGroupName: 'nope' }));
    expect(create.message).toBe('ModelPackageGroup nope does not exist.');
    expect(events).toEqual([]);
    await registry.createModelPackageGroup({ ModelPackageGroupName: 'held' });
    await registry.createModelPackage({ ModelPackageGroupName: 'held' });
    expect(
      (await rejection(registry.deleteModelPackageGroup({ ModelPackageGroupName: 'held' }))).code,
    ).toBe('ConflictException');
  });

  it('lists with group, status and time filters and both sort orders', async () => {
    const { registry, clock } = setup();
    await registry.createModelPackageGroup({ ModelPackageGroupName: 'a' });
    await registry.createModelPackageGroup({ ModelPackageGroupName: 'b' });
    for (const [group, status] of [
      ['a', 'Approved'],
      ['a', 'Rejected'],
      ['b', 'Approved'],
      ['a', 'PendingManualApproval'],
    ] as const) {
      clock.advance(60_000);
      await registry.createModelPackage({
        ModelPackageGroupName: group,
        ModelApprovalStatus: status,
      });
    }
    const inA = await registry.listModelPackages({ ModelPackageGroupName: 'a' });
    expect(inA.ModelPackageSummaryList.map((s) => s.ModelPackageVersion)).toEqual([1, 2, 3]);
    const approved = await registry.listModelPackages({
      ModelPackageType: 'Both',
      ModelApprovalStatus: 'Approved',
      SortOrder: 'Descending',
    });
    expect(
      approved.ModelPackageSummaryList.map((s) => s.ModelPackageArn.split('/').slice(-2).join('/')),
    ).toEqual(['b/1', 'a/1']);
    const later = await registry.listModelPackages({
      ModelPackageGroupName: 'a',
      CreationTimeAfter: Date.UTC(2024, 5, 1) / 1000 + 90,
      SortBy: 'Name',
      SortOrder: 'Descending',
    });
    expect(later.ModelPackageSummaryList.map((s) => s.ModelPackageVersion)).toEqual([3, 2]);
    expect((await registry.listModelPackages({})).ModelPackageSummaryList).toEqual([]);
    const groups = await registry.listModelPackageGroups({
      SortBy: 'Name',
      SortOrder: 'Descending',
    });
    expect(groups.ModelPackageGroupSummaryList.map((g) => g.ModelPackageGroupName)).toEqual([
      'b',
      'a',
    ]);
  });
});
