import { isPlainObject } from '../../core/index.js';
import { modelmillJobCommand } from '../../runtime/index.js';
import type { BatchContext } from './context.js';
import type { JobRecord } from './job-record.js';
import { emptySummary } from './job-record.js';
import { batchArn, checkName, clientError } from './names.js';
import { jobNeed } from './scheduler.js';
import type {
  ContainerDetail,
  ContainerOverrides,
  JobDefinition,
  JobDependency,
  KeyValuePair,
  ResourceRequirement,
  SubmitJobInput,
} from './types.js';
import {
  checkCommand,
  checkEnvironment,
  checkPositive,
  checkResourceRequirements,
  checkRetryStrategy,
  checkStringMap,
  checkTimeout,
} from './validate.js';

/**
 * SubmitJob, compiled: the job definition's container with the overrides and
 * `Ref::` parameters applied, dependencies checked and resolved (N_TO_N and
 * SEQUENTIAL down to children), and the records of the job and, for an array
 * job, its children.
 */

/** The most children an array job may have. */
export const MAX_ARRAY_SIZE = 10_000;

function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '')
    throw clientError(`${field} is required (a name or an ARN)`);
  return value;
}

function checkOverrides(value: unknown): ContainerOverrides {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw clientError('containerOverrides must be an object');
  const command = checkCommand(value.command, 'containerOverrides.command');
  const environment = checkEnvironment(value.environment, 'containerOverrides.environment');
  const resourceRequirements = checkResourceRequirements(
    value.resourceRequirements,
    'containerOverrides.resourceRequirements',
  );
  const vcpus = checkPositive(value.vcpus, 'containerOverrides.vcpus');
  const memory = checkPositive(value.memory, 'containerOverrides.memory');
  return {
    ...(command ? { command } : {}),
    ...(environment ? { environment } : {}),
    ...(resourceRequirements ? { resourceRequirements } : {}),
    ...(vcpus === undefined ? {} : { vcpus }),
    ...(memory === undefined ? {} : { memory }),
    ...(typeof value.instanceType === 'string' ? { instanceType: value.instanceType } : {}),
  };
}

function mergeByKey<T>(
  base: T[] | undefined,
  extra: T[] | undefined,
  key: (item: T) => string,
): T[] | undefined {
  if (!extra) return base;
  const merged = new Map((base ?? []).map((item) => [key(item), item]));
  for (const item of extra) merged.set(key(item), item);
  return [...merged.values()];
}

/** Replaces `Ref::name` in each word with the parameter's value (unknown names stay as written). */
export function substituteParameters(
  command: string[],
  parameters: Record<string, string>,
): string[] {
  return command.map((word) =>
    word.replace(/Ref::([A-Za-z0-9_-]+)/g, (whole, name: string) => parameters[name] ?? whole),
  );
}

function containerOf(
  def: JobDefinition,
  overrides: ContainerOverrides,
  parameters: Record<string, string>,
): ContainerDetail {
  const base = def.containerProperties ?? {};
  const command = overrides.command ?? base.command;
  const environment = mergeByKey<KeyValuePair>(
    base.environment,
    overrides.environment,
    (e) => e.name,
  );
  const requirements = mergeByKey<ResourceRequirement>(
    base.resourceRequirements,
    overrides.resourceRequirements,
    (r) => r.type,
  );
  return {
    ...base,
    ...(command ? { command: substituteParameters(command, parameters) } : {}),
    ...(environment ? { environment } : {}),
    ...(requirements ? { resourceRequirements: requirements } : {}),
    ...(overrides.vcpus === undefined ? {} : { vcpus: overrides.vcpus }),
    ...(overrides.memory === undefined ? {} : { memory: overrides.memory }),
    ...(overrides.instanceType ? { instanceType: overrides.instanceType } : {}),
    networkInterfaces: [],
  };
}

function checkRunnable(ctx: BatchContext, def: JobDefinition, container: ContainerDetail): void {
  if (container.command?.length) return;
  const image = container.image ?? '';
  if (ctx.images?.resolve(image)?.kind === 'program') return;
  throw clientError(
    `job definition '${def.jobDefinitionName}:${def.revision}' has no command and its image '${image}' is not registered to a built-in program, so nothing would run: give containerProperties.command (or containerOverrides.command), or register the image with \`modelmill images register ${image} --program NAME\``,
  );
}

function arraySizeOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const size = isPlainObject(value) ? value.size : undefined;
  if (size === undefined) return undefined;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 2 || size > MAX_ARRAY_SIZE) {
    throw clientError(
      `arrayProperties.size must be an integer from 2 to ${MAX_ARRAY_SIZE} (got ${JSON.stringify(size)})`,
    );
  }
  return size;
}

