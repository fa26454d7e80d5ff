/**
 * The ECS port: clusters, task definitions and tasks with ECS's own field
 * names (camelCase, as the JSON 1.1 protocol has them; timestamps in epoch
 * seconds), so the wire protocol and the SDK adapter pass them through, and
 * the Step Functions integration only changes their case.
 */

/** Task states, in lifecycle order (`lastStatus`, `desiredStatus`). */
export const TaskStatus = {
  PROVISIONING: 'PROVISIONING',
  PENDING: 'PENDING',
  ACTIVATING: 'ACTIVATING',
  RUNNING: 'RUNNING',
  DEACTIVATING: 'DEACTIVATING',
  STOPPING: 'STOPPING',
  DEPROVISIONING: 'DEPROVISIONING',
  STOPPED: 'STOPPED',
} as const;
/** A task state. */
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

/** Why a task stopped. */
export const TaskStopCode = {
  TaskFailedToStart: 'TaskFailedToStart',
  EssentialContainerExited: 'EssentialContainerExited',
  UserInitiated: 'UserInitiated',
  ServiceSchedulerInitiated: 'ServiceSchedulerInitiated',
} as const;
/** A stop code. */
export type TaskStopCode = (typeof TaskStopCode)[keyof typeof TaskStopCode];

/** A name/value pair (environment variables). */
export interface KeyValuePair {
  name: string;
  value: string;
}

/** A tag. */
export interface Tag {
  key: string;
  value: string;
}

/** A container's log configuration; `awslogs` options name the group and stream prefix. */
export interface LogConfiguration {
  logDriver: string;
  options?: Record<string, string>;
}

/** A container of a task definition (fields not listed are kept as given). */
export interface ContainerDefinition {
  name: string;
  image: string;
  command?: string[];
  entryPoint?: string[];
  environment?: KeyValuePair[];
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
  /** Default: true. */
  essential?: boolean;
  logConfiguration?: LogConfiguration;
  workingDirectory?: string;
}

/** RegisterTaskDefinition's request. */
export interface RegisterTaskDefinitionInput {
  family: string;
  containerDefinitions: ContainerDefinition[];
  taskRoleArn?: string;
  executionRoleArn?: string;
  networkMode?: string;
  requiresCompatibilities?: string[];
  /** Task-level vCPU units (`"1024"` or `"1 vCPU"`). */
  cpu?: string;
  /** Task-level memory in MiB (`"4096"` or `"4 GB"`). */
  memory?: string;
  volumes?: unknown[];
  placementConstraints?: unknown[];
  runtimePlatform?: unknown;
  tags?: Tag[];
}

/** A task definition revision, as DescribeTaskDefinition returns it. */
export interface TaskDefinition extends Omit<RegisterTaskDefinitionInput, 'tags'> {
  taskDefinitionArn: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE';
  compatibilities: string[];
  volumes: unknown[];
  placementConstraints: unknown[];
  registeredAt: number;
  registeredBy: string;
  deregisteredAt?: number;
}

/** A cluster, as DescribeClusters returns it. */
export interface Cluster {
  clusterArn: string;
  clusterName: string;
  status: 'ACTIVE' | 'INACTIVE';
  registeredContainerInstancesCount: number;
  runningTasksCount: number;
  pendingTasksCount: number;
  activeServicesCount: number;
  statistics: unknown[];
  tags: Tag[];
  settings: unknown[];
  capacityProviders: string[];
  defaultCapacityProviderStrategy: unknown[];
}

/** What RunTask may change in one container. */
export interface ContainerOverride {
  name?: string;
  command?: string[];
  environment?: KeyValuePair[];
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
}

/** RunTask's overrides. */
export interface TaskOverride {
  containerOverrides?: ContainerOverride[];
  cpu?: string;
  memory?: string;
  taskRoleArn?: string;
  executionRoleArn?: string;
}

/** RunTask's request (network and placement settings are accepted and ignored locally). */
export interface RunTaskInput {
  cluster?: string;
  taskDefinition: string;
  /** 1 to 10. Default 1. */
  count?: number;
  launchType?: 'FARGATE' | 'EC2' | 'EXTERNAL';
  overrides?: TaskOverride;
  networkConfiguration?: unknown;
  startedBy?: string;
  group?: string;
  tags?: Tag[];
  platformVersion?: string;
  enableExecuteCommand?: boolean;
  propagateTags?: string;
  capacityProviderStrategy?: unknown[];
  clientToken?: string;
  referenceId?: string;
}

