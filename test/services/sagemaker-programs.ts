import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgramContext } from '../../src/runtime/index.js';

/** Built-in programs for the SageMaker tests. */

/**
 * A processing container: writes its arguments, the files of its input and
 * a few variables to `/opt/ml/processing/output/args.json`.
 */
export function processingEcho(ctx: ProgramContext): number {
  const optMl = ctx.env.MODELMILL_OPT_ML ?? '/opt/ml';
  const output = join(optMl, 'processing', 'output');
  mkdirSync(output, { recursive: true });
  const input = join(optMl, 'processing', 'input');
  writeFileSync(
    join(output, 'args.json'),
    JSON.stringify({
      args: ctx.args,
      argv: ctx.argv,
      inputs: readdirSync(input),
      stage: ctx.env.STAGE,
      job: ctx.env.PROCESSING_JOB_NAME,
    }),
  );
  console.log(`processed ${readdirSync(input).length} files`);
  return 0;
}