function checkDependsOn(
  ctx: BatchContext,
  value: unknown,
  size: number | undefined,
): JobDependency[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > 20)
    throw clientError('dependsOn must be a list of at most 20 { jobId, type } dependencies');
  return value.map((dep: unknown, i): JobDependency => {
    const { jobId, type } = (isPlainObject(dep) ? dep : {}) as JobDependency;
    const field = `dependsOn[${i}]`;
    if (type !== undefined && type !== 'N_TO_N' && type !== 'SEQUENTIAL')
      throw clientError(`${field}.type must be N_TO_N or SEQUENTIAL (got ${JSON.stringify(type)})`);
    if (type === 'SEQUENTIAL') {
      if (size === undefined)
        throw clientError(
          `${field}: a SEQUENTIAL dependency needs an array job (arrayProperties.size)`,
        );
      if (jobId !== undefined)
        throw clientError(
          `${field}: a SEQUENTIAL dependency names no jobId; it chains this array job's own children`,
        );
      return { type };
    }
    if (typeof jobId !== 'string' || jobId === '') throw clientError(`${field}.jobId is required`);
    const other = ctx.jobs.get(jobId);
    if (!other)
      throw clientError(
        `${field}.jobId: Job ${jobId} not found; a job can only depend on jobs submitted before it`,
      );
    if (type === 'N_TO_N' && (size === undefined || other.arraySize !== size)) {
      throw clientError(
        `${field}: an N_TO_N dependency needs this job and job ${jobId} to be array jobs of the same size (${size ?? 'not an array'} and ${other.arraySize ?? 'not an array'})`,
      );
    }
    return type ? { jobId, type } : { jobId };
  });
}

/** Validates a SubmitJob request and builds its records (the job first, then any children). */
export function compileSubmit(ctx: BatchContext, input: SubmitJobInput): JobRecord[] {
  const jobName = checkName(input.jobName, 'jobName');
  const queue = ctx.catalog.requireQueue(requiredString(input.jobQueue, 'jobQueue'));
  if (queue.state !== 'ENABLED') {
    throw clientError(
      `JobQueue ${queue.jobQueueName} is DISABLED and accepts no new jobs; enable it (UpdateJobQueue state=ENABLED) or submit to another queue`,
    );
  }
  const def = ctx.definitions.resolve(requiredString(input.jobDefinition, 'jobDefinition'));
  const parameters = { ...def.parameters, ...checkStringMap(input.parameters, 'parameters') };
  const container = containerOf(def, checkOverrides(input.containerOverrides), parameters);
  if (!modelmillJobCommand(container.command)) checkRunnable(ctx, def, container);
  const size = arraySizeOf(input.arrayProperties);
  const dependsOn = checkDependsOn(ctx, input.dependsOn, size);
  const retryStrategy =
    checkRetryStrategy(input.retryStrategy, 'retryStrategy') ?? def.retryStrategy;
  const timeout = checkTimeout(input.timeout, 'timeout') ?? def.timeout;
  const tags = checkStringMap(input.tags, 'tags') ?? def.tags;
  const priority = input.schedulingPriorityOverride ?? def.schedulingPriority;
  const jobId = ctx.ids.uuid();
  const seq = ctx.seq + 1;
  ctx.seq += 1 + (size ?? 0);
  const job: JobRecord = {
    jobId,
    jobName,
    jobArn: batchArn(ctx.scope, 'job', jobId),
    queueName: queue.jobQueueName,
    jobQueue: queue.jobQueueArn,
    jobDefinition: def.jobDefinitionArn,
    definitionName: def.jobDefinitionName,
    status: 'SUBMITTED',
    createdAt: ctx.clock.now(),
    seq,
    parameters,
    container,
    ...(retryStrategy ? { retryStrategy } : {}),
    ...(timeout ? { timeout } : {}),
    dependsOn,
    attempts: [],
    ...(tags ? { tags } : {}),
    propagateTags: input.propagateTags ?? def.propagateTags ?? false,
    platformCapabilities: def.platformCapabilities ?? ['EC2'],
    ...(priority === undefined ? {} : { schedulingPriority: priority }),
    ...(input.shareIdentifier ? { shareIdentifier: input.shareIdentifier } : {}),
    need: jobNeed(container),
    waitsFor: dependsOn
      .filter((d) => d.type === undefined && d.jobId)
      .map((d) => d.jobId as string),
    runnableGen: 0,
  };
  if (size === undefined) return [job];
  job.arraySize = size;
  job.statusSummary = { ...emptySummary(), SUBMITTED: size };
  return [job, ...children(job, size, dependsOn)];
}

function children(parent: JobRecord, size: number, dependsOn: JobDependency[]): JobRecord[] {
  const standard = parent.waitsFor;
  const nToN = dependsOn.filter((d) => d.type === 'N_TO_N').map((d) => d.jobId as string);
  const sequential = dependsOn.some((d) => d.type === 'SEQUENTIAL');
  const out: JobRecord[] = [];
  for (let index = 0; index < size; index += 1) {
    const jobId = `${parent.jobId}:${index}`;
    const { arraySize: _size, statusSummary: _summary, ...base } = parent;
    out.push({
      ...base,
      jobId,
      jobArn: `${parent.jobArn}:${index}`,
      seq: parent.seq + 1 + index,
      container: { ...parent.container },
      attempts: [],
      arrayIndex: index,
      parentId: parent.jobId,
      waitsFor: [
        ...standard,
        ...nToN.map((id) => `${id}:${index}`),
        ...(sequential && index > 0 ? [`${parent.jobId}:${index - 1}`] : []),
      ],
    });
  }
  return out;
}
