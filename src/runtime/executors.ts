import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChildOutcome } from './child-executor.js';
import { createLineSplitter, runChild } from './child-executor.js';
import type { ContainerEngine } from './container.js';
import { containerRunArgs } from './container.js';
import { PROGRAM_ENV } from './job-command.js';
import { childLoaderArgs, runtimeFile } from './modules.js';
import type { RegisteredProgram } from './programs.js';
import type { WorkerPool } from './worker-pool.js';

/**
 * The four ways a run executes, behind one small shape: a program in a
 * worker thread, a program in a child process (`modelmill job`), a host
 * command, a container.
 */

/** How an execution ended. */
export interface ExecOutcome {
  exitCode?: number;
  /** Why it never started. */
  reason?: string;
  /** True when it was killed rather than ending by itself. */
  killed?: boolean;
}

/** An execution in flight. */
export interface Exec {
  done: Promise<ExecOutcome>;
  terminate(): void;
}

/** Where an execution writes and reports. */
export interface ExecIo {
  line: (stream: 'stdout' | 'stderr', text: string) => void;
  started: () => void;
  /** The run's own variables. */
  env: Record<string, string>;
  /** Whether the host's variables lie under them. */
  inheritEnv: boolean;
  /** The working folder (created by the executor). */
  cwd: string;
  killGraceMs: number;
}

/** The whole environment of a process: the host's (when inherited) under the run's own. */
export function processEnv(io: ExecIo): Record<string, string> {
  const env: Record<string, string> = {};
  if (io.inheritEnv) {
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  }
  return Object.assign(env, io.env);
}

function fromChild(outcome: ChildOutcome, killed: boolean): ExecOutcome {
  if (outcome.exitCode === undefined) return { reason: outcome.startError };
  return killed ? { exitCode: outcome.exitCode, killed } : { exitCode: outcome.exitCode };
}

/** A program in the worker pool. */
export function execWorker(
  pool: WorkerPool,
  program: RegisteredProgram,
  argv: string[],
  io: ExecIo,
): Exec {
  const splitters = {
    stdout: createLineSplitter((text) => io.line('stdout', text)),
    stderr: createLineSplitter((text) => io.line('stderr', text)),
  };
  const run = pool.run({
    name: program.name,
    moduleUrl: program.moduleUrl,
    exportName: program.exportName,
    argv,
    env: io.env,
    inheritEnv: io.inheritEnv,
    cwd: io.cwd,
    onOutput: (stream, text) => splitters[stream].push(text),
    onStarted: io.started,
  });
  let aborted = false;
  const done = run.done.then((outcome): ExecOutcome => {
    splitters.stdout.end();
    splitters.stderr.end();
    if ('killed' in outcome) return { exitCode: 137, killed: true };
    return aborted ? { exitCode: outcome.exitCode, killed: true } : { exitCode: outcome.exitCode };
  });
  return {
    done,
    terminate() {
      aborted = true;
      run.abort();
    },
  };
}

/** A command on the host, in its own process group. */
export function execCommand(command: string[], io: ExecIo): Exec {
  const [head = '', ...args] = command;
  mkdirSync(io.cwd, { recursive: true });
  const child = runChild({
    command: head,
    args,
    env: processEnv(io),
    cwd: io.cwd,
    onLine: io.line,
    onStarted: () => io.started(),
  });
  let killed = false;
  return {
    done: child.done.then((outcome) => fromChild(outcome, killed)),
    terminate() {
      killed = true;
      child.terminate(io.killGraceMs);
    },
  };
}

/** A program in a child process: `node [--import tsx] job-main <name> <args>`. */
export function execProgramChild(program: RegisteredProgram, argv: string[], io: ExecIo): Exec {
  const entry = runtimeFile('job-main');
  const node = [
    process.execPath,
    ...childLoaderArgs([entry, program.moduleUrl]),
    fileURLToPath(entry),
    program.name,
    ...argv,
  ];
  const env = {
    ...io.env,
    [PROGRAM_ENV.name]: program.name,
    [PROGRAM_ENV.module]: program.moduleUrl,
    [PROGRAM_ENV.export]: program.exportName,
  };
  return execCommand(node, { ...io, env });
}

/** A container, run and killed through the engine's CLI. */
export function execContainer(
  engine: ContainerEngine,
  name: string,
  image: string,
  command: string[],
  io: ExecIo,
  jobEnv: Record<string, string>,
): Exec {
  const args = containerRunArgs({ name, image, command, env: jobEnv });
  const exec = execCommand([engine.command, ...args], io);
  return {
    done: exec.done,
    terminate() {
      execFile(engine.command, ['kill', name], () => exec.terminate());
    },
  };
}
