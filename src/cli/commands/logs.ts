import type { Command } from 'commander';
import { LogGroup } from '../../runtime/index.js';
import type { StoredLogEvent } from '../../runtime/index.js';
import type { JobDetail } from '../../services/batch/index.js';
import { eprintln, println, table, when } from '../output.js';
import type { ComputeParts, OpenCompute } from './jobs.js';
import { openCompute } from './jobs.js';

/**
 * `modelmill logs <job-id>` prints a Batch job's output (every attempt, in
 * order); `modelmill logs <group> <stream>` prints any stream; `modelmill
 * logs <group>` lists a group's streams. `--follow` keeps printing as lines
 * arrive, until the job finishes (or Ctrl-C for a bare stream).
 */

/** Options of `logs`. */
export interface LogsOptions {
  follow?: boolean;
  timestamps?: boolean;
  /** Stops following (tests; Ctrl-C otherwise). */
  signal?: AbortSignal;
  /** How often to look for lines written by another process (ms). Default: 250. */
  pollMs?: number;
}

function print(event: StoredLogEvent, timestamps: boolean | undefined): void {
  println(
    timestamps ? `${new Date(event.timestamp).toISOString()} ${event.message}` : event.message,
  );
}

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(:\d+)?$/i;

/** The streams of a job's attempts, in order, the one in flight last. */
function jobStreams(job: JobDetail): string[] {
  const streams = job.attempts
    .map((a) => a.container.logStreamName)
    .filter((s): s is string => !!s);
  const current = job.container?.logStreamName;
  return current && !streams.includes(current) ? [...streams, current] : streams;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

async function jobLogs(parts: ComputeParts, jobId: string, opts: LogsOptions): Promise<number> {
  const describe = async (): Promise<JobDetail | undefined> =>
    (await parts.batch.describeJobs({ jobs: [jobId] })).jobs[0];
  let job = await describe();
  if (!job) {
    eprintln(`error: no job '${jobId}' (list jobs with \`modelmill jobs list\`)`);
    return 1;
  }
  if (job.arrayProperties?.size !== undefined) {
    eprintln(
      `${jobId} is an array job: its children have the logs (${jobId}:0 to ${jobId}:${job.arrayProperties.size - 1})`,
    );
    return 1;
  }
  const seen = new Map<string, number>();
  const drain = (current: JobDetail): void => {
    for (const stream of jobStreams(current)) {
      const { events, next } = parts.logs.read(LogGroup.Batch, stream, {
        from: seen.get(stream) ?? 0,
      });
      for (const event of events) print(event, opts.timestamps);
      seen.set(stream, next);
    }
  };
  for (;;) {
    drain(job);
    const finished = job.status === 'SUCCEEDED' || job.status === 'FAILED';
    if (!opts.follow || finished || opts.signal?.aborted) break;
    await sleep(opts.pollMs ?? 250, opts.signal);
    job = (await describe()) ?? job;
  }
  if (seen.size === 0)
    println(`(${job.status}: no output yet${job.statusReason ? ` — ${job.statusReason}` : ''})`);
  return 0;
}

async function streamLogs(
  parts: ComputeParts,
  group: string,
  stream: string,
  opts: LogsOptions,
): Promise<number> {
  if (!opts.follow) {
    const { events } = parts.logs.read(group, stream);
    if (events.length === 0)
      eprintln(
        `no lines in ${group} ${stream} (list the group's streams with \`modelmill logs ${group}\`)`,
      );
    for (const event of events) print(event, opts.timestamps);
    return 0;
  }
  const follow = { pollMs: opts.pollMs ?? 250, ...(opts.signal ? { signal: opts.signal } : {}) };
  for await (const event of parts.logs.follow(group, stream, follow)) print(event, opts.timestamps);
  return 0;
}

function listStreams(parts: ComputeParts, group: string): number {
  const streams = parts.logs.streams(group);
  if (streams.length === 0) {
    eprintln(`no streams in log group ${group}`);
    return 1;
  }
  println(
    table(
      ['STREAM', 'EVENTS', 'FIRST', 'LAST'],
      streams.map((s) => [s.stream, s.events, when(s.firstEventAt), when(s.lastEventAt)]),
    ),
  );
  return 0;
}

/** Runs `logs` with its arguments: a job id, a group, or a group and a stream. */
export async function showLogs(
  parts: ComputeParts,
  target: string,
  stream: string | undefined,
  opts: LogsOptions,
): Promise<number> {
  if (stream !== undefined) return streamLogs(parts, target, stream, opts);
  if (JOB_ID.test(target)) return jobLogs(parts, target, opts);
  if (target.startsWith('/')) return listStreams(parts, target);
  eprintln(
    `error: '${target}' is neither a job id nor a log group; use \`modelmill logs <job-id>\` or \`modelmill logs <group> <stream>\``,
  );
  return 2;
}

/** Registers `logs` on `program`. */
export function registerLogs(
  program: Command,
  setExit: (code: number) => void,
  open: OpenCompute = openCompute,
): void {
  program
    .command('logs <job-id-or-group> [stream]')
    .description(
      "print a Batch job's output (every attempt), or a log stream (`logs /aws/batch/job <stream>`), or list a group's streams",
    )
    .option('-f, --follow', 'keep printing new lines until the job ends (Ctrl-C to stop)')
    .option('--timestamps', 'prefix each line with its time')
    .action(
      async (
        target: string,
        stream: string | undefined,
        opts: { follow?: boolean; timestamps?: boolean },
      ) => {
        const parts = await open();
        const controller = new AbortController();
        const stop = (): void => controller.abort();
        process.once('SIGINT', stop);
        try {
          setExit(await showLogs(parts, target, stream, { ...opts, signal: controller.signal }));
        } finally {
          process.off('SIGINT', stop);
          await parts.close();
        }
      },
    );
}
