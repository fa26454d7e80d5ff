import type { Command } from 'commander';
import type { Modelmill } from '../../modelmill.js';
import { createModelmill } from '../../modelmill.js';
import type { DapmContext, DapmNames } from '../../pipelines/index.js';
import {
  applyDapmModule,
  followRun,
  loadInputs,
  startRun,
  summarizeRun,
} from '../../pipelines/index.js';
import { eprintln, println } from '../output.js';

/** The sample use case the demo runs. */
const DEMO = { useCase: 'demo', env: 'local', region: 'us-east-1' } as const;

/** Options of `modelmill demo`. */
interface DemoOptions {
  parts: string;
  days: string;
  timeScale: string;
}

/**
 * `modelmill demo`, the main job: on embedded defaults it applies the DAPM
 * training and inference modules for a sample use case, writes the sample
 * data (defect counts per part), runs training (one Batch job per part, three
 * algorithms each, evaluation, a model package awaiting approval), approves
 * the winner, runs inference with it, and prints what came out and where.
 */
export function registerDemo(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('train, approve and infer the sample use case end to end on embedded defaults')
    .option('--parts <n>', 'parts (partitions) in the sample data', '60')
    .option('--days <n>', 'days of history per part', '90')
    .option('--time-scale <f>', 'factor on Wait states (the 30 s status-check wait)', '0.01')
    .action(async (opts: DemoOptions) => {
      setExit(await demo(opts));
    });
}

async function demo(opts: DemoOptions): Promise<number> {
  const mm = await createModelmill({ timeScale: Number(opts.timeScale) });
  try {
    await mm.start();
    mm.engine.recover();
    println(`modelmill demo — home ${mm.config.home}`);
    const started = Date.now();
    const { names, report, sample } = await applyDapmModule(mm, {
      ...DEMO,
      sampleData: { parts: Number(opts.parts), days: Number(opts.days) },
    });
    const created = report.resources.filter((r) => r.action !== 'unchanged').length;
    println(
      `1. applied the DAPM modules for '${DEMO.useCase}' (${report.resources.length} resources, ${created} new or changed)`,
    );
    println(
      `   sample data: ${sample?.trainingRows} training rows, ${sample?.scoringRows} scoring rows for ${opts.parts} parts`,
    );
    const training = await runContext(mm, 'training', names, '2. training');
    if (training !== 'SUCCEEDED') return 1;
    const approved = await approveLatest(mm, names);
    if (!approved) return 1;
    println(`3. approved ${approved} — the approval rule recorded the winner for inference`);
    const inference = await runContext(mm, 'inferencing', names, '4. inference');
    if (inference !== 'SUCCEEDED') return 1;
    println(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s. Look around:`);
    println('  modelmill executions list');
    println('  modelmill jobs list');
    println(`  modelmill query "SELECT * FROM \\"default\\".partition_champions LIMIT 10"`);
    println('  modelmill models list');
    println(`  ls ${mm.config.home}/outbox   # the run e-mails`);
    return 0;
  } finally {
    await mm.close();
  }
}

async function runContext(
  mm: Modelmill,
  ctx: DapmContext,
  names: DapmNames,
  label: string,
): Promise<string> {
  const inputs = await loadInputs(mm, ctx, names);
  const execution = startRun(mm, ctx, inputs, names);
  println(`${label}: ${execution.arn}`);
  const table = ctx === 'training' ? names.training.stateTable : names.inferencing.stateTable;
  let last = '';
  const final = await followRun(mm, execution, table, (line) => {
    // One line per state change keeps the output readable in a log.
    const state = line.split(' · ')[1] ?? '';
    if (state !== last) println(`   ${line}`);
    last = state;
  });
  const summary = await summarizeRun(mm, ctx, final);
  for (const line of summary.lines.slice(1)) println(`  ${line}`);
  if (final.status !== 'SUCCEEDED')
    eprintln(`${label} ended ${final.status}: ${final.error ?? ''} ${final.cause ?? ''}`);
  return final.status;
}

async function approveLatest(mm: Modelmill, names: DapmNames): Promise<string | undefined> {
  const { sagemaker } = mm.services;
  const packages = await sagemaker.listModelPackages({
    ModelPackageGroupName: names.modelPackageGroup,
    SortBy: 'CreationTime',
    SortOrder: 'Descending',
  });
  const latest = packages.ModelPackageSummaryList[0]?.ModelPackageArn;
  if (!latest) {
    eprintln(`no model package in ${names.modelPackageGroup}: the training run registered none`);
    return undefined;
  }
  await sagemaker.updateModelPackage({
    ModelPackageArn: latest,
    ModelApprovalStatus: 'Approved',
    ApprovalDescription: 'approved by modelmill demo',
  });
  await mm.settle();
  return latest;
}
