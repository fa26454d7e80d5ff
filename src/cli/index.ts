/**
 * cli: the `modelmill` command. Each command lives in commands/<name>.ts and
 * builds its instance through createModelmill (the composition root).
 */
import { Command, CommanderError } from 'commander';
import { ModelmillError } from '../core/index.js';
import { registerDemo } from './commands/demo.js';
import { registerDown } from './commands/down.js';
import { registerDq } from './commands/dq.js';
import { registerEvents } from './commands/events.js';
import { registerFirehose } from './commands/firehose.js';
import { registerNotifications } from './commands/notifications.js';
import { registerQuery } from './commands/query.js';
import { registerImages } from './commands/images.js';
import { registerJob } from './commands/job.js';
import { registerJobs } from './commands/jobs.js';
import { registerLogs } from './commands/logs.js';
import { registerModels } from './commands/models.js';
import { registerRun } from './commands/run.js';
import { registerSynth } from './commands/synth.js';
import { registerUp } from './commands/up.js';
import { registerExecutions } from './commands/executions.js';
import { registerFinetune } from './commands/finetune.js';
import { registerServe } from './commands/serve.js';
import { registerSfnRun } from './commands/sfn-run.js';
import { eprintln } from './output.js';

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('modelmill')
    .description('Local-first ModelOps: run AWS Step Functions ML pipelines on one machine')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError();
  registerDemo(program, setExit);
  registerUp(program, setExit);
  registerDown(program, setExit);
  registerSynth(program, setExit);
  registerDq(program, setExit);
  registerEvents(program, setExit);
  registerFirehose(program, setExit);
  registerNotifications(program, setExit);
  registerQuery(program, setExit);
  registerJobs(program, setExit);
  registerLogs(program, setExit);
  registerImages(program, setExit);
  registerJob(program, setExit);
  registerModels(program, setExit);
  registerRun(program, setExit);
  registerFinetune(program, setExit);
  registerServe(program);
  registerExecutions(program);
  const sfn = program.command('sfn').description('Step Functions tools');
  registerSfnRun(sfn, setExit);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof ModelmillError) {
      eprintln(`error (${err.code}): ${err.message}`);
      return 1;
    }
    throw err;
  }
}
