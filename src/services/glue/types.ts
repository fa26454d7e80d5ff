/**
 * The Glue jobs port: job definitions and job runs with Glue's own field
 * names (PascalCase, as the `AWSGlue` JSON 1.1 protocol has them; timestamps
 * in epoch seconds), so the wire protocol, the SDK adapter and the Step
 * Functions integration pass them through unchanged. The Data Catalog half of
 * Glue lives in services/athena.
 */

/** Job run states, as Glue names them. */
export const JobRunState = {
  STARTING: 'STARTING',
  RUNNING: 'RUNNING',
  STOPPING: 'STOPPING',
  STOPPED: 'STOPPED',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  TIMEOUT: 'TIMEOUT',
  ERROR: 'ERROR',
  WAITING: 'WAITING',
  EXPIRED: 'EXPIRED',
} as const;
/** A job run state. */
export type JobRunState = (typeof JobRunState)[keyof typeof JobRunState];

/** The states a run does not leave. */
export const FINISHED_RUN_STATES: ReadonlySet<JobRunState> = new Set([
  'STOPPED',
  'SUCCEEDED',
  'FAILED',
  'TIMEOUT',
  'ERROR',
  'EXPIRED',
]);

/**
 * What a job runs. `ScriptLocation` names, locally:
 * - `program:NAME` (or a bare NAME registered as a program): a built-in
 *   program, given the run's `--key value` arguments;
 * - a `.py` file: run with `python3`;
 * - a `.js`, `.mjs`, `.cjs` or `.ts` file: run with Node (TypeScript through tsx);
 * each file as a path, a `file://` URL or an `s3://` URI (read from the object store).
 */
export interface JobCommand {
  /** `glueetl`, `pythonshell`, `gluestreaming`, `glueray`. Default on AWS: `glueetl`. */
  Name?: string;
  ScriptLocation?: string;
  PythonVersion?: string;
  Runtime?: string;
}

/** A job's definition: what CreateJob and UpdateJob take (fields not listed are kept as given). */
export interface JobFields {
  Role: string;
  Command: JobCommand;
  Description?: string;
  LogUri?: string;
  ExecutionProperty?: { MaxConcurrentRuns?: number };
  /** `--key` → value, passed to every run (run `Arguments` win). */
  DefaultArguments?: Record<string, string>;
  /** Arguments a run cannot override. */
  NonOverridableArguments?: Record<string, string>;
  Connections?: { Connections?: string[] };
  MaxRetries?: number;
  /** Minutes. Default 2880 (48 hours). */
  Timeout?: number;
  MaxCapacity?: number;
  AllocatedCapacity?: number;
  WorkerType?: string;
  NumberOfWorkers?: number;
  GlueVersion?: string;
  ExecutionClass?: string;
  SecurityConfiguration?: string;
  NotificationProperty?: { NotifyDelayAfter?: number };
}

/** CreateJob's request. */
export interface CreateJobInput extends JobFields {
  Name: string;
  Tags?: Record<string, string>;
}

/** A job, as GetJob returns it. */
export interface Job extends JobFields {
  Name: string;
  CreatedOn: number;
  LastModifiedOn: number;
}

/** UpdateJob's JobUpdate: the new definition (fields left out are reset, as on AWS). */
export type JobUpdate = JobFields;

/** StartJobRun's request. */
export interface StartJobRunInput {
  JobName: string;
  /** `--key` → value for this run; they replace the job's DefaultArguments of the same key. */
  Arguments?: Record<string, string>;
  /** Retry of an earlier run: accepted and recorded as PreviousRunId. */
  JobRunId?: string;
  /** Minutes; overrides the job's Timeout. */
  Timeout?: number;
  AllocatedCapacity?: number;
  MaxCapacity?: number;
  WorkerType?: string;
  NumberOfWorkers?: number;
  SecurityConfiguration?: string;
  NotificationProperty?: { NotifyDelayAfter?: number };
  ExecutionClass?: string;
}

/** A job run, as GetJobRun returns it. */
export interface JobRun {
  Id: string;
  Attempt: number;
  PreviousRunId?: string;
  JobName: string;
  StartedOn: number;
  LastModifiedOn: number;
  CompletedOn?: number;
  JobRunState: JobRunState;
  /** The run's own arguments, as given to StartJobRun (not merged with the defaults). */
  Arguments: Record<string, string>;
  ErrorMessage?: string;
  PredecessorRuns: Array<{ JobName?: string; RunId?: string }>;
  AllocatedCapacity?: number;
  /** Seconds the run used. */
  ExecutionTime: number;
  /** Minutes. */
  Timeout: number;
  MaxCapacity?: number;
  WorkerType?: string;
  NumberOfWorkers?: number;
  LogGroupName: string;
  GlueVersion?: string;
  ExecutionClass?: string;
}

/** One failure of BatchStopJobRun. */
export interface BatchStopJobRunError {
  JobName: string;
  JobRunId: string;
  ErrorDetail: { ErrorCode: string; ErrorMessage: string };
}

/** AWS Glue's job operations. */
export interface GlueJobsService {
  createJob(input: CreateJobInput): Promise<{ Name: string }>;
  getJob(input: { JobName: string }): Promise<{ Job: Job }>;
  getJobs(input?: { NextToken?: string; MaxResults?: number }): Promise<{
    Jobs: Job[];
    NextToken?: string;
  }>;
  listJobs(input?: { NextToken?: string; MaxResults?: number }): Promise<{
    JobNames: string[];
    NextToken?: string;
  }>;
  updateJob(input: { JobName: string; JobUpdate: JobUpdate }): Promise<{ JobName: string }>;
  /** Deletes the job and its runs' records; a missing job is not an error, as on AWS. */
  deleteJob(input: { JobName: string }): Promise<{ JobName: string }>;
  startJobRun(input: StartJobRunInput): Promise<{ JobRunId: string }>;
  getJobRun(input: { JobName: string; RunId: string }): Promise<{ JobRun: JobRun }>;
  /** Newest first. */
  getJobRuns(input: { JobName: string; NextToken?: string; MaxResults?: number }): Promise<{
    JobRuns: JobRun[];
    NextToken?: string;
  }>;
  batchStopJobRun(input: { JobName: string; JobRunIds: string[] }): Promise<{
    SuccessfulSubmissions: Array<{ JobName: string; JobRunId: string }>;
    Errors: BatchStopJobRunError[];
  }>;
  /** Resolves with the run once it has finished (rejects with the signal's reason when it aborts). */
  waitForJobRun(
    jobName: string,
    runId: string,
    options?: { signal?: AbortSignal },
  ): Promise<JobRun>;
}

/** Finds the local file of an `s3://` object (the S3 service's `localPath`). */
export interface ObjectFiles {
  localPath(bucket: string, key?: string): string;
}

/** A job run state change, as the EventBridge event `Glue Job State Change` reports it. */
export type JobRunStateHook = (run: JobRun) => void;

/** The embedded Glue: the port plus control of its runs. */
export interface LocalGlue extends GlueJobsService {
  /**
   * Picks up runs a previous process left unfinished (they run again, under
   * the same id) and lets runs start. Idempotent.
   */
  start(): void;
  /**
   * Stops every run in flight. Their state stays as it is in the store, as
   * after a crash, for the next `start()` to run them again.
   */
  stop(): Promise<void>;
}
