import type { Command } from 'commander';
import type { ProgramRegistry } from '../../runtime/index.js';
import { runJobCommand } from '../../runtime/index.js';
import type { OpenCompute } from './jobs.js';
import { openCompute } from './jobs.js';

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
  open: OpenCompute = openCompute,
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
      const parts = await open();
      try {
        setExit(await runJob(parts.programs, [name, ...args]));
      } finally {
        await parts.close();
      }
    });
}
