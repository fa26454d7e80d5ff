/**
 * runtime: where jobs actually run. Every emulated compute service (Batch,
 * ECS, Glue, SageMaker, Lambda) hands the runtime a RunSpec — a built-in
 * program, a host command, or a container image and its command — and gets
 * back a handle: started, done (exit code, reason, stopped), terminate.
 *
 * - Programs are registered by name with the module that exports them and
 *   run in a worker-thread pool (fast path) or as a child process
 *   (`modelmill job <name> --key value`, what a container runs on AWS).
 * - Commands run as child processes in their own process group; terminating
 *   kills the whole tree. Containers run only when Docker or Podman answers.
 * - Images resolve through an ImageResolver (the ECR service) with one rule
 *   set for every service (see `planImageRun`).
 * - Output goes to a LogStore of CloudWatch-like groups and streams.
 * - ResourcePool does the vCPU / memory / GPU accounting of a compute
 *   environment; the services decide what to admit.
 */
export type {
  ImageResolver,
  ImageTarget,
  LogEvent,
  LogFollowOptions,
  LogReadOptions,
  LogStore,
  LogStreamSummary,
  LogTarget,
  ProgramContext,
  ProgramDefinition,
  ProgramFunction,
  RunHandle,
  RunResult,
  RunSpec,
  RunTarget,
  StoredLogEvent,
} from './types.js';
export { ProgramMode } from './types.js';
export type { Runtime, RuntimeOptions } from './runtime.js';
export { createRuntime } from './runtime.js';
export type { ProgramRegistry, RegisteredProgram } from './programs.js';
export { createProgramRegistry } from './programs.js';
export { parseProgramArgs, formatProgramArgs, displayCommand } from './args.js';
export type { JobCommandOptions } from './job-command.js';
export { runJobCommand } from './job-command.js';
export type { SqliteLogStoreOptions } from './log-store.js';
export { createSqliteLogStore, MAX_LOG_EVENT_BYTES } from './log-store.js';
export type { ResourceAmounts, ResourcePool } from './resources.js';
export { createResourcePool } from './resources.js';
export type { ContainerEngine, DetectOptions } from './container.js';
export { detectContainerEngine } from './container.js';
export type { ImagePlan } from './image-plan.js';
export { planImageRun, modelmillJobCommand } from './image-plan.js';

/** Well-known log groups, as CloudWatch names them for each service. */
export const LogGroup = {
  Batch: '/aws/batch/job',
  Glue: '/aws-glue/jobs/output',
  GlueError: '/aws-glue/jobs/error',
  Ecs: '/ecs',
  SageMakerTraining: '/aws/sagemaker/TrainingJobs',
  SageMakerProcessing: '/aws/sagemaker/ProcessingJobs',
  SageMakerTransform: '/aws/sagemaker/TransformJobs',
  Lambda: '/aws/lambda',
} as const;
