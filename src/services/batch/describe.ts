import type { JobRecord } from './job-record.js';
import type { JobDetail, JobSummary } from './types.js';

/**
 * Jobs as the API shows them: DescribeJobs' JobDetail and ListJobs'
 * JobSummary, built from the stored record (internal fields left out).
 */

/** The JobDetail of `job`. */
export function jobDetail(job: JobRecord): JobDetail {
  const array =
    job.arraySize !== undefined
      ? { arrayProperties: { statusSummary: { ...job.statusSummary }, size: job.arraySize } }
      : job.arrayIndex !== undefined
        ? { arrayProperties: { index: job.arrayIndex } }
        : {};
  return {
    jobArn: job.jobArn,
    jobName: job.jobName,
    jobId: job.jobId,
    jobQueue: job.jobQueue,
    status: job.status,
    ...(job.shareIdentifier === undefined ? {} : { shareIdentifier: job.shareIdentifier }),
    ...(job.schedulingPriority === undefined ? {} : { schedulingPriority: job.schedulingPriority }),
    attempts: job.attempts,
    ...(job.statusReason === undefined ? {} : { statusReason: job.statusReason }),
    createdAt: job.createdAt,
    ...(job.retryStrategy ? { retryStrategy: job.retryStrategy } : {}),
    ...(job.startedAt === undefined ? {} : { startedAt: job.startedAt }),
    ...(job.stoppedAt === undefined ? {} : { stoppedAt: job.stoppedAt }),
    dependsOn: job.dependsOn,
    jobDefinition: job.jobDefinition,
    parameters: job.parameters,
    container: job.container,
    ...array,
    ...(job.timeout ? { timeout: job.timeout } : {}),
    tags: job.tags ?? {},
    propagateTags: job.propagateTags ?? false,
    platformCapabilities: job.platformCapabilities,
    ...(job.isCancelled ? { isCancelled: true } : {}),
    ...(job.isTerminated ? { isTerminated: true } : {}),
  };
}

/** The JobSummary of `job`. */
export function jobSummary(job: JobRecord): JobSummary {
  const container =
    job.container.exitCode !== undefined || job.container.reason !== undefined
      ? {
          container: {
            ...(job.container.exitCode === undefined ? {} : { exitCode: job.container.exitCode }),
            ...(job.container.reason === undefined ? {} : { reason: job.container.reason }),
          },
        }
      : {};
  return {
    jobArn: job.jobArn,
    jobId: job.jobId,
    jobName: job.jobName,
    createdAt: job.createdAt,
    status: job.status,
    ...(job.statusReason === undefined ? {} : { statusReason: job.statusReason }),
    ...(job.startedAt === undefined ? {} : { startedAt: job.startedAt }),
    ...(job.stoppedAt === undefined ? {} : { stoppedAt: job.stoppedAt }),
    ...container,
    ...(job.arraySize !== undefined
      ? { arrayProperties: { size: job.arraySize } }
      : job.arrayIndex !== undefined
        ? { arrayProperties: { index: job.arrayIndex } }
        : {}),
    jobDefinition: job.jobDefinition,
  };
}
