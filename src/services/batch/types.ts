/**
 * The AWS Batch port: compute environments, job queues, job definitions and
 * jobs, with Batch's own field names (camelCase, timestamps in epoch
 * milliseconds) so the REST API, the SDK adapter and the Step Functions
 * integration pass them through unchanged.
 */

/** Job states, in lifecycle order. */
export const JobStatus = {
  SUBMITTED: 'SUBMITTED',
  PENDING: 'PENDING',
  RUNNABLE: 'RUNNABLE',
  STARTING: 'STARTING',
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
} as const;
/** A job state. */
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

/** A name/value pair (environment variables). */
export interface KeyValuePair {
  name: string;
  value: string;
}

/** A resource requirement: VCPU, MEMORY (MiB) or GPU, as a string. */
export interface ResourceRequirement {
  type: 'VCPU' | 'MEMORY' | 'GPU';
  value: string;
}

/** One rule of evaluateOnExit. */
export interface EvaluateOnExit {
  onStatusReason?: string;
  onReason?: string;
  onExitCode?: string;
  action: 'RETRY' | 'EXIT' | 'retry' | 'exit';
}

/** How often a job is tried. */
export interface RetryStrategy {
  /** 1 to 10. */
  attempts?: number;
  evaluateOnExit?: EvaluateOnExit[];
}

/** A job timeout. */
export interface JobTimeout {
  /** At least 60. */
  attemptDurationSeconds?: number;
}

/** A job dependency. */
export interface JobDependency {
  jobId?: string;
  type?: 'N_TO_N' | 'SEQUENTIAL';
}

/** Container properties of a job definition (fields not listed pass through as given). */
export interface ContainerProperties {
  image?: string;
  vcpus?: number;
  memory?: number;
  command?: string[];
  jobRoleArn?: string;
  executionRoleArn?: string;
  environment?: KeyValuePair[];
  resourceRequirements?: ResourceRequirement[];
  user?: string;
  privileged?: boolean;
  readonlyRootFilesystem?: boolean;
  instanceType?: string;
  [other: string]: unknown;
}

/** A compute environment's resources (fields not listed pass through as given). */
export interface ComputeResources {
  type?: 'EC2' | 'SPOT' | 'FARGATE' | 'FARGATE_SPOT';
  maxvCpus?: number;
  minvCpus?: number;
  desiredvCpus?: number;
  instanceTypes?: string[];
  [other: string]: unknown;
}

/** CreateComputeEnvironment's request. */
export interface CreateComputeEnvironmentInput {
  computeEnvironmentName: string;
  type: 'MANAGED' | 'UNMANAGED';
  state?: 'ENABLED' | 'DISABLED';
  unmanagedvCpus?: number;
  computeResources?: ComputeResources;
  serviceRole?: string;
  tags?: Record<string, string>;
}

/** A compute environment, as DescribeComputeEnvironments returns it. */
export interface ComputeEnvironmentDetail {
  computeEnvironmentName: string;
  computeEnvironmentArn: string;
  ecsClusterArn: string;
  tags?: Record<string, string>;
  type: 'MANAGED' | 'UNMANAGED';
  state: 'ENABLED' | 'DISABLED';
  status: 'CREATING' | 'UPDATING' | 'DELETING' | 'DELETED' | 'VALID' | 'INVALID';
  statusReason: string;
  unmanagedvCpus?: number;
  computeResources?: ComputeResources;
  serviceRole?: string;
  containerOrchestrationType: 'ECS';
  uuid: string;
}

/** UpdateComputeEnvironment's request. */
export interface UpdateComputeEnvironmentInput {
  computeEnvironment: string;
  state?: 'ENABLED' | 'DISABLED';
  unmanagedvCpus?: number;
  computeResources?: ComputeResources;
  serviceRole?: string;
}

/** A queue's compute environment, in order. */
export interface ComputeEnvironmentOrder {
  order: number;
  computeEnvironment: string;
}

/** CreateJobQueue's request. */
export interface CreateJobQueueInput {
  jobQueueName: string;
  state?: 'ENABLED' | 'DISABLED';
  priority: number;
  computeEnvironmentOrder: ComputeEnvironmentOrder[];
  schedulingPolicyArn?: string;
  tags?: Record<string, string>;
}

