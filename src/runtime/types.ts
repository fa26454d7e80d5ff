import type { Logger } from '../core/index.js';

/**
 * The runtime's vocabulary: programs and how they are called, what a run is
 * asked to do (RunSpec), what it reports (RunResult), where images point
 * (ImageTarget), and the log store port.
 */

/** What a built-in program receives. */
export interface ProgramContext {
  /** The program's registered name. */
  name: string;
  /** `--key value` pairs of the command line, without the dashes (`{ pk_id: '7' }`). */
  args: Record<string, string>;
  /** The raw arguments after the program name, as a container would get them. */
  argv: string[];
  /** The job's environment (the host's, then the job's own variables). */
  env: Record<string, string>;
  /** The job's working folder (exists; the program may write there). */
  cwd: string;
  /** Writes to the job's log stream (and nowhere else). */
  logger: Logger;
  /** Aborted when the job is terminated or times out; long programs should stop. */
  signal: AbortSignal;
}

/** A built-in program: returns its exit code (`undefined` means 0) or throws (exit code 1). */
export type ProgramFunction = (
  context: ProgramContext,
) => number | undefined | void | Promise<number | undefined | void>;

/** How a built-in program is found: a name and the module that exports it. */
export interface ProgramDefinition {
  /** Name used in `modelmill job <name>` and in image registrations, e.g. `dapm-train`. */
  name: string;
  /** The module, e.g. `new URL('./train.js', import.meta.url)`; `.js` finds `.ts` under TypeScript sources. */
  module: URL | string;
  /** The exported function. Default: `default`. */
  export?: string;
  /** One line for `modelmill images list` and errors. */
  description?: string;
}

/** What an image URI runs locally. */
export type ImageTarget =
  /** A built-in program; the container command's `--key value` pairs become its arguments. */
  | { kind: 'program'; program: string }
  /** Bring-your-own: a folder of executables (`train`, `serve`, ...), first on PATH. */
  | { kind: 'folder'; folder: string }
  /** A real image, run by a container engine when one answers. */
  | { kind: 'container'; image: string };

/** Looks image URIs up (the ECR service implements it). */
export interface ImageResolver {
  /** What runs `uri`, or `undefined` when it is not registered. */
  resolve(uri: string): ImageTarget | undefined;
}

/** How a built-in program runs: in a worker thread (fast) or a child process (`modelmill job ...`). */
export const ProgramMode = { Worker: 'worker', Child: 'child' } as const;
/** A program mode. */
export type ProgramMode = (typeof ProgramMode)[keyof typeof ProgramMode];

/** What to run. */
export type RunTarget =
  /** A built-in program with arguments (a map, or `--key value` words). */
  | { kind: 'program'; name: string; args?: Record<string, string> | string[]; mode?: ProgramMode }
  /** Any command on the host: `command[0]` is looked up on PATH. */
  | { kind: 'command'; command: string[] }
  /**
   * A container image and its command, as job definitions name them: the
   * runtime resolves the URI (registered program, folder, real image, or the
   * command on the host) the same way for Batch, ECS, Glue and SageMaker.
   */
  | { kind: 'image'; uri: string; image?: ImageTarget | undefined; command?: string[] };

/** Where a run's output goes: a CloudWatch-style log group and stream. */
export interface LogTarget {
  group: string;
  stream: string;
}

/** One run: a target, its environment, working folder, limit and log stream. */
export interface RunSpec {
  target: RunTarget;
  /** Variables set for the run, on top of the host's. Default: none. */
  env?: Record<string, string>;
  /** Working folder (created when missing). Default: a fresh folder under the runtime's work folder. */
  cwd?: string;
  /** Stop the run after this long (on the runtime's clock); `undefined` for no limit. */
  timeoutMs?: number;
  log: LogTarget;
}

/** How a run ended. */
export interface RunResult {
  /** The process's exit code; `undefined` when it never started (see `reason`). */
  exitCode?: number;
  /** Why it could not start or was stopped, in ECS's words (`CannotPullContainerError: ...`). */
  reason?: string;
  /** Set when the runtime stopped it: on `timeout`, or `terminated` by a caller. */
  stopped?: 'timeout' | 'terminated';
  /** Which executor ran it. */
  executor: 'worker' | 'child' | 'container' | 'none';
  /** When it started (clock ms); `undefined` when it never started. */
  startedAt?: number;
  stoppedAt: number;
}

/** A run in flight. */
export interface RunHandle {
  /** Resolves once the program or process is actually running (`false` when it never starts). */
  readonly started: Promise<boolean>;
  /** Resolves when the run ends; never rejects. */
  readonly done: Promise<RunResult>;
  /** Stops the run: the worker's program is aborted, a process tree is killed. */
  terminate(reason?: string): void;
}

/** One log line. */
export interface LogEvent {
  /** When it was written (epoch ms). */
  timestamp: number;
  message: string;
}

/** A stored log line with its position in the store. */
export interface StoredLogEvent extends LogEvent {
  /** Increasing position; pass the last one seen as `from` to read on. */
  seq: number;
  ingestionTime: number;
}

/** A log stream's summary. */
export interface LogStreamSummary {
  group: string;
  stream: string;
  createdAt: number;
  firstEventAt?: number;
  lastEventAt?: number;
  events: number;
}

/** Options of LogStore.read. */
export interface LogReadOptions {
  /** Only events after this position (a `seq` from an earlier read). Default: from the start. */
  from?: number;
  /** At most this many events. Default: 10,000. */
  limit?: number;
}

/** Options of LogStore.follow. */
export interface LogFollowOptions extends LogReadOptions {
  /** Ends the iteration when aborted. */
  signal?: AbortSignal;
  /** Ends the iteration once this returns true and every event written before has been yielded. */
  until?: () => boolean;
  /** How often to look for lines written by another process (ms). Default: 250. */
  pollMs?: number;
}

/**
 * Captured output of jobs, tasks and runs, kept durably as CloudWatch Logs
 * would: groups (`/aws/batch/job`) and streams (`<definition>/default/<task id>`).
 */
export interface LogStore {
  /** Adds lines to a stream (created on first use). Writes are batched; see `flush`. */
  append(group: string, stream: string, events: LogEvent[]): void;
  /** Lines of a stream in order, after `from`. */
  read(
    group: string,
    stream: string,
    options?: LogReadOptions,
  ): { events: StoredLogEvent[]; next: number };
  /** Lines as they are written, until the signal aborts or `until` holds. */
  follow(group: string, stream: string, options?: LogFollowOptions): AsyncIterable<StoredLogEvent>;
  /** The streams of a group, optionally only those whose name starts with `prefix`. */
  streams(group: string, prefix?: string): LogStreamSummary[];
  /** Writes buffered lines now. */
  flush(): void;
}
