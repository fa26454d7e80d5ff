import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * Child processes: any command, with its environment and working folder,
 * stdout and stderr captured line by line. Each runs in its own process
 * group, so terminating it kills everything it started (SIGTERM, then
 * SIGKILL after a grace period), as stopping a container does.
 */

/** One command to run. */
export interface ChildTask {
  /** Executable, looked up on the PATH of `env`. */
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  onLine(stream: 'stdout' | 'stderr', line: string): void;
  onStarted(pid: number): void;
}

/** How it ended: an exit code (128 + n after signal n), or why it never started. */
export type ChildOutcome =
  { exitCode: number; signal?: NodeJS.Signals } | { exitCode?: undefined; startError: string };

/** A running child. */
export interface ChildRun {
  done: Promise<ChildOutcome>;
  /** SIGTERM to the whole process group, SIGKILL after `graceMs`. */
  terminate(graceMs?: number): void;
}

/** Splits a stream's chunks into lines; the last partial line comes out at `end`. */
export function createLineSplitter(emit: (line: string) => void): {
  push(chunk: Buffer | string): void;
  end(): void;
} {
  let rest = '';
  return {
    push(chunk) {
      const text = rest + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) emit(line.endsWith('\r') ? line.slice(0, -1) : line);
    },
    end() {
      if (rest !== '') emit(rest);
      rest = '';
    },
  };
}

/** The reason ECS gives when a container's command cannot be executed. */
export function startErrorReason(command: string, code: string | undefined): string {
  const why = code === 'EACCES' ? 'permission denied' : 'executable file not found in $PATH';
  return `CannotStartContainerError: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${command}": ${why}: unknown`;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** Starts `task` in a new process group. */
export function runChild(task: ChildTask): ChildRun {
  const child = spawn(task.command, task.args, {
    cwd: task.cwd,
    env: task.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createLineSplitter((line) => task.onLine('stdout', line));
  const err = createLineSplitter((line) => task.onLine('stderr', line));
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  let killTimer: NodeJS.Timeout | undefined;
  const done = new Promise<ChildOutcome>((resolve) => {
    let settled = false;
    child.once('spawn', () => task.onStarted(child.pid ?? 0));
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (settled || child.pid !== undefined) return;
      settled = true;
      resolve({ startError: startErrorReason(task.command, error.code) });
    });
    let ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    child.once('exit', (code, signal) => {
      ended = { code, signal };
      // The container ends with its main process: anything it left behind goes too.
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
    });
    child.once('close', (code, signal) => {
      if (killTimer) clearTimeout(killTimer);
      if (settled) return;
      settled = true;
      out.end();
      err.end();
      const final = ended ?? { code, signal };
      const exitCode =
        final.code ?? 128 + (final.signal ? (constants.signals[final.signal] ?? 0) : 0);
      resolve(final.signal ? { exitCode, signal: final.signal } : { exitCode });
    });
  });
  return {
    done,
    terminate(graceMs = 2000) {
      const pid = child.pid;
      if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      killGroup(pid, 'SIGTERM');
      killTimer ??= setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
    },
  };
}
