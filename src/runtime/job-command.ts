import { invokeProgram } from './invoke.js';
import type { WriteOutput } from './invoke.js';
import type { ProgramRegistry, RegisteredProgram } from './programs.js';
import { resolveModuleUrl } from './modules.js';

/**
 * `modelmill job <name> [--key value ...]`: runs one built-in program in this
 * process, the command a container runs on AWS. The child-process executor
 * starts the same thing (through `job-main`), naming the program's module in
 * `MODELMILL_PROGRAM_*` variables so the child needs no registry.
 */

/** Variables by which a parent names the program's module to the child. */
export const PROGRAM_ENV = {
  name: 'MODELMILL_PROGRAM_NAME',
  module: 'MODELMILL_PROGRAM_MODULE',
  export: 'MODELMILL_PROGRAM_EXPORT',
} as const;

/** What `runJobCommand` needs besides the arguments. */
export interface JobCommandOptions {
  /** Where names are looked up when the environment names no module. */
  programs?: ProgramRegistry;
  /** Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default: process.cwd(). */
  cwd?: string;
  /** Default: process.stdout / process.stderr. */
  write?: WriteOutput;
  /** Aborts the program (SIGTERM in a child). */
  signal?: AbortSignal;
}

function findProgram(name: string, options: JobCommandOptions): RegisteredProgram {
  const env = options.env ?? process.env;
  const module = env[PROGRAM_ENV.module];
  if (module && env[PROGRAM_ENV.name] === name) {
    return {
      name,
      moduleUrl: resolveModuleUrl(module),
      exportName: env[PROGRAM_ENV.export] ?? 'default',
    };
  }
  if (!options.programs) {
    throw new Error(`no program registry is available to find '${name}'`);
  }
  return options.programs.get(name);
}

/** Runs `argv` = `[name, ...args]`; resolves to the exit code (2 for a usage error). */
export async function runJobCommand(
  argv: readonly string[],
  options: JobCommandOptions = {},
): Promise<number> {
  const write: WriteOutput = options.write ?? ((stream, text) => void process[stream].write(text));
  const [name, ...args] = argv;
  if (!name) {
    write('stderr', 'usage: modelmill job <program> [--key value ...]\n');
    return 2;
  }
  let program: RegisteredProgram;
  try {
    program = findProgram(name, options);
  } catch (err) {
    write('stderr', `${(err as Error).message}\n`);
    return 2;
  }
  const env = Object.fromEntries(
    Object.entries(options.env ?? process.env).filter(
      (e): e is [string, string] => e[1] !== undefined,
    ),
  );
  return invokeProgram({
    name,
    moduleUrl: program.moduleUrl,
    exportName: program.exportName,
    argv: args,
    env,
    cwd: options.cwd ?? process.cwd(),
    signal: options.signal ?? new AbortController().signal,
    write,
  });
}
