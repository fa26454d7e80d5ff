import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, Logger } from '../core/index.js';
import { silentLogger, systemClock } from '../core/index.js';
import { argvOf } from './args.js';
import type { ContainerEngine } from './container.js';
import { detectContainerEngine, noEngineReason } from './container.js';
import type { Exec, ExecIo, ExecOutcome } from './executors.js';
import { execCommand, execContainer, execProgramChild, execWorker } from './executors.js';
import type { ImagePlan } from './image-plan.js';
import { planImageRun, prependPath } from './image-plan.js';
import type { ProgramRegistry } from './programs.js';
import { createProgramRegistry } from './programs.js';
import type { LogStore, ProgramMode, RunHandle, RunResult, RunSpec } from './types.js';
import { createWorkerPool } from './worker-pool.js';

/**
 * The job runtime: one place where every emulated compute service (Batch,
 * ECS, Glue, SageMaker, Lambda) runs its work — built-in programs in a worker
 * pool or a child process, commands on the host, containers when an engine
 * answers — with timeouts, termination of the whole process tree, and output
 * captured to the log store.
 */

/** Options of the runtime. */
export interface RuntimeOptions {
  /** Where output goes. */
  logs: LogStore;
  /** Built-in programs. Default: an empty registry. */
  programs?: ProgramRegistry;
  /** Timeouts and timestamps. Default: the system clock. */
  clock?: Clock;
  /** Default: silent. */
  logger?: Logger;
  /** Parent of the runs' working folders. Default: `<os tmpdir>/modelmill-work`. */
  workDir?: string;
  /** Worker threads for programs. Default: the number of CPUs. */
  poolSize?: number;
  /** How programs run unless a target says otherwise. Default: `worker`. */
  programMode?: ProgramMode;
  /** The container engine, `null` for none, or undefined to detect it on first need. */
  containerEngine?: ContainerEngine | null;
  /** Time between SIGTERM and SIGKILL when a run is stopped (ms). Default: 2000. */
  killGraceMs?: number;
  /**
   * Variables every run gets under its own (how programs reach the instance's
   * API: AWS_ENDPOINT_URL, AWS_REGION, ...); may start the API on first use. Default: none.
   */
  baseEnv?: () => Promise<Record<string, string>>;
  /** Whether host commands see the host's environment under their own. Default: true. */
  inheritEnv?: boolean;
}

/** The runtime. */
export interface Runtime {
  readonly programs: ProgramRegistry;
  readonly logs: LogStore;
  /** Size of the worker pool. */
  readonly poolSize: number;
  /** Starts a run; its handle says when it started and how it ended. */
  start(spec: RunSpec): RunHandle;
  /** The container engine that answers, if any (detected once). */
  containerEngine(): Promise<ContainerEngine | undefined>;
  /** Kills what runs and stops the worker threads. */
  close(): Promise<void>;
}

type Outcome = ExecOutcome & { executor: RunResult['executor'] };

interface Control {
  terminated?: string;
  timedOut: boolean;
  exec?: Exec;
}

