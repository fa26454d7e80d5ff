import { describe, expect, it } from 'vitest';
import type { SynthPartWithParameters } from '../../src/resources/kinds/index.js';
import {
  down,
  failure,
  instance,
  lines,
  problems,
  synthOne,
  template,
  up,
  useInstance,
} from './kinds-fixture.js';

/** The Batch kinds — computeEnvironment, jobQueue, jobDefinition — against the embedded Batch. */

useInstance();

const ce = (over: object = {}) => ({
  kind: 'computeEnvironment',
  name: 'ce',
  maxvCpus: 4,
  ...over,
});
const queue = (over: object = {}) => ({
  kind: 'jobQueue',
  name: 'q',
  computeEnvironments: ['ce'],
  ...over,
});
const jobDef = (over: object = {}) => ({
  kind: 'jobDefinition',
  name: 'train',
  image: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/train:v1',
  command: ['python', 'train.py', '--pk', 'Ref::pk'],
  environment: { STAGE: 'dev' },
  vcpus: 2,
  memory: 4096,
  parameters: { pk: 'all' },
  retryStrategy: { attempts: 2, evaluateOnExit: [{ onExitCode: '137', action: 'RETRY' }] },
  timeout: { attemptDurationSeconds: 600 },
  ...over,
});

const batch = () => instance.mm.services.batch;
const describeCe = async () =>
  (await batch().describeComputeEnvironments({ computeEnvironments: ['ce'] })).computeEnvironments;
const describeQueue = async () => (await batch().describeJobQueues({ jobQueues: ['q'] })).jobQueues;
const revisions = async () =>
  (await batch().describeJobDefinitions({ jobDefinitionName: 'train' })).jobDefinitions.map(
    (d) => `${d.revision} ${d.status}`,
  );

