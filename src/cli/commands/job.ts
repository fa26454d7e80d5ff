import type { Command } from 'commander';
import { builtinPrograms } from '../../pipelines/index.js';
import type { ProgramRegistry } from '../../runtime/index.js';
import { createProgramRegistry, runJobCommand } from '../../runtime/index.js';

/**
 * `modelmill job <program> [--key value ...]`: runs one built-in program in
 * this process, with this process's environment and folder — the command a
 * container runs on AWS, and what the runtime starts for a program in a
 * child process. Exits with the program's code; SIGTERM aborts it.
 */

/** Runs the program named by `argv[0]` with the rest as its arguments. */
export async function runJob(programs: ProgramRegistry, argv: string[]): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort(new Error('SIGTERM'));
  process.once('SIGTERM', stop);
  try {
    return await runJobCommand(argv, { programs, signal: controller.signal });
  } finally {
    process.off('SIGTERM', stop);
  }
}

/** Registers `job` on `program`. */
export function registerJob(
  program: Command,
  setExit: (code: number) => void,
  programs: () => ProgramRegistry = () => createProgramRegistry(builtinPrograms),
): void {
  program
    .command('job')
    .description(
      'run a built-in program here, as a container would: modelmill job <program> [--key value ...]',
    )
    .argument('<program>', 'the program’s name (see `modelmill images list`)')
    .argument('[args...]', 'its arguments, passed through unchanged')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (name: string, args: string[]) => {
      // No instance is opened: the program reaches the services through the API, as in a container.
      setExit(await runJob(programs(), [name, ...args]));
    });
}
