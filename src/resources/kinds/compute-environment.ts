import { z } from 'zod';
import { ModelmillError } from '../../core/index.js';
import type { ComputeEnvironmentDetail, ComputeResources } from '../../services/batch/index.js';
import type { CfnResource, ResourceHost, ResourcePlan } from '../types.js';
import { defineKind } from '../types.js';
import {
  allJobQueues,
  batchName,
  batchState,
  batchTags,
  findComputeEnvironment,
} from './batch-support.js';
import { cannotChange, defined, tagsSchema } from './support.js';
import type { SynthPartWithParameters } from './synth-links.js';
import { managedPolicy, serviceRole } from './synth-links.js';

/**
 * `computeEnvironment`: a managed AWS Batch compute environment. Locally it is
 * the pool of vCPUs jobs run in (`maxvCpus` caps what runs at once); on AWS it
 * also needs networking, which the template takes as Parameters
 * (`BatchSubnetIds`, `BatchSecurityGroupIds`). State and vCPUs change in place;
 * the compute type cannot.
 */

/** The networking placeholders every synthesized compute environment uses. */
export const BATCH_NETWORK_PARAMETERS = {
  BatchSubnetIds: {
    Type: 'List<AWS::EC2::Subnet::Id>',
    Description: 'Subnets the Batch compute environments launch into',
  },
  BatchSecurityGroupIds: {
    Type: 'List<AWS::EC2::SecurityGroup::Id>',
    Description: 'Security groups of the Batch compute environments',
  },
} as const;

const computeEnvironmentSchema = z
  .strictObject({
    kind: z.literal('computeEnvironment'),
    /** 1-128 letters, digits, `-` and `_`. */
    name: batchName,
    /** MANAGED (the only type modelmill declares). */
    type: z.literal('MANAGED').default('MANAGED'),
    /** FARGATE (default), FARGATE_SPOT, EC2 or SPOT. */
    computeType: z.enum(['FARGATE', 'FARGATE_SPOT', 'EC2', 'SPOT']).default('FARGATE'),
    /** The most vCPUs in use at once. Default 16. */
    maxvCpus: z.int().min(0).default(16),
    /** EC2/SPOT only: vCPUs kept running. Default 0 there. */
    minvCpus: z.int().min(0).optional(),
    /** EC2/SPOT only: instance types. Default ["optimal"] there. */
    instanceTypes: z.array(z.string().min(1)).min(1).optional(),
    /** ENABLED (default) or DISABLED: a disabled environment takes no new jobs. */
    state: batchState,
    /** The Batch service role; default: the service-linked role. */
    serviceRole: z.string().startsWith('arn:', 'expected an IAM role ARN').optional(),
    /** Tags, set when the environment is created. */
    tags: tagsSchema.optional(),
  })
  .superRefine((spec, ctx) => {
    const fargate = spec.computeType.startsWith('FARGATE');
    for (const field of ['minvCpus', 'instanceTypes'] as const) {
      if (fargate && spec[field] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `${field} applies to EC2 and SPOT environments only; remove it, or set computeType to EC2`,
        });
      }
    }
    if (spec.minvCpus !== undefined && spec.minvCpus > spec.maxvCpus) {
      ctx.addIssue({
        code: 'custom',
        path: ['minvCpus'],
        message: `minvCpus (${spec.minvCpus}) is more than maxvCpus (${spec.maxvCpus})`,
      });
    }
  });

/** A compute environment spec. */
export type ComputeEnvironmentSpec = z.infer<typeof computeEnvironmentSchema>;

