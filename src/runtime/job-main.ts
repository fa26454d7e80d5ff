import { runJobCommand } from './job-command.js';

/**
 * The script a child process runs for `modelmill job <name> ...` when started
 * by the runtime: lighter than the whole CLI, same behaviour. SIGTERM aborts
 * the program's signal; the process exits with the program's code.
 */

const controller = new AbortController();
process.once('SIGTERM', () => controller.abort(new Error('SIGTERM')));
const code = await runJobCommand(process.argv.slice(2), { signal: controller.signal });
process.stdout.write('', () => process.exit(code));
