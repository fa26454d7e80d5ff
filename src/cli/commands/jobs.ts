import type { Command } from 'commander';
import type { Modelmill } from '../../modelmill.js';
import { createModelmill } from '../../modelmill.js';
import type { LogStore, ProgramRegistry } from '../../runtime/index.js';
import type { JobDetail, JobStatus, JobSummary, LocalBatch } from '../../services/batch/index.js';
import type { LocalImageRegistry } from '../../services/ecr/index.js';
import type { OutputFormat } from '../output.js';
import { eprintln, printJson, println, table, when } from '../output.js';

/**
 * `modelmill jobs list` / `jobs describe`: the Batch jobs stored under
 * MODELMILL_HOME, with the reason a job waits (a RUNNABLE job no compute
 * environment can hold says so). Also the helper the compute commands share
 * to reach Batch, the image registry, the logs and the programs.
 */

/** What the compute commands (jobs, logs, images, job) work with. */
export interface ComputeParts {
  batch: LocalBatch;
  ecr: LocalImageRegistry;
  logs: LogStore;
  programs: ProgramRegistry;
  /** Releases what was opened (the instance included). */
  close(): Promise<void>;
}

/** Opens the parts; tests pass their own. */
export type OpenCompute = () => Promise<ComputeParts>;

/** The compute parts of an instance. */
export function computeParts(mm: Modelmill): ComputeParts {
  return {
    batch: mm.services.batch,
    ecr: mm.services.ecr,
    logs: mm.logs,
    programs: mm.programs,
    close: () => mm.close(),
  };
}

/** Opens the instance under MODELMILL_HOME and its compute parts. */
export const openCompute: OpenCompute = async () => computeParts(await createModelmill());

const STATUSES: readonly JobStatus[] = [
  'SUBMITTED',
  'PENDING',
  'RUNNABLE',
  'STARTING',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
];

/** Options of `jobs list`. */
export interface ListOptions {
  queue?: string;
  status?: string;
  max: string;
  output: OutputFormat;
}

/** Lists jobs (all queues unless one is named; all statuses unless one is named), newest first. */
export async function listJobs(parts: ComputeParts, opts: ListOptions): Promise<number> {
  const max = Number(opts.max);
  if (!Number.isInteger(max) || max < 1)
    return usage(`--max must be a positive integer (got '${opts.max}')`);
  const status = opts.status?.toUpperCase();
  if (status !== undefined && !STATUSES.includes(status as JobStatus)) {
    return usage(`--status must be one of ${STATUSES.join(', ')} (got '${opts.status}')`);
  }
  const queues = opts.queue
    ? [opts.queue]
    : (await parts.batch.describeJobQueues()).jobQueues.map((q) => q.jobQueueName);
  const rows: Array<JobSummary & { queue: string }> = [];
  for (const queue of queues) {
    for (const jobStatus of status ? [status as JobStatus] : STATUSES) {
      const page = await parts.batch.listJobs({ jobQueue: queue, jobStatus, maxResults: max });
      rows.push(...page.jobSummaryList.map((s) => ({ ...s, queue })));
    }
  }
  rows.sort((a, b) => b.createdAt - a.createdAt);
  const shown = rows.slice(0, max);
  if (opts.output === 'json') {
    printJson(shown);
    return 0;
  }
  if (shown.length === 0) {
    println(
      queues.length === 0
        ? 'no job queues (create one with CreateJobQueue or `modelmill up`)'
        : 'no jobs',
    );
    return 0;
  }
  println(
    table(
      ['ID', 'NAME', 'QUEUE', 'STATUS', 'EXIT', 'CREATED', 'REASON'],
      shown.map((s) => [
        s.jobId,
        s.jobName,
        s.queue,
        s.status,
        s.container?.exitCode,
        when(s.createdAt),
        s.statusReason ?? s.container?.reason,
      ]),
    ),
  );
  return 0;
}

/** Prints one job: a summary line (why it waits or how it ended) and its description as JSON. */
export async function describeJob(
  parts: ComputeParts,
  jobId: string,
  output: OutputFormat,
): Promise<number> {
  const [job] = (await parts.batch.describeJobs({ jobs: [jobId] })).jobs;
  if (!job) {
    eprintln(`error: no job '${jobId}' (list jobs with \`modelmill jobs list\`)`);
    return 1;
  }
  if (output === 'json') {
    printJson(job);
    return 0;
  }
  println(summaryLine(job));
  printJson(job);
  return 0;
}

/** One line saying where a job stands. */
export function summaryLine(job: JobDetail): string {
  const reason = job.statusReason ?? job.container?.reason;
  const exit =
    job.container?.exitCode === undefined ? '' : ` (exit code ${job.container.exitCode})`;
  const tries = job.attempts.length > 1 ? `, after ${job.attempts.length} attempts` : '';
  return `${job.jobName} ${job.jobId}: ${job.status}${exit}${tries}${reason ? ` — ${reason}` : ''}`;
}

function usage(message: string): number {
  eprintln(`error: ${message}`);
  return 2;
}

/** Registers `jobs list` and `jobs describe` on `program`. */
export function registerJobs(
  program: Command,
  setExit: (code: number) => void,
  open: OpenCompute = openCompute,
): void {
  const jobs = program.command('jobs').description('list and inspect AWS Batch jobs');
  jobs
    .command('list')
    .description('list jobs, newest first, with the reason a job waits or failed')
    .option('--queue <name-or-arn>', 'only this job queue')
    .option('--status <status>', `only ${STATUSES.join(', ')}`)
    .option('--max <n>', 'at most this many', '50')
    .option('--output <format>', 'text or json', 'text')
    .action(async (opts: ListOptions) => {
      const parts = await open();
      try {
        setExit(await listJobs(parts, opts));
      } finally {
        await parts.close();
      }
    });
  jobs
    .command('describe <jobId>')
    .description('show one job as DescribeJobs does')
    .option('--output <format>', 'text or json', 'text')
    .action(async (jobId: string, opts: { output: OutputFormat }) => {
      const parts = await open();
      try {
        setExit(await describeJob(parts, jobId, opts.output));
      } finally {
        await parts.close();
      }
    });
}