/** Creates a runtime. */
export function createRuntime(options: RuntimeOptions): Runtime {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const programs = options.programs ?? createProgramRegistry();
  const grace = options.killGraceMs ?? 2000;
  const pool = createWorkerPool({
    killGraceMs: grace,
    ...(options.poolSize === undefined ? {} : { size: options.poolSize }),
  });
  const workDir = options.workDir ?? join(tmpdir(), 'modelmill-work');
  const running = new Set<Control>();
  let engine: Promise<ContainerEngine | undefined> | undefined =
    options.containerEngine === undefined
      ? undefined
      : Promise.resolve(options.containerEngine ?? undefined);

  const containerEngine = (): Promise<ContainerEngine | undefined> =>
    (engine ??= detectContainerEngine().then((found) => {
      if (!found)
        logger.info('no container engine answers (docker, podman): container images cannot run');
      return found;
    }));

  async function plan(spec: RunSpec): Promise<ImagePlan> {
    const { target } = spec;
    if (target.kind === 'program') {
      const planned: ImagePlan = { kind: 'program', name: target.name, argv: argvOf(target.args) };
      return target.mode ? { ...planned, mode: target.mode } : planned;
    }
    if (target.kind === 'command') return { kind: 'command', command: target.command };
    const planned = planImageRun(target.uri, target.image, target.command);
    if (planned.kind === 'container' && !(await containerEngine())) {
      return { kind: 'fail', reason: noEngineReason(planned.image) };
    }
    return planned;
  }

  async function launch(planned: ImagePlan, spec: RunSpec, io: ExecIo): Promise<Exec | string> {
    if (planned.kind === 'fail') return planned.reason;
    if (planned.kind === 'program') {
      if (!programs.has(planned.name)) {
        return `CannotStartContainerError: no built-in program is named '${planned.name}' (registered: ${
          programs
            .list()
            .map((p) => p.name)
            .join(', ') || 'none'
        })`;
      }
      const program = programs.get(planned.name);
      const mode = planned.mode ?? options.programMode ?? 'worker';
      return mode === 'child'
        ? execProgramChild(program, planned.argv, io)
        : execWorker(pool, program, planned.argv, io);
    }
    if (planned.kind === 'command') {
      if (planned.note) io.line('stderr', planned.note);
      const path = io.env.PATH ?? (io.inheritEnv ? process.env.PATH : undefined);
      const env = planned.pathPrefix
        ? { ...io.env, PATH: prependPath(path, planned.pathPrefix) }
        : io.env;
      return execCommand(planned.command, { ...io, env });
    }
    const found = (await containerEngine()) as ContainerEngine;
    const name = `modelmill-${randomUUID()}`;
    return execContainer(found, name, planned.image, planned.command, io, spec.env ?? {});
  }

  function start(spec: RunSpec): RunHandle {
    const control: Control = { timedOut: false };
    let markStarted!: (started: boolean) => void;
    const started = new Promise<boolean>((resolve) => (markStarted = resolve));
    let startedAt: number | undefined;
    const done = execute(spec, control, () => {
      startedAt ??= clock.now();
      markStarted(true);
    }).then((outcome) => {
      markStarted(false);
      return result(outcome, control, startedAt);
    });
    return {
      started,
      done,
      terminate(reason = 'terminated') {
        control.terminated ??= reason;
        control.exec?.terminate();
      },
    };
  }

  async function execute(spec: RunSpec, control: Control, onStarted: () => void): Promise<Outcome> {
    running.add(control);
    const timer = spec.timeoutMs === undefined ? undefined : new AbortController();
    try {
      const planned = await plan(spec);
      const cwd = spec.cwd ?? join(workDir, randomUUID());
      const io: ExecIo = {
        line: (_stream, text) =>
          options.logs.append(spec.log.group, spec.log.stream, [
            { timestamp: clock.now(), message: text },
          ]),
        started: onStarted,
        env: { ...(options.baseEnv ? await options.baseEnv() : {}), ...spec.env },
        inheritEnv: options.inheritEnv !== false,
        cwd,
        killGraceMs: grace,
      };
      if (control.terminated) return { killed: true, executor: 'none' };
      const exec = await launch(planned, spec, io);
      if (typeof exec === 'string') {
        io.line('stderr', exec);
        return { reason: exec, executor: 'none' };
      }
      control.exec = exec;
      if (control.terminated) exec.terminate();
      if (spec.timeoutMs !== undefined && timer) {
        clock.sleep(spec.timeoutMs, timer.signal).then(
          () => {
            control.timedOut = true;
            exec.terminate();
          },
          () => undefined,
        );
      }
      const outcome = await exec.done;
      return { ...outcome, executor: executorOf(planned, options.programMode) };
    } finally {
      timer?.abort();
      running.delete(control);
    }
  }

  function result(outcome: Outcome, control: Control, startedAt: number | undefined): RunResult {
    const stopped = control.timedOut ? 'timeout' : control.terminated ? 'terminated' : undefined;
    return {
      ...(outcome.exitCode === undefined ? {} : { exitCode: outcome.exitCode }),
      ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
      ...(stopped ? { stopped } : {}),
      executor: outcome.executor,
      ...(startedAt === undefined ? {} : { startedAt }),
      stoppedAt: clock.now(),
    };
  }

  return {
    programs,
    logs: options.logs,
    poolSize: pool.size,
    start,
    containerEngine,
    async close() {
      for (const control of running) {
        control.terminated ??= 'runtime closed';
        control.exec?.terminate();
      }
      await pool.close();
      options.logs.flush();
    },
  };
}

function executorOf(planned: ImagePlan, mode: ProgramMode | undefined): RunResult['executor'] {
  if (planned.kind === 'program')
    return (planned.mode ?? mode ?? 'worker') === 'child' ? 'child' : 'worker';
  if (planned.kind === 'container') return 'container';
  return planned.kind === 'command' ? 'child' : 'none';
}
