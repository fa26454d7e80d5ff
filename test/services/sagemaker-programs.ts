import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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

/**
 * The MLOps module's Glue transform, as its tests need it: copies the
 * training and scoring files from the feature store to the extracts store
 * (`--S3_SOURCE`, `--S3_DEST`, `--TRAIN_KEY`, `--SCORE_KEY`), straight
 * through the object store's files (`MODELMILL_OBJECTS`).
 */
export function mlopsTransform(ctx: ProgramContext): number {
  const root = ctx.env.MODELMILL_OBJECTS ?? '';
  const { S3_SOURCE: source, S3_DEST: dest, TRAIN_KEY: train, SCORE_KEY: score } = ctx.args;
  for (const key of [train, score]) {
    if (!source || !dest || !key)
      throw new Error('--S3_SOURCE, --S3_DEST, --TRAIN_KEY and --SCORE_KEY are required');
    const target = join(root, dest, key);
    mkdirSync(join(target, '..'), { recursive: true });
    copyFileSync(join(root, source, key), target);
    console.log(`copied s3://${source}/${key} to s3://${dest}/${key}`);
  }
  return 0;
}
