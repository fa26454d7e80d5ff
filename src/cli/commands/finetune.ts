import type { Command } from 'commander';
import { ModelmillError } from '../../core/index.js';
import { createModelmill } from '../../modelmill.js';
import {
  applyFinetuneModule,
  completeFinetuneInputs,
  endpointName,
  parseBatchId,
  seedTicketDatabase,
} from '../../pipelines/index.js';
import { eprintln, println } from '../output.js';

/**
 * `modelmill finetune`: the fine-tune workflow (seed 002) on the local
 * instance — `seed-db` writes sample tickets to the local ticket database,
 * `run` applies the module and runs the workflow for one BatchID.
 */
export function registerFinetune(program: Command, setExit: (code: number) => void): void {
  const finetune = program
    .command('finetune')
    .description('the fine-tune workflow: ticket data prep, per-model fine-tuning, endpoints');
  finetune
    .command('seed-db')
    .description('write seeded sample tickets to the local ticket database (SQLite)')
    .option('--cluster <arn-or-id>', 'the DB cluster ARN or id (default: the module default)')
    .option('--count <n>', 'tickets', '3000')
    .option('--seed <n>', 'PRNG seed', '7')
    .action(async (opts: { cluster?: string; count: string; seed: string }) => {
      const mm = await createModelmill();
      try {
        const cluster = opts.cluster ?? completeFinetuneInputs().db_cluster_arn;
        const out = seedTicketDatabase(mm.config.home, cluster, {
          count: Number(opts.count),
          seed: Number(opts.seed),
        });
        println(`wrote ${out.tickets} tickets to ${out.file}`);
      } finally {
        await mm.close();
      }
    });
  finetune
    .command('run')
    .description('apply the fine-tune module and run the workflow for one BatchID')
    .requiredOption('--batch-id <YYYYMMDDHH>', 'the batch hour, e.g. 2026112100')
    .option('--time-scale <f>', 'factor on Wait states (the 30 s endpoint poll)', '0.01')
    .action(async (opts: { batchId: string; timeScale: string }) => {
      setExit(await run(opts.batchId, Number(opts.timeScale)));
    });
}

async function run(batchId: string, timeScale: number): Promise<number> {
  // The data-prep task would fail on a bad BatchID: say so before starting anything.
  try {
    parseBatchId(batchId);
  } catch (err) {
    if (!(err instanceof ModelmillError)) throw err;
    eprintln(`error (${err.code}): ${err.message}`);
    return 2;
  }
  const mm = await createModelmill({ timeScale });
  try {
    await mm.start();
    const { config, report } = await applyFinetuneModule(mm);
    println(`applied the fine-tune module (${report.resources.length} resources)`);
    const { executionArn } = mm.engine.startExecution({
      stateMachineArn: config.workflow_name,
      input: JSON.stringify({ BatchID: batchId }),
    });
    println(`started ${executionArn}`);
    const final = await mm.engine.waitFor(executionArn);
    if (final.status !== 'SUCCEEDED') {
      eprintln(`${final.status}: ${final.error ?? ''}: ${final.cause ?? ''}`);
      return 1;
    }
    const output = JSON.parse(final.output ?? '{}') as {
      models?: Array<{ model: 'general' | 'low_volume'; status: string }>;
    };
    for (const m of output.models ?? []) {
      const where = m.status === 'SUCCEEDED' ? ` → endpoint ${endpointName(config, m.model)}` : '';
      println(`  ${m.model}: ${m.status}${where}`);
    }
    println(
      `data under s3://${config.s3_bucket_name}/training/; event finetune-complete on ${config.event_bus_name}`,
    );
    return 0;
  } finally {
    await mm.close();
  }
}