describe('computeEnvironment, jobQueue and jobDefinition', () => {
  it('creates them in Batch, then reports unchanged', async () => {
    const first = await up([ce(), queue(), jobDef()]);
    expect(lines(first.resources)).toEqual([
      'created computeEnvironment ce',
      'created jobQueue q',
      'created jobDefinition train',
    ]);
    expect(await describeCe()).toMatchObject([
      {
        type: 'MANAGED',
        state: 'ENABLED',
        status: 'VALID',
        computeResources: { type: 'FARGATE', maxvCpus: 4 },
      },
    ]);
    const [q] = await describeQueue();
    expect(q).toMatchObject({ priority: 1, state: 'ENABLED' });
    expect(q?.computeEnvironmentOrder).toEqual([
      { order: 1, computeEnvironment: expect.stringMatching(/:compute-environment\/ce$/) },
    ]);
    const [def] = (await batch().describeJobDefinitions({ jobDefinitionName: 'train' }))
      .jobDefinitions;
    expect(def).toMatchObject({
      revision: 1,
      status: 'ACTIVE',
      parameters: { pk: 'all' },
      retryStrategy: { attempts: 2, evaluateOnExit: [{ onExitCode: '137', action: 'RETRY' }] },
      timeout: { attemptDurationSeconds: 600 },
      platformCapabilities: ['EC2'],
    });
    expect(def?.containerProperties).toMatchObject({
      command: ['python', 'train.py', '--pk', 'Ref::pk'],
      environment: [{ name: 'STAGE', value: 'dev' }],
      resourceRequirements: [
        { type: 'VCPU', value: '2' },
        { type: 'MEMORY', value: '4096' },
      ],
    });

    const second = await up([ce(), queue(), jobDef()]);
    expect(second.resources.map((c) => c.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(await revisions()).toEqual(['1 ACTIVE']);
  });

  it('updates in place, and registers a new revision for a changed job definition', async () => {
    await up([ce(), { ...ce({ name: 'ce2' }) }, queue(), jobDef()]);
    const report = await up([
      ce({ maxvCpus: 8, state: 'DISABLED' }),
      ce({ name: 'ce2' }),
      queue({ priority: 10, computeEnvironments: ['ce2', 'ce'] }),
      jobDef({ command: ['python', 'train.py'], gpus: 1 }),
    ]);
    expect(report.resources.map((c) => [c.action, c.name, c.changes])).toEqual([
      ['updated', 'ce', ['state ENABLED → DISABLED', 'maxvCpus']],
      ['unchanged', 'ce2', undefined],
      ['updated', 'q', ['priority', 'computeEnvironments']],
      ['updated', 'train', ['command', 'resourceRequirements', 'new revision']],
    ]);
    expect(await describeCe()).toMatchObject([
      { state: 'DISABLED', computeResources: { maxvCpus: 8 } },
    ]);
    const [q] = await describeQueue();
    expect(q?.priority).toBe(10);
    expect(q?.computeEnvironmentOrder.map((o) => o.computeEnvironment.split('/')[1])).toEqual([
      'ce2',
      'ce',
    ]);
    expect(await revisions()).toEqual(['1 ACTIVE', '2 ACTIVE']);
    const latest = (await batch().describeJobDefinitions({ jobDefinitions: ['train:2'] }))
      .jobDefinitions[0];
    expect(latest?.containerProperties?.resourceRequirements).toContainEqual({
      type: 'GPU',
      value: '1',
    });
    const third = await up([
      ce({ maxvCpus: 8, state: 'DISABLED' }),
      ce({ name: 'ce2' }),
      queue({ priority: 10, computeEnvironments: ['ce2', 'ce'] }),
      jobDef({ command: ['python', 'train.py'], gpus: 1 }),
    ]);
    expect(third.resources.every((c) => c.action === 'unchanged')).toBe(true);
  });

  it('refuses a changed compute type with the fix, applying nothing', async () => {
    await up([ce(), queue()]);
    const error = await failure(up([ce({ computeType: 'EC2' }), queue({ priority: 5 })]));
    expect(error.code).toBe('ValidationError');
    expect(error.message).toContain(
      "resources[0] (computeEnvironment 'ce'): compute environment 'ce' is MANAGED FARGATE, but the config asks for MANAGED EC2; Batch cannot change an environment's compute type in place",
    );
    expect((await describeQueue())[0]?.priority).toBe(1);
  });

  it('down disables and deletes the queue and environment, and deregisters only the revisions up registered', async () => {
    await batch().registerJobDefinition({
      jobDefinitionName: 'train',
      type: 'container',
      containerProperties: { image: 'other:1', command: ['true'] },
    });
    await up([ce(), queue(), jobDef()]);
    await up([ce(), queue(), jobDef({ command: ['echo'] })]);
    expect(await revisions()).toEqual(['1 ACTIVE', '2 ACTIVE', '3 ACTIVE']);
    const report = await down();
    expect(lines(report.resources)).toEqual([
      'kept jobDefinition train',
      'deleted jobQueue q',
      'deleted computeEnvironment ce',
    ]);
    expect(await describeQueue()).toEqual([]);
    expect(await describeCe()).toEqual([]);
    // The definition existed before up, so down keeps it; its own revisions are not touched.
    expect(await revisions()).toEqual(['1 ACTIVE', '2 ACTIVE', '3 ACTIVE']);
  });

  it('down of a job definition it created deregisters every revision it registered', async () => {
    await up([jobDef()]);
    await up([jobDef({ image: 'train:v2' })]);
    await batch().registerJobDefinition({
      jobDefinitionName: 'train',
      type: 'container',
      containerProperties: { image: 'by-ci:1', command: ['true'] },
    });
    expect(lines((await down()).resources)).toEqual(['deleted jobDefinition train']);
    expect(await revisions()).toEqual(['1 INACTIVE', '2 INACTIVE', '3 ACTIVE']);
    // Up again: the name has a revision CI registered, so up adds one and down will leave it.
    const again = await up([jobDef()]);
    expect(again.resources).toMatchObject([
      { action: 'updated', note: 'existed before up; down leaves it' },
    ]);
    expect(await revisions()).toEqual(['1 INACTIVE', '2 INACTIVE', '3 ACTIVE', '4 ACTIVE']);
  });

  it('takes an identical revision registered by others as unchanged', async () => {
    await batch().registerJobDefinition({
      jobDefinitionName: 'train',
      type: 'container',
      containerProperties: {
        image: 'by-ci:1',
        command: ['true'],
        resourceRequirements: [
          { type: 'VCPU', value: '1' },
          { type: 'MEMORY', value: '2048' },
        ],
      },
    });
    const spec = { kind: 'jobDefinition', name: 'train', image: 'by-ci:1', command: ['true'] };
    expect((await up([spec])).resources).toMatchObject([{ action: 'unchanged' }]);
    expect((await up([{ ...spec, memory: 1024 }])).resources).toMatchObject([
      { action: 'updated', changes: ['resourceRequirements', 'new revision'] },
    ]);
    expect(await revisions()).toEqual(['1 ACTIVE', '2 ACTIVE']);
  });

  it('up after down registers a fresh revision and owns it again', async () => {
    await up([jobDef()]);
    await down();
    expect(lines((await up([jobDef()])).resources)).toEqual(['created jobDefinition train']);
    expect(await revisions()).toEqual(['1 INACTIVE', '2 ACTIVE']);
    expect(lines((await down()).resources)).toEqual(['deleted jobDefinition train']);
    expect(await revisions()).toEqual(['1 INACTIVE', '2 INACTIVE']);
  });

  it('refuses to delete an environment that a queue of another stack still uses', async () => {
    await up([ce()]);
    await batch().createJobQueue({
      jobQueueName: 'theirs',
      priority: 1,
      computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce' }],
    });
    const error = await failure(down());
    expect(error.message).toContain(
      "compute environment 'ce' is still used by job queue 'theirs', which this stack did not create",
    );
    expect(await describeCe()).toMatchObject([{ state: 'ENABLED' }]);
  });

  it('names a missing compute environment and the fix', async () => {
    const error = await failure(up([queue({ computeEnvironments: ['nowhere'] })]));
    expect(error.message).toContain(
      "computeEnvironments[0]: job queue 'q' names compute environment 'nowhere', which does not exist; declare it as a computeEnvironment before this jobQueue",
    );
  });
});

describe('Batch kinds: config problems', () => {
  it('names the index, kind, name and field', () => {
    expect(
      problems([
        ce({ name: 'bad name', maxvCpus: -1 }),
        ce({ name: 'f', minvCpus: 2 }),
        queue({ computeEnvironments: [], priority: 1001 }),
        jobDef({ name: 'gpu', gpus: 1, platformCapabilities: ['FARGATE'] }),
        jobDef({ name: 'both', vcpus: 1, resourceRequirements: [{ type: 'VCPU', value: '1' }] }),
        jobDef({
          name: 'env',
          environment: { AWS_BATCH_X: '1' },
          timeout: { attemptDurationSeconds: 5 },
        }),
      ]),
    ).toEqual([
      'resources[0] (computeEnvironment \'bad name\'): name: a Batch name is 1-128 letters, digits, hyphens and underscores, starting with a letter or digit, got "bad name"',
      "resources[0] (computeEnvironment 'bad name'): maxvCpus: Too small: expected number to be >=0, got -1",
      "resources[1] (computeEnvironment 'f'): minvCpus: minvCpus applies to EC2 and SPOT environments only; remove it, or set computeType to EC2",
      "resources[2] (jobQueue 'q'): priority: Too big: expected number to be <=1000, got 1001",
      "resources[2] (jobQueue 'q'): computeEnvironments: list 1 to 3 compute environments",
      'resources[3] (jobDefinition \'gpu\'): platformCapabilities: Fargate has no GPUs; use ["EC2"] for a GPU job definition',
      "resources[4] (jobDefinition 'both'): vcpus: give either vcpus / memory / gpus or resourceRequirements, not both",
      "resources[5] (jobDefinition 'env'): timeout.attemptDurationSeconds: Too small: expected number to be >=60, got 5",
      "resources[5] (jobDefinition 'env'): environment.AWS_BATCH_X: names starting with AWS_BATCH are reserved for the variables Batch sets",
    ]);
  });
});

describe('Batch kinds: synth', () => {
  it('synthesizes the environment with networking Parameters, the queue and the job definition', () => {
    // The queue names an environment outside the template, so by ARN.
    const specs = [
      ce(),
      queue({ computeEnvironments: ['shared'] }),
      jobDef({ tags: { team: 'ml' } }),
    ];
    const t = template(specs);
    expect(Object.keys(t.Resources)).toEqual([
      'CeComputeEnvironment',
      'QJobQueue',
      'TrainJobDefinition',
    ]);
    expect(t.Resources.CeComputeEnvironment).toEqual({
      Type: 'AWS::Batch::ComputeEnvironment',
      Properties: {
        ComputeEnvironmentName: 'ce',
        Type: 'MANAGED',
        State: 'ENABLED',
        ComputeResources: {
          Type: 'FARGATE',
          MaxvCpus: 4,
          Subnets: { Ref: 'BatchSubnetIds' },
          SecurityGroupIds: { Ref: 'BatchSecurityGroupIds' },
        },
      },
    });
    expect(t.Resources.QJobQueue?.Properties?.ComputeEnvironmentOrder).toEqual([
      {
        Order: 1,
        ComputeEnvironment: {
          'Fn::Sub':
            'arn:${AWS::Partition}:batch:${AWS::Region}:${AWS::AccountId}:compute-environment/shared',
        },
      },
    ]);
    expect(t.Resources.TrainJobDefinition?.Properties).toEqual({
      JobDefinitionName: 'train',
      Type: 'container',
      ContainerProperties: {
        Image: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/train:v1',
        Command: ['python', 'train.py', '--pk', 'Ref::pk'],
        Environment: [{ Name: 'STAGE', Value: 'dev' }],
        ResourceRequirements: [
          { Type: 'VCPU', Value: '2' },
          { Type: 'MEMORY', Value: '4096' },
        ],
      },
      Parameters: { pk: 'all' },
      RetryStrategy: { Attempts: 2, EvaluateOnExit: [{ OnExitCode: '137', Action: 'RETRY' }] },
      Timeout: { AttemptDurationSeconds: 600 },
      PlatformCapabilities: ['EC2'],
      Tags: { team: 'ml' },
    });
    expect(t.Outputs?.QJobQueueArn).toEqual({
      Description: 'ARN of job queue q',
      Value: { Ref: 'QJobQueue' },
    });
  });

  it('declares the networking Parameters, refs siblings, and adds roles for EC2 and Fargate', () => {
    const specs = [
      ce({ computeType: 'EC2', instanceTypes: ['g5.xlarge'] }),
      queue(),
      jobDef({ platformCapabilities: ['FARGATE'] }),
    ];
    const env = synthOne(specs, 0).part as SynthPartWithParameters;
    expect(Object.keys(env.parameters)).toEqual(['BatchSubnetIds', 'BatchSecurityGroupIds']);
    expect(env.parameters.BatchSubnetIds?.Type).toBe('List<AWS::EC2::Subnet::Id>');
    expect(env.resources.SelfInstanceProfile).toEqual({
      Type: 'AWS::IAM::InstanceProfile',
      Properties: { Roles: [{ Ref: 'SelfInstanceRole' }] },
    });
    expect(env.resources.Self?.Properties?.ComputeResources).toMatchObject({
      Type: 'EC2',
      MinvCpus: 0,
      InstanceTypes: ['g5.xlarge'],
      InstanceRole: { 'Fn::GetAtt': ['SelfInstanceProfile', 'Arn'] },
    });
    const linked = synthOne(specs, 1, { 'computeEnvironment:ce': 'CeComputeEnvironment' }).part;
    expect(linked.resources.Self?.Properties?.ComputeEnvironmentOrder).toEqual([
      { Order: 1, ComputeEnvironment: { Ref: 'CeComputeEnvironment' } },
    ]);
    const fargate = synthOne(specs, 2).part;
    expect(fargate.resources.SelfExecutionRole?.Type).toBe('AWS::IAM::Role');
    expect(fargate.resources.Self?.Properties?.ContainerProperties).toMatchObject({
      ExecutionRoleArn: { 'Fn::GetAtt': ['SelfExecutionRole', 'Arn'] },
      NetworkConfiguration: { AssignPublicIp: 'DISABLED' },
    });
  });
});
