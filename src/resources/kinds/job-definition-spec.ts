import { z } from 'zod';
import type { JobDefinition, RegisterJobDefinitionInput } from '../../services/batch/index.js';
import { batchName } from './batch-support.js';
import { defined, tagsSchema } from './support.js';

/**
 * The `jobDefinition` spec and how it maps to RegisterJobDefinition: vCPUs,
 * memory and GPUs become `resourceRequirements`; the environment is a map;
 * every revision `up` registers carries a marker tag so `down` deregisters
 * exactly those.
 */

/** The tag that marks the revisions `up` registered (left out of the template). */
export const APPLIED_BY_TAG = 'modelmill:applied-by';

const evaluateOnExit = z.strictObject({
  /** Exit codes to match: digits, optionally ending with `*`. */
  onExitCode: z
    .string()
    .regex(/^(\d+\*?|\*)$/, 'expected digits, optionally ending with *')
    .optional(),
  /** Glob on the job's reason. */
  onReason: z.string().min(1).max(512).optional(),
  /** Glob on the job's status reason. */
  onStatusReason: z.string().min(1).max(512).optional(),
  /** RETRY or EXIT. */
  action: z.enum(['RETRY', 'EXIT']),
});

const requirement = z.strictObject({
  type: z.enum(['VCPU', 'MEMORY', 'GPU']),
  /** An amount as text: vCPUs ("0.5", "2"), MiB ("2048") or GPUs ("1"). */
  value: z.string().regex(/^\d+(\.\d+)?$/, 'expected an amount such as "1", "0.5" or "2048"'),
});

/** The `jobDefinition` schema. */
export const jobDefinitionSchema = z
  .strictObject({
    kind: z.literal('jobDefinition'),
    /** 1-128 letters, digits, `-` and `_`. */
    name: batchName,
    /** The image URI; a registered image runs its program or folder locally, another runs the command on the host. */
    image: z.string().min(1),
    /** The command; `Ref::name` words take the job's parameters. */
    command: z.array(z.string()).optional(),
    /** Environment variables (names starting with AWS_BATCH are Batch's own). */
    environment: z.record(z.string().min(1), z.string()).optional(),
    /** vCPUs per attempt. Default 1 (unless resourceRequirements is given). */
    vcpus: z.number().positive().optional(),
    /** Memory per attempt in MiB. Default 2048 (unless resourceRequirements is given). */
    memory: z.int().positive().optional(),
    /** GPUs per attempt (EC2 only). */
    gpus: z.int().positive().optional(),
    /** Batch's own form, instead of vcpus / memory / gpus. */
    resourceRequirements: z.array(requirement).min(1).optional(),
    /** Default values of `Ref::` parameters. */
    parameters: z.record(z.string().min(1), z.string()).default({}),
    /** Attempts (1-10) and which exits to retry. */
    retryStrategy: z
      .strictObject({
        attempts: z.int().min(1).max(10).default(1),
        evaluateOnExit: z.array(evaluateOnExit).max(5).optional(),
      })
      .optional(),
    /** Per-attempt timeout (at least 60 seconds). */
    timeout: z.strictObject({ attemptDurationSeconds: z.int().min(60) }).optional(),
    /** ["EC2"] (default) or ["FARGATE"]. */
    platformCapabilities: z.tuple([z.enum(['EC2', 'FARGATE'])]).default(['EC2']),
    /** The role the job's code runs as. */
    jobRoleArn: z.string().startsWith('arn:', 'expected an IAM role ARN').optional(),
    /** The role ECS pulls the image and writes logs with (synthesized for FARGATE when absent). */
    executionRoleArn: z.string().startsWith('arn:', 'expected an IAM role ARN').optional(),
    /** Pass the job's tags to its ECS task. Default false. */
    propagateTags: z.boolean().default(false),
    /** Tags of each revision. */
    tags: tagsSchema.optional(),
  })
  .superRefine((spec, ctx) => {
    for (const name of Object.keys(spec.environment ?? {})) {
      if (name.startsWith('AWS_BATCH')) {
        ctx.addIssue({
          code: 'custom',
          path: ['environment', name],
          message: 'names starting with AWS_BATCH are reserved for the variables Batch sets',
        });
      }
    }
    const shorthand = (['vcpus', 'memory', 'gpus'] as const).filter((f) => spec[f] !== undefined);
    if (spec.resourceRequirements && shorthand.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: [shorthand[0] as string],
        message: 'give either vcpus / memory / gpus or resourceRequirements, not both',
      });
    }
    const gpu = spec.gpus !== undefined || spec.resourceRequirements?.some((r) => r.type === 'GPU');
    if (gpu && spec.platformCapabilities[0] === 'FARGATE') {
      ctx.addIssue({
        code: 'custom',
        path: ['platformCapabilities'],
        message: 'Fargate has no GPUs; use ["EC2"] for a GPU job definition',
      });
    }
  });

