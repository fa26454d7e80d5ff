import type { Command } from 'commander';
import { ModelmillError } from '../../core/index.js';
import { createModelmill } from '../../modelmill.js';
import { applyDapmModule } from '../../pipelines/index.js';
import type { ConfigIssue } from '../../resources/index.js';
import {
  applyCompiled,
  assertStackName,
  defaultStackName,
  formatApplyReport,
  formatIssue,
  loadResourceConfig,
  parseParamFlags,
  resolveConfigPath,
  summarize,
} from '../../resources/index.js';
import { eprintln, printJson, println } from '../output.js';

/** Exit codes of `up`, `down` and `synth`. */
export const EXIT = { ok: 0, failed: 1, invalid: 2 } as const;

/** Options of `modelmill up`. */
export interface UpOptions {
  config?: string;
  stack?: string;
  param: string[];
  dryRun?: boolean;
  prune?: boolean;
  force?: boolean;
  output: string;
  module?: string;
  useCase?: string;
  env?: string;
  region?: string;
  sampleData?: boolean;
  commitId?: string;
  email?: string;
}

/**
 * `modelmill up`: applies a resource config to the embedded services and
 * prints one line per resource and a summary. Exit 0 when applied, 2 with
 * every config problem (nothing applied), 1 when a resource cannot be applied.
 */
export function registerUp(program: Command, setExit: (code: number) => void): void {
  program
    .command('up')
    .description('create or update the resources of a config on the embedded services')
    .option('--config <file>', 'resource config (JSON); default ./modelmill.json')
    .option(
      '--stack <name>',
      "the stack to remember the resources under; default the config's stack or file name",
    )
    .option('--param <Name=Value>', 'a value for ${Name} in the config (repeatable)', collect, [])
    .option('--dry-run', 'show what would change; change nothing')
    .option('--prune', 'remove resources this stack created that the config no longer lists')
    .option('--force', 'with --prune: delete non-empty buckets with their objects')
    .option('--output <format>', 'text or json', 'text')
    .option(
      '--module <name>',
      'apply a shipped module instead of a config: dapm (the DAPM training and inference modules)',
    )
    .option('--use-case <name>', 'with --module: the use case, e.g. jenkins')
    .option('--env <name>', 'with --module: the environment, e.g. pl')
    .option('--region <region>', 'with --module: the region, e.g. ap-south-1')
    .option(
      '--sample-data',
      "with --module dapm: also write the sample use case's data, mapping JSON and DQ rules",
    )
    .option('--commit-id <id>', 'with --module: the tag of the pipeline images (default: local)')
    .option('--email <address>', 'with --module dapm: where the notifier mails')
    .action(async (opts: UpOptions) => {
      setExit(opts.module === undefined ? await runUp(opts) : await runModuleUp(opts));
    });
}

/** Runs `up`; resolves to the exit code. */
export async function runUp(opts: UpOptions): Promise<number> {
  const json = opts.output === 'json';
  const found = resolveConfigPath(opts.config);
  if ('problem' in found)
    return invalid(json, [{ where: 'up', field: '', message: found.problem }]);
  const flags = parseParamFlags(opts.param);
  if (flags.issues.length > 0) return invalid(json, flags.issues);
  const config = loadResourceConfig(found.file, { params: flags.values });
  if (!config.ok) return invalid(json, config.issues, found.file);
  const mm = await createModelmill();
  try {
    const stack = opts.stack ?? config.stack ?? defaultStackName(found.file);
    assertStackName(stack);
    const report = await applyCompiled(mm, config.resources, {
      stack,
      source: found.file,
      dryRun: opts.dryRun ?? false,
      prune: opts.prune ?? false,
      force: opts.force ?? false,
    });
    if (json) printJson({ ...report, config: found.file, summary: summarize(report.resources) });
    else for (const line of formatApplyReport(report)) println(line);
    return EXIT.ok;
  } catch (err) {
    return failed(json, err);
  } finally {
    await mm.close();
  }
}

/** `up --module dapm ...`: applies the DAPM modules of a use case (and the sample data). */
export async function runModuleUp(opts: UpOptions): Promise<number> {
  const json = opts.output === 'json';
  if (opts.module !== 'dapm') {
    return invalid(json, [
      {
        where: '--module',
        field: '',
        message: `unknown module '${opts.module}': the shipped module is dapm`,
      },
    ]);
  }
  const missing = (['useCase', 'env', 'region'] as const).filter((k) => opts[k] === undefined);
  if (missing.length > 0) {
    const flags = missing.map((k) => (k === 'useCase' ? '--use-case' : `--${k}`));
    return invalid(json, [
      {
        where: '--module dapm',
        field: '',
        message: `needs ${flags.join(', ')} (e.g. --use-case jenkins --env pl --region ap-south-1)`,
      },
    ]);
  }
  const mm = await createModelmill();
  try {
    const { report, sample, names } = await applyDapmModule(mm, {
      useCase: opts.useCase ?? '',
      env: opts.env ?? '',
      region: opts.region ?? '',
      dryRun: opts.dryRun ?? false,
      sampleData: opts.sampleData ?? false,
      ...(opts.commitId ? { commitId: opts.commitId } : {}),
      ...(opts.email ? { email: opts.email } : {}),
    });
    if (json) {
      printJson({ ...report, summary: summarize(report.resources), prefix: names.np, sample });
      return EXIT.ok;
    }
    for (const line of formatApplyReport(report)) println(line);
    if (sample) {
      println(
        `sample data: ${sample.trainingRows} training rows and ${sample.scoringRows} scoring rows, mapping JSON and DQ rules written`,
      );
      for (const location of sample.locations) println(`  ${location}`);
    }
    println(
      `next: modelmill run training --use-case ${opts.useCase} --env ${opts.env} --region ${opts.region}`,
    );
    return EXIT.ok;
  } catch (err) {
    return failed(json, err);
  } finally {
    await mm.close();
  }
}

/** Prints config problems (every one) and returns the "invalid" exit code. */
export function invalid(json: boolean, issues: readonly ConfigIssue[], file?: string): number {
  if (json) {
    eprintln(
      JSON.stringify(
        { error: 'InvalidConfig', ...(file ? { config: file } : {}), problems: issues },
        null,
        2,
      ),
    );
  } else {
    const where = file ? `${file} has` : 'there are';
    eprintln(`${where} ${issues.length} problem(s); nothing was applied:`);
    for (const issue of issues) eprintln(`  ${formatIssue(issue)}`);
  }
  return EXIT.invalid;
}

/** Prints a failure (a ModelmillError's code and message) and returns the "failed" exit code. */
export function failed(json: boolean, err: unknown): number {
  if (!(err instanceof ModelmillError)) throw err;
  if (json)
    eprintln(
      JSON.stringify({ error: err.code, message: err.message, ...(err.details ?? {}) }, null, 2),
    );
  else eprintln(`error (${err.code}): ${err.message}`);
  return EXIT.failed;
}

/** Commander helper for repeatable options. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