/** A job queue, as DescribeJobQueues returns it. */
export interface JobQueueDetail {
  jobQueueName: string;
  jobQueueArn: string;
  state: 'ENABLED' | 'DISABLED';
  status: 'CREATING' | 'UPDATING' | 'DELETING' | 'DELETED' | 'VALID' | 'INVALID';
  statusReason: string;
  priority: number;
  computeEnvironmentOrder: ComputeEnvironmentOrder[];
  tags?: Record<string, string>;
  jobQueueType: 'ECS';
}

/** UpdateJobQueue's request. */
export interface UpdateJobQueueInput {
  jobQueue: string;
  state?: 'ENABLED' | 'DISABLED';
  priority?: number;
  computeEnvironmentOrder?: ComputeEnvironmentOrder[];
}

/** RegisterJobDefinition's request. */
export interface RegisterJobDefinitionInput {
  jobDefinitionName: string;
  type: 'container' | 'multinode';
  parameters?: Record<string, string>;
  schedulingPriority?: number;
  containerProperties?: ContainerProperties;
  retryStrategy?: RetryStrategy;
  propagateTags?: boolean;
  timeout?: JobTimeout;
  tags?: Record<string, string>;
  platformCapabilities?: Array<'EC2' | 'FARGATE'>;
}

/** A job definition revision, as DescribeJobDefinitions returns it. */
export interface JobDefinition {
  jobDefinitionName: string;
  jobDefinitionArn: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE';
  type: 'container' | 'multinode';
  schedulingPriority?: number;
  parameters?: Record<string, string>;
  retryStrategy?: RetryStrategy;
  containerProperties?: ContainerProperties;
  timeout?: JobTimeout;
  tags?: Record<string, string>;
  propagateTags?: boolean;
  platformCapabilities?: Array<'EC2' | 'FARGATE'>;
  containerOrchestrationType: 'ECS';
}

/** DescribeJobDefinitions' request. */
export interface DescribeJobDefinitionsInput {
  jobDefinitions?: string[];
  maxResults?: number;
  jobDefinitionName?: string;
  status?: 'ACTIVE' | 'INACTIVE';
  nextToken?: string;
}

/** What SubmitJob may override in the container. */
export interface ContainerOverrides {
  vcpus?: number;
  memory?: number;
  command?: string[];
  instanceType?: string;
  environment?: KeyValuePair[];
  resourceRequirements?: ResourceRequirement[];
}

/** SubmitJob's request. */
export interface SubmitJobInput {
  jobName: string;
  jobQueue: string;
  jobDefinition: string;
  shareIdentifier?: string;
  schedulingPriorityOverride?: number;
  arrayProperties?: { size?: number };
  dependsOn?: JobDependency[];
  parameters?: Record<string, string>;
  containerOverrides?: ContainerOverrides;
  retryStrategy?: RetryStrategy;
  propagateTags?: boolean;
  timeout?: JobTimeout;
  tags?: Record<string, string>;
}

/** SubmitJob's response. */
export interface SubmitJobOutput {
  jobArn: string;
  jobName: string;
  jobId: string;
}

/** The container of a job (or of one attempt). */
export interface ContainerDetail extends ContainerProperties {
  exitCode?: number;
  reason?: string;
  containerInstanceArn?: string;
  taskArn?: string;
  logStreamName?: string;
  networkInterfaces?: unknown[];
}

/** One attempt of a job. */
export interface AttemptDetail {
  container: {
    containerInstanceArn?: string;
    taskArn?: string;
    exitCode?: number;
    reason?: string;
    logStreamName?: string;
    networkInterfaces: unknown[];
  };
  startedAt?: number;
  stoppedAt?: number;
  statusReason?: string;
}

/** Array properties: `size` and `statusSummary` on a parent, `index` on a child. */
export interface ArrayPropertiesDetail {
  statusSummary?: Record<string, number>;
  size?: number;
  index?: number;
}

/** A job, as DescribeJobs returns it. */
export interface JobDetail {
  jobArn: string;
  jobName: string;
  jobId: string;
  jobQueue: string;
  status: JobStatus;
  shareIdentifier?: string;
  schedulingPriority?: number;
  attempts: AttemptDetail[];
  statusReason?: string;
  createdAt: number;
  retryStrategy?: RetryStrategy;
  startedAt?: number;
  stoppedAt?: number;
  dependsOn: JobDependency[];
  jobDefinition: string;
  parameters: Record<string, string>;
  container?: ContainerDetail;
  arrayProperties?: ArrayPropertiesDetail;
  timeout?: JobTimeout;
  tags?: Record<string, string>;
  propagateTags?: boolean;
  platformCapabilities: Array<'EC2' | 'FARGATE'>;
  isCancelled?: boolean;
  isTerminated?: boolean;
}

