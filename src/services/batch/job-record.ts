import type { ResourceAmounts } from '../../runtime/index.js';
import type {
  AttemptDetail,
  ContainerDetail,
  JobDependency,
  JobStatus,
  JobTimeout,
  RetryStrategy,
} from './types.js';

/**
 * A job as the embedded Batch keeps it: the fields DescribeJobs shows, plus
 * what scheduling needs (submission order, resources, what it waits for).
 * Stored as one JSON document per job.
 */
export interface JobRecord {
  jobId: string;
  jobName: string;
  jobArn: string;
  queueName: string;
  jobQueue: string;
  jobDefinition: string;
  definitionName: string;
  status: JobStatus;
  statusReason?: string;
  createdAt: number;
  startedAt?: number;
  stoppedAt?: number;
  /** Submission order (children follow their parent). */
  seq: number;
  parameters: Record<string, string>;
  container: ContainerDetail;
  retryStrategy?: RetryStrategy;
  timeout?: JobTimeout;
  dependsOn: JobDependency[];
  /** For an array parent: its size and how many children are in each state. */
  arraySize?: number;
  statusSummary?: Record<string, number>;
  /** For an array child: its index and parent. */
  arrayIndex?: number;
  parentId?: string;
  attempts: AttemptDetail[];
  tags?: Record<string, string>;
  propagateTags?: boolean;
  platformCapabilities: Array<'EC2' | 'FARGATE'>;
  schedulingPriority?: number;
  shareIdentifier?: string;
  isCancelled?: boolean;
  isTerminated?: boolean;
  /** Why TerminateJob stopped the attempt in flight. */
  terminateReason?: string;
  /** Resources one attempt takes. */
  need: ResourceAmounts;
  /** Jobs that must succeed first (array dependencies already resolved to children). */
  waitsFor: string[];
  /** The attempt in flight: environment, task id, when it started. */
  current?: { ce: string; taskId: string; startedAt?: number };
  /** Bumped each time the job enters RUNNABLE (to spot stale queue entries). */
  runnableGen: number;
}

/** True for SUCCEEDED and FAILED. */
export function isTerminal(status: JobStatus): boolean {
  return status === 'SUCCEEDED' || status === 'FAILED';
}

/** The zeroed status summary of an array parent. */
export function emptySummary(): Record<string, number> {
  return {
    SUBMITTED: 0,
    PENDING: 0,
    RUNNABLE: 0,
    STARTING: 0,
    RUNNING: 0,
    SUCCEEDED: 0,
    FAILED: 0,
  };
}
