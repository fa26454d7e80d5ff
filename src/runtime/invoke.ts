import type { Logger } from '../core/index.js';
import { parseProgramArgs } from './args.js';
import { loadProgram } from './programs.js';

/**
 * Calling a built-in program: the one place that turns a module export into
 * an exit code, shared by the worker thread and the `modelmill job` process.
 */

/** Where a program's output goes. */
export type WriteOutput = (stream: 'stdout' | 'stderr', text: string) => void;

/** One program call. */
export interface ProgramCall {
  name: string;
  moduleUrl: string;
  exportName: string;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  signal: AbortSignal;
  write: WriteOutput;
  /** Called once the module is loaded, just before the program is called. */
  onStart?: () => void;
}

/** A logger whose lines go to the job's output (`info message {fields}`). */
export function outputLogger(write: WriteOutput): Logger {
  const line = (level: string, stream: 'stdout' | 'stderr') => {
    return (message: string, fields?: Record<string, unknown>): void => {
      const suffix = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
      write(stream, `${level} ${message}${suffix}\n`);
    };
  };
  return {
    debug: line('debug', 'stdout'),
    info: line('info', 'stdout'),
    warn: line('warn', 'stderr'),
    error: line('error', 'stderr'),
  };
}

/** Runs the program; resolves to its exit code (a thrown error is written to stderr and gives 1). */
export async function invokeProgram(call: ProgramCall): Promise<number> {
  try {
    const fn = await loadProgram(call.moduleUrl, call.exportName);
    // Stopped before it began: end as a process killed by SIGTERM would.
    if (call.signal.aborted) return 143;
    call.onStart?.();
    const code = await fn({
      name: call.name,
      args: parseProgramArgs(call.argv),
      argv: call.argv,
      env: call.env,
      cwd: call.cwd,
      logger: outputLogger(call.write),
      signal: call.signal,
    });
    return exitCodeOf(code);
  } catch (err) {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    call.write('stderr', `${text}\n`);
    return 1;
  }
}

function exitCodeOf(code: unknown): number {
  if (code === undefined || code === null) return 0;
  if (typeof code === 'number' && Number.isInteger(code)) return code & 0xff;
  return 0;
}