/** A job definition spec. */
export type JobDefinitionSpec = z.infer<typeof jobDefinitionSchema>;

/** The resource requirements of a spec: VCPU, MEMORY and GPU. */
export function requirementsOf(spec: JobDefinitionSpec): Array<{
  type: 'VCPU' | 'MEMORY' | 'GPU';
  value: string;
}> {
  if (spec.resourceRequirements) return spec.resourceRequirements;
  return [
    { type: 'VCPU', value: String(spec.vcpus ?? 1) },
    { type: 'MEMORY', value: String(spec.memory ?? 2048) },
    ...(spec.gpus === undefined ? [] : [{ type: 'GPU' as const, value: String(spec.gpus) }]),
  ];
}

/** What `up` registers for the spec. */
export function registrationOf(spec: JobDefinitionSpec): RegisterJobDefinitionInput {
  const environment = Object.entries(spec.environment ?? {}).map(([name, value]) => ({
    name,
    value,
  }));
  return {
    jobDefinitionName: spec.name,
    type: 'container',
    parameters: spec.parameters,
    containerProperties: {
      image: spec.image,
      ...(spec.command ? { command: spec.command } : {}),
      ...(environment.length > 0 ? { environment } : {}),
      resourceRequirements: requirementsOf(spec),
      ...(spec.jobRoleArn ? { jobRoleArn: spec.jobRoleArn } : {}),
      ...(spec.executionRoleArn ? { executionRoleArn: spec.executionRoleArn } : {}),
    },
    ...(spec.retryStrategy
      ? {
          retryStrategy: {
            attempts: spec.retryStrategy.attempts,
            ...(spec.retryStrategy.evaluateOnExit
              ? { evaluateOnExit: spec.retryStrategy.evaluateOnExit.map((rule) => defined(rule)) }
              : {}),
          },
        }
      : {}),
    ...(spec.timeout ? { timeout: spec.timeout } : {}),
    propagateTags: spec.propagateTags,
    platformCapabilities: spec.platformCapabilities,
    tags: { ...spec.tags, [APPLIED_BY_TAG]: 'up' },
  };
}

/** What differs between a registered revision and what the spec would register (empty: nothing). */
export function revisionChanges(current: JobDefinition, spec: JobDefinitionSpec): string[] {
  const wanted = registrationOf(spec);
  const changes: string[] = [];
  const now = current.containerProperties ?? {};
  const next = wanted.containerProperties ?? {};
  for (const key of new Set([...Object.keys(now), ...Object.keys(next)])) {
    if (JSON.stringify(sorted(now[key])) !== JSON.stringify(sorted(next[key]))) changes.push(key);
  }
  const top = [
    ['parameters', current.parameters ?? {}, wanted.parameters],
    ['retryStrategy', current.retryStrategy, wanted.retryStrategy],
    ['timeout', current.timeout, wanted.timeout],
    ['platformCapabilities', current.platformCapabilities ?? ['EC2'], wanted.platformCapabilities],
    ['propagateTags', current.propagateTags ?? false, wanted.propagateTags],
    ['tags', withoutMarker(current.tags), withoutMarker(wanted.tags)],
  ] as const;
  for (const [field, a, b] of top) {
    if (JSON.stringify(sorted(a)) !== JSON.stringify(sorted(b))) changes.push(field);
  }
  return changes;
}

/** Tags without the marker: a revision registered by others with the same content counts as unchanged. */
function withoutMarker(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([key]) => key !== APPLIED_BY_TAG));
}

/** A value with object keys sorted, for order-blind comparison. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, sorted(v)]),
  );
}