/** A job in ListJobs. */
export interface JobSummary {
  jobArn: string;
  jobId: string;
  jobName: string;
  createdAt: number;
  status: JobStatus;
  statusReason?: string;
  startedAt?: number;
  stoppedAt?: number;
  container?: { exitCode?: number; reason?: string };
  arrayProperties?: { size?: number; index?: number };
  jobDefinition: string;
}

/** A ListJobs filter. */
export interface KeyValuesPair {
  name: 'JOB_NAME' | 'JOB_DEFINITION' | 'BEFORE_CREATED_AT' | 'AFTER_CREATED_AT';
  values: string[];
}

/** ListJobs' request: one of jobQueue or arrayJobId. */
export interface ListJobsInput {
  jobQueue?: string;
  arrayJobId?: string;
  multiNodeJobId?: string;
  jobStatus?: JobStatus;
  maxResults?: number;
  nextToken?: string;
  filters?: KeyValuesPair[];
}

/** AWS Batch. */
export interface BatchService {
  createComputeEnvironment(
    input: CreateComputeEnvironmentInput,
  ): Promise<{ computeEnvironmentName: string; computeEnvironmentArn: string }>;
  describeComputeEnvironments(input?: {
    computeEnvironments?: string[];
    maxResults?: number;
    nextToken?: string;
  }): Promise<{ computeEnvironments: ComputeEnvironmentDetail[]; nextToken?: string }>;
  updateComputeEnvironment(
    input: UpdateComputeEnvironmentInput,
  ): Promise<{ computeEnvironmentName: string; computeEnvironmentArn: string }>;
  deleteComputeEnvironment(input: { computeEnvironment: string }): Promise<object>;
  createJobQueue(
    input: CreateJobQueueInput,
  ): Promise<{ jobQueueName: string; jobQueueArn: string }>;
  describeJobQueues(input?: {
    jobQueues?: string[];
    maxResults?: number;
    nextToken?: string;
  }): Promise<{ jobQueues: JobQueueDetail[]; nextToken?: string }>;
  updateJobQueue(
    input: UpdateJobQueueInput,
  ): Promise<{ jobQueueName: string; jobQueueArn: string }>;
  deleteJobQueue(input: { jobQueue: string }): Promise<object>;
  registerJobDefinition(
    input: RegisterJobDefinitionInput,
  ): Promise<{ jobDefinitionName: string; jobDefinitionArn: string; revision: number }>;
  describeJobDefinitions(
    input?: DescribeJobDefinitionsInput,
  ): Promise<{ jobDefinitions: JobDefinition[]; nextToken?: string }>;
  deregisterJobDefinition(input: { jobDefinition: string }): Promise<object>;
  submitJob(input: SubmitJobInput): Promise<SubmitJobOutput>;
  describeJobs(input: { jobs: string[] }): Promise<{ jobs: JobDetail[] }>;
  listJobs(input: ListJobsInput): Promise<{ jobSummaryList: JobSummary[]; nextToken?: string }>;
  terminateJob(input: { jobId: string; reason: string }): Promise<object>;
  cancelJob(input: { jobId: string; reason: string }): Promise<object>;
  /** Resolves with the job's description once it is SUCCEEDED or FAILED (rejects when `signal` aborts). */
  waitForJob(jobId: string, options?: { signal?: AbortSignal }): Promise<JobDetail>;
}

/** A job state change, as the EventBridge event `Batch Job State Change` carries it. */
export type JobStateChangeHook = (job: JobDetail) => void;

/** The embedded Batch: the port plus control of its scheduler. */
export interface LocalBatch extends BatchService {
  /** Recovers jobs left by a previous process and starts dispatching. Idempotent. */
  start(): void;
  /**
   * Stops dispatching. Running attempts are killed and stay RUNNING in the
   * store, as after a crash, to be retried or failed by the next `start`;
   * with `wait`, running attempts finish first instead.
   */
  stop(options?: { wait?: boolean }): Promise<void>;
  /** Writes pending changes to the database now. */
  flush(): void;
}