/** A container of a task. */
export interface Container {
  containerArn: string;
  taskArn: string;
  name: string;
  image: string;
  lastStatus: TaskStatus;
  exitCode?: number;
  reason?: string;
  networkBindings: unknown[];
  networkInterfaces: unknown[];
  healthStatus: 'UNKNOWN';
  cpu?: string;
  memory?: string;
}

/** A task, as DescribeTasks returns it. */
export interface Task {
  taskArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  containers: Container[];
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  launchType: string;
  cpu?: string;
  memory?: string;
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  stoppingAt?: number;
  executionStoppedAt?: number;
  stoppedAt?: number;
  stopCode?: TaskStopCode;
  stoppedReason?: string;
  group: string;
  startedBy?: string;
  overrides: TaskOverride;
  version: number;
  attachments: unknown[];
  tags: Tag[];
  availabilityZone: string;
  platformVersion?: string;
  enableExecuteCommand: boolean;
  healthStatus: 'UNKNOWN';
}

/** A resource an operation could not find (`MISSING`) or use. */
export interface Failure {
  arn?: string;
  reason: string;
  detail?: string;
}

/** ListTaskDefinitions' request. */
export interface ListTaskDefinitionsInput {
  familyPrefix?: string;
  status?: 'ACTIVE' | 'INACTIVE';
  sort?: 'ASC' | 'DESC';
  maxResults?: number;
  nextToken?: string;
}

/** ListTasks' request. */
export interface ListTasksInput {
  cluster?: string;
  family?: string;
  startedBy?: string;
  /** Default: RUNNING, as on AWS (stopped tasks are listed only when asked for). */
  desiredStatus?: 'RUNNING' | 'PENDING' | 'STOPPED';
  launchType?: string;
  maxResults?: number;
  nextToken?: string;
}

/** Amazon ECS: clusters, task definitions and tasks. */
export interface EcsService {
  createCluster(input?: { clusterName?: string; tags?: Tag[] }): Promise<{ cluster: Cluster }>;
  describeClusters(input?: {
    clusters?: string[];
  }): Promise<{ clusters: Cluster[]; failures: Failure[] }>;
  listClusters(input?: {
    maxResults?: number;
    nextToken?: string;
  }): Promise<{ clusterArns: string[]; nextToken?: string }>;
  deleteCluster(input: { cluster: string }): Promise<{ cluster: Cluster }>;
  registerTaskDefinition(
    input: RegisterTaskDefinitionInput,
  ): Promise<{ taskDefinition: TaskDefinition; tags: Tag[] }>;
  deregisterTaskDefinition(input: {
    taskDefinition: string;
  }): Promise<{ taskDefinition: TaskDefinition }>;
  describeTaskDefinition(input: {
    taskDefinition: string;
    include?: string[];
  }): Promise<{ taskDefinition: TaskDefinition; tags?: Tag[] }>;
  listTaskDefinitions(
    input?: ListTaskDefinitionsInput,
  ): Promise<{ taskDefinitionArns: string[]; nextToken?: string }>;
  runTask(input: RunTaskInput): Promise<{ tasks: Task[]; failures: Failure[] }>;
  describeTasks(input: {
    cluster?: string;
    tasks: string[];
  }): Promise<{ tasks: Task[]; failures: Failure[] }>;
  stopTask(input: { cluster?: string; task: string; reason?: string }): Promise<{ task: Task }>;
  listTasks(input?: ListTasksInput): Promise<{ taskArns: string[]; nextToken?: string }>;
  /** Resolves with the task once it is STOPPED (rejects with the signal's reason when it aborts). */
  waitForTask(cluster: string, task: string, options?: { signal?: AbortSignal }): Promise<Task>;
}

/** A task state change, as the EventBridge event `ECS Task State Change` carries it. */
export type TaskStateHook = (task: Task) => void;

/** The embedded ECS: the port plus control of its tasks. */
export interface LocalEcs extends EcsService {
  /**
   * Picks up tasks a previous process left running (their containers run
   * again) and finishes the ones being stopped. Idempotent.
   */
  start(): void;
  /** Kills every task's containers; tasks stay as they are in the store, as after a crash. */
  stop(): Promise<void>;
}
