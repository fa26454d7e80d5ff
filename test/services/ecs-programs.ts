import { SFNClient, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { ProgramContext, ProgramDefinition } from '../../src/runtime/index.js';

/** Programs that ECS tasks and Glue jobs run in the tests (registered by image URI or name). */

/** Prints its words and the variables the tests look at, one JSON line each. */
export function show(ctx: ProgramContext): void {
  const env = Object.fromEntries(
    Object.entries(ctx.env).filter(
      ([k]) => k.startsWith('APP_') || k === 'AWS_EXECUTION_ENV' || k === 'AWS_REGION',
    ),
  );
  console.log(`argv=${JSON.stringify(ctx.argv)}`);
  console.log(`env=${JSON.stringify(env)}`);
}

/** The gata data-prep stand-in: checks its BatchID and environment, says what it would write. */
export function gataPrep(ctx: ProgramContext): number {
  const batchId = ctx.argv[0] ?? '';
  if (!/^\d{10}$/.test(batchId)) {
    console.error(`BatchID must be 10 digits, got '${batchId}'`);
    return 2;
  }
  console.log(
    `prepared ${batchId} for s3://${ctx.env.TARGET_BUCKET}/training/gata-general/${batchId}/ (fallback ${ctx.env.LOW_VOLUME_FALLBACK_LABEL})`,
  );
  return 0;
}

/** Calls SendTaskSuccess with the token in TASK_TOKEN, through the local API in AWS_ENDPOINT_URL. */
export async function callback(ctx: ProgramContext): Promise<void> {
  const sfn = new SFNClient({
    endpoint: ctx.env.AWS_ENDPOINT_URL ?? '',
    region: ctx.env.AWS_REGION ?? 'us-east-1',
    credentials: {
      accessKeyId: ctx.env.AWS_ACCESS_KEY_ID ?? 'x',
      secretAccessKey: ctx.env.AWS_SECRET_ACCESS_KEY ?? 'x',
    },
  });
  await sfn.send(
    new SendTaskSuccessCommand({
      taskToken: ctx.env.TASK_TOKEN ?? '',
      output: JSON.stringify({ from: 'container', words: ctx.argv }),
    }),
  );
  console.log('called back');
}

const here = new URL('./ecs-programs.js', import.meta.url);

/** The registrations of the programs above. */
export const ecsPrograms: ProgramDefinition[] = [
  { name: 'ecs-show', module: here, export: 'show' },
  { name: 'gata-prep', module: here, export: 'gataPrep' },
  { name: 'ecs-callback', module: here, export: 'callback' },
];
