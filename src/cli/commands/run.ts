import type { Command } from 'commander';
import { ModelmillError } from '../../core/index.js';
import type { ExecutionRecord } from '../../engine/index.js';
import type { Modelmill } from '../../modelmill.js';
import { createModelmill } from '../../modelmill.js';
import type { DapmContext, DapmNames } from '../../pipelines/index.js';
import {
  applyDapmModule,
  completeInputs,
  dapmNames,
  followRun,
  loadInputs,
  startRun,
  summarizeRun,
} from '../../pipelines/index.js';
import { eprintln, printJson, println } from '../output.js';

/** Options of `modelmill run`. */
export interface RunOptions {
  inputs?: string;
  useCase?: string;
  env?: string;
  region?: string;
  follow: boolean;
  output: string;
}

/**
 * `modelmill run training|inference`: assembles the inputs as the estate's CI
 * does (SSM inputs or a file, plus today's date), refuses while a run is
 * RUNNING, starts the orchestrator, follows it with a live progress line,
 * and prints a summary: winner, metrics per algorithm, per-partition
 * champions, where the outputs are. Exit 0 when it SUCCEEDED, 1 otherwise.
 */
export function registerRun(program: Command, setExit: (code: number) => void): void {
  program
    .command('run')
    .description('run the DAPM training or inference pipeline of a use case and follow it')
    .argument('<pipeline>', 'training or inference')
    .option(
      '--inputs <file>',
      "the orchestrator's inputs (the seed documents' JSON or HCL, whole or one context)",
    )
    .option(
      '--use-case <name>',
      'the use case (with --env and --region), when not given by --inputs',
    )
    .option('--env <name>', 'the environment, e.g. pl')
    .option('--region <region>', 'the region, e.g. ap-south-1')
    .option('--no-follow', 'start the run and return')
    .option('--output <format>', 'text or json', 'text')
    .action(async (pipeline: string, opts: RunOptions) => {
      setExit(await runPipeline(pipeline, opts));
    });
}

async function runPipeline(pipeline: string, opts: RunOptions): Promise<number> {
  if (pipeline !== 'training' && pipeline !== 'inference') {
    eprintln(`error: unknown pipeline '${pipeline}': use training or inference`);
    return 2;
  }
  const ctx: DapmContext = pipeline === 'training' ? 'training' : 'inferencing';
  const mm = await createModelmill();
  try {
    await mm.start();
    mm.engine.recover();
    const names = await resolveUseCase(mm, ctx, opts);
    const inputs = completeInputs(
      ctx,
      await loadInputs(mm, ctx, names, opts.inputs),
      names,
      new Date(mm.clock.now()),
    );
    if (opts.inputs) {
      // Inputs from a file may name resources of their own: make sure they exist.
      const useCase = useCaseOf(names, inputs.region ?? opts.region ?? mm.config.region);
      await applyDapmModule(mm, { ...useCase, inputs: { [ctx]: inputs } });
    }
    const started = startRun(mm, ctx, inputs, names);
    if (opts.output !== 'json') println(`started ${started.arn}`);
    if (!opts.follow) return 0;
    const final = await followRun(mm, started, stateTableOf(started), (line) => {
      if (opts.output !== 'json') println(`  ${line}`);
    });
    const summary = await summarizeRun(mm, ctx, final);
    if (opts.output === 'json') printJson(summary);
    else for (const line of summary.lines) println(line);
    return final.status === 'SUCCEEDED' ? 0 : 1;
  } catch (err) {
    if (err instanceof ModelmillError) {
      eprintln(`error (${err.code}): ${err.message}`);
      return 2;
    }
    throw err;
  } finally {
    await mm.close();
  }
}

/** The use case's names: from the flags, else from the inputs file's resource names. */
async function resolveUseCase(
  mm: Modelmill,
  ctx: DapmContext,
  opts: RunOptions,
): Promise<DapmNames> {
  if (opts.useCase && opts.env && opts.region)
    return dapmNames({ useCase: opts.useCase, env: opts.env, region: opts.region });
  if (opts.inputs) {
    const raw = await loadInputs(
      mm,
      ctx,
      dapmNames({ useCase: 'x', env: 'x', region: opts.region ?? mm.config.region }),
      opts.inputs,
    );
    const region = raw.region ?? opts.region ?? mm.config.region;
    const prefix = prefixOf(raw, region);
    if (prefix) return dapmNames(prefix);
    const useCase = opts.useCase ?? raw.use_case_name;
    if (useCase && opts.env) return dapmNames({ useCase, env: opts.env, region });
    const compact = region.replace(/-/g, '');
    throw new ModelmillError(
      'MissingUseCase',
      `${opts.inputs} does not say which environment: none of its values is a resource name shaped <use case>-<env>-${compact}-... ` +
        `(such as s3_bucket_name_internal = "${useCase ?? 'jenkins'}-pl-${compact}-${ctx}-internal"); add one, or pass --env ENV` +
        (useCase ? '' : ' and --use-case NAME'),
    );
  }
  throw new ModelmillError(
    'MissingUseCase',
    'name the use case: --use-case NAME --env ENV --region REGION (as given to modelmill up --module dapm), or pass --inputs FILE',
  );
}

/** `{useCase, env, region}` from resource names shaped `<uc>-<env>-<region>-...`. */
function prefixOf(
  inputs: Record<string, string>,
  region: string,
): { useCase: string; env: string; region: string } | undefined {
  const compact = region.replace(/-/g, '');
  for (const value of Object.values(inputs)) {
    const at = value.indexOf(`-${compact}-`);
    if (at <= 0) continue;
    const head =
      value
        .slice(value.lastIndexOf('/', at) + 1, at)
        .split(':')
        .at(-1) ?? '';
    const dash = head.lastIndexOf('-');
    if (dash > 0)
      return {
        useCase: head.slice(0, dash).toLowerCase(),
        env: head.slice(dash + 1).toLowerCase(),
        region,
      };
  }
  return undefined;
}

function useCaseOf(
  names: DapmNames,
  region: string,
): { useCase: string; env: string; region: string } {
  const head = names.np.slice(0, names.np.length - region.replace(/-/g, '').length - 1);
  const dash = head.lastIndexOf('-');
  return { useCase: head.slice(0, dash), env: head.slice(dash + 1), region };
}

function stateTableOf(execution: ExecutionRecord): string {
  const input = JSON.parse(execution.input) as Record<string, string>;
  return input.train_statetable_name ?? input.inference_statetable_name ?? '';
}
