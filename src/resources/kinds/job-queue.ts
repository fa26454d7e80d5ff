import { z } from 'zod';
import { ModelmillError, nameFromArnOrName } from '../../core/index.js';
import type { JobQueueDetail } from '../../services/batch/index.js';
import type { ResourceHost, ResourcePlan } from '../types.js';
import { defineKind } from '../types.js';
import {
  batchName,
  batchState,
  batchTags,
  findComputeEnvironment,
  findJobQueue,
} from './batch-support.js';
import type { ResourceReference } from './references.js';
import { defined, tagsSchema } from './support.js';
import { linkTo, stackArn } from './synth-links.js';

/**
 * `jobQueue`: an AWS Batch job queue over one to three compute environments,
 * tried in the order listed. The environments are named by name (or ARN);
 * those declared in the same config must come before the queue. Priority,
 * state and the environments change in place.
 */

const jobQueueSchema = z.strictObject({
  kind: z.literal('jobQueue'),
  /** 1-128 letters, digits, `-` and `_`. */
  name: batchName,
  /** Higher runs first when queues share an environment: 0-1000. Default 1. */
  priority: z.int().min(0).max(1000).default(1),
  /** The compute environments (names or ARNs), in the order jobs are placed. */
  computeEnvironments: z
    .array(z.string().min(1))
    .min(1, 'list 1 to 3 compute environments')
    .max(3, 'a queue takes at most 3 compute environments'),
  /** ENABLED (default) or DISABLED: a disabled queue takes no new jobs. */
  state: batchState,
  /** Tags, set when the queue is created. */
  tags: tagsSchema.optional(),
});

/** A job queue spec. */
export type JobQueueSpec = z.infer<typeof jobQueueSchema>;

/** The compute environments a queue needs to exist before it is applied. */
export function jobQueueReferences(spec: JobQueueSpec): ResourceReference[] {
  return spec.computeEnvironments.map((ce, i) => ({
    kind: 'computeEnvironment',
    key: nameFromArnOrName(ce),
    field: `computeEnvironments[${i}]`,
  }));
}

/** The `jobQueue` kind. */
export const jobQueueKind = defineKind<JobQueueSpec>({
  kind: 'jobQueue',
  logicalIdSuffix: 'JobQueue',
  schema: jobQueueSchema,
  key: (spec) => spec.name,
  plan: planJobQueue,
  async apply(host, spec) {
    const plan = await planJobQueue(host, spec);
    if (plan.action === 'unchanged') return 'unchanged';
    await requireEnvironments(host, spec);
    const batch = host.services.batch;
    const computeEnvironmentOrder = orderOf(spec);
    if (plan.action === 'update') {
      await batch.updateJobQueue({
        jobQueue: spec.name,
        state: spec.state,
        priority: spec.priority,
        computeEnvironmentOrder,
      });
      return 'updated';
    }
    await batch.createJobQueue({
      jobQueueName: spec.name,
      state: spec.state,
      priority: spec.priority,
      computeEnvironmentOrder,
      ...(spec.tags ? { tags: spec.tags } : {}),
    });
    return 'created';
  },
  async remove(host, spec) {
    const found = await findJobQueue(host, spec.name);
    if (!found) return 'absent';
    const batch = host.services.batch;
    // Batch deletes only a DISABLED queue.
    if (found.state !== 'DISABLED')
      await batch.updateJobQueue({ jobQueue: spec.name, state: 'DISABLED' });
    await batch.deleteJobQueue({ jobQueue: spec.name });
    return 'deleted';
  },
  synth(spec, context) {
    return {
      resources: {
        [context.logicalId]: {
          Type: 'AWS::Batch::JobQueue',
          Properties: defined({
            JobQueueName: spec.name,
            Priority: spec.priority,
            State: spec.state,
            ComputeEnvironmentOrder: spec.computeEnvironments.map((ce, i) => ({
              Order: i + 1,
              ComputeEnvironment: linkTo(context, 'computeEnvironment', ce, (name) =>
                stackArn('batch', `compute-environment/${name}`),
              ),
            })),
            Tags: batchTags(spec.tags),
          }),
        },
      },
      outputs: {
        [`${context.logicalId}Arn`]: {
          Description: `ARN of job queue ${spec.name}`,
          Value: { Ref: context.logicalId },
        },
      },
    };
  },
});

function orderOf(spec: JobQueueSpec) {
  return spec.computeEnvironments.map((ce, i) => ({
    order: i + 1,
    computeEnvironment: nameFromArnOrName(ce),
  }));
}

/** Throws, naming the fix, when a listed compute environment does not exist. */
async function requireEnvironments(host: ResourceHost, spec: JobQueueSpec): Promise<void> {
  for (const [i, ce] of spec.computeEnvironments.entries()) {
    if (!(await findComputeEnvironment(host, ce))) {
      throw new ModelmillError(
        'ClientException',
        `computeEnvironments[${i}]: job queue '${spec.name}' names compute environment '${nameFromArnOrName(ce)}', which does not exist; declare it as a computeEnvironment before this jobQueue in the config (resources are applied in the order listed), or create it first`,
      );
    }
  }
}

function compare(current: JobQueueDetail, spec: JobQueueSpec): ResourcePlan {
  const changes: string[] = [];
  if (current.state !== spec.state) changes.push(`state ${current.state} → ${spec.state}`);
  if (current.priority !== spec.priority) changes.push('priority');
  const now = [...current.computeEnvironmentOrder]
    .sort((a, b) => a.order - b.order)
    .map((o) => nameFromArnOrName(o.computeEnvironment));
  const wanted = spec.computeEnvironments.map((ce) => nameFromArnOrName(ce));
  if (now.join('\n') !== wanted.join('\n')) changes.push('computeEnvironments');
  return changes.length === 0 ? { action: 'unchanged' } : { action: 'update', changes };
}

async function planJobQueue(host: ResourceHost, spec: JobQueueSpec): Promise<ResourcePlan> {
  const current = await findJobQueue(host, spec.name);
  return current ? compare(current, spec) : { action: 'create' };
}