/** The `computeEnvironment` kind. */
export const computeEnvironmentKind = defineKind<ComputeEnvironmentSpec>({
  kind: 'computeEnvironment',
  logicalIdSuffix: 'ComputeEnvironment',
  schema: computeEnvironmentSchema,
  key: (spec) => spec.name,
  plan: planComputeEnvironment,
  async apply(host, spec) {
    const plan = await planComputeEnvironment(host, spec);
    if (plan.action === 'conflict') throw cannotChange(plan.problem);
    if (plan.action === 'unchanged') return 'unchanged';
    const batch = host.services.batch;
    if (plan.action === 'update') {
      await batch.updateComputeEnvironment({
        computeEnvironment: spec.name,
        state: spec.state,
        computeResources: resourcesOf(spec),
        ...(spec.serviceRole ? { serviceRole: spec.serviceRole } : {}),
      });
      return 'updated';
    }
    await batch.createComputeEnvironment({
      computeEnvironmentName: spec.name,
      type: spec.type,
      state: spec.state,
      computeResources: { ...resourcesOf(spec), subnets: [], securityGroupIds: [] },
      ...(spec.serviceRole ? { serviceRole: spec.serviceRole } : {}),
      ...(spec.tags ? { tags: spec.tags } : {}),
    });
    return 'created';
  },
  async remove(host, spec) {
    const found = await findComputeEnvironment(host, spec.name);
    if (!found) return 'absent';
    const user = (await allJobQueues(host)).find((q) =>
      q.computeEnvironmentOrder.some((o) => o.computeEnvironment === found.computeEnvironmentArn),
    );
    if (user) {
      throw new ModelmillError(
        'ClientException',
        `compute environment '${spec.name}' is still used by job queue '${user.jobQueueName}', which this stack did not create; take it out of that queue's computeEnvironmentOrder (or delete the queue) and run down again`,
      );
    }
    const batch = host.services.batch;
    // Batch deletes only a DISABLED environment.
    if (found.state !== 'DISABLED')
      await batch.updateComputeEnvironment({ computeEnvironment: spec.name, state: 'DISABLED' });
    await batch.deleteComputeEnvironment({ computeEnvironment: spec.name });
    return 'deleted';
  },
  synth(spec, context) {
    const ec2 = !spec.computeType.startsWith('FARGATE');
    const profileId = `${context.logicalId}InstanceProfile`;
    const resources: Record<string, CfnResource> = ec2 ? instanceProfile(context.logicalId) : {};
    resources[context.logicalId] = {
      Type: 'AWS::Batch::ComputeEnvironment',
      Properties: defined({
        ComputeEnvironmentName: spec.name,
        Type: spec.type,
        State: spec.state,
        ServiceRole: spec.serviceRole,
        ComputeResources: defined({
          Type: spec.computeType,
          MaxvCpus: spec.maxvCpus,
          MinvCpus: ec2 ? (spec.minvCpus ?? 0) : undefined,
          InstanceTypes: ec2 ? (spec.instanceTypes ?? ['optimal']) : undefined,
          InstanceRole: ec2 ? { 'Fn::GetAtt': [profileId, 'Arn'] } : undefined,
          Subnets: { Ref: 'BatchSubnetIds' },
          SecurityGroupIds: { Ref: 'BatchSecurityGroupIds' },
        }),
        Tags: batchTags(spec.tags),
      }),
    };
    const part: SynthPartWithParameters = {
      resources,
      parameters: { ...BATCH_NETWORK_PARAMETERS },
      outputs: {
        [`${context.logicalId}Arn`]: {
          Description: `ARN of compute environment ${spec.name}`,
          Value: { Ref: context.logicalId },
        },
      },
    };
    return part;
  },
});

/** The role and instance profile the EC2 instances of an environment run with. */
function instanceProfile(logicalId: string): Record<string, CfnResource> {
  const roleId = `${logicalId}InstanceRole`;
  return {
    [roleId]: serviceRole(
      'ec2.amazonaws.com',
      [],
      [managedPolicy('service-role/AmazonEC2ContainerServiceforEC2Role')],
    ),
    [`${logicalId}InstanceProfile`]: {
      Type: 'AWS::IAM::InstanceProfile',
      Properties: { Roles: [{ Ref: roleId }] },
    },
  };
}

/** The compute resources the spec asks for (what apply creates or updates). */
function resourcesOf(spec: ComputeEnvironmentSpec): ComputeResources {
  const ec2 = !spec.computeType.startsWith('FARGATE');
  return {
    type: spec.computeType,
    maxvCpus: spec.maxvCpus,
    ...(ec2
      ? { minvCpus: spec.minvCpus ?? 0, instanceTypes: spec.instanceTypes ?? ['optimal'] }
      : {}),
  };
}

function compare(current: ComputeEnvironmentDetail, spec: ComputeEnvironmentSpec): ResourcePlan {
  const resources = current.computeResources ?? {};
  if (current.type !== spec.type || (resources.type ?? 'FARGATE') !== spec.computeType) {
    return {
      action: 'conflict',
      problem: `compute environment '${spec.name}' is ${current.type} ${resources.type ?? ''}, but the config asks for ${spec.type} ${spec.computeType}; Batch cannot change an environment's compute type in place. Give it a new name (and point the queues at it), or remove it (modelmill down, if this stack created it) and run up again`,
    };
  }
  const wanted = resourcesOf(spec);
  const changes: string[] = [];
  if (current.state !== spec.state) changes.push(`state ${current.state} → ${spec.state}`);
  if (resources.maxvCpus !== wanted.maxvCpus) changes.push('maxvCpus');
  if (wanted.minvCpus !== undefined && resources.minvCpus !== wanted.minvCpus)
    changes.push('minvCpus');
  if (
    wanted.instanceTypes !== undefined &&
    JSON.stringify(resources.instanceTypes) !== JSON.stringify(wanted.instanceTypes)
  )
    changes.push('instanceTypes');
  if (spec.serviceRole !== undefined && current.serviceRole !== spec.serviceRole)
    changes.push('serviceRole');
  return changes.length === 0 ? { action: 'unchanged' } : { action: 'update', changes };
}

async function planComputeEnvironment(
  host: ResourceHost,
  spec: ComputeEnvironmentSpec,
): Promise<ResourcePlan> {
  const current = await findComputeEnvironment(host, spec.name);
  return current ? compare(current, spec) : { action: 'create' };
}
