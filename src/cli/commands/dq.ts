import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ModelmillError, errorMessage, isS3Uri } from '../../core/index.js';
import { createModelmill } from '../../modelmill.js';
import type { Modelmill } from '../../modelmill.js';
import type { DataFormat, DqEvaluation, DqRuleset, WrittenDqResults } from '../../quality/index.js';
import {
  evaluateRules,
  latestOverallStatus,
  parseDqdl,
  writeDqResults,
} from '../../quality/index.js';
import { eprintln, println, table } from '../output.js';

/** Exit codes of `dq run` and `dq status`. */
const EXIT = { passed: 0, failed: 1, invalid: 2 } as const;

/** Options of `dq run`. */
export interface DqRunOptions {
  rules: string;
  data: string;
  source?: string;
  results?: string;
  format?: string;
  correlationId?: string;
  output?: string;
}

/** Where a command writes (stdout and stderr by default). */
export interface DqOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

const STD: DqOutput = { out: println, err: eprintln };

/**
 * `modelmill dq run`: evaluates a DQDL rules file over data and prints each
 * rule's outcome; `--results` also writes the dqresults rows. Exit 0 when
 * every rule passed, 1 when one failed, 2 when the rules file, the options or
 * the data cannot be used. `modelmill dq status`: the latest overall status
 * of each source under a dqresults location (the gatekeeper's check); exit 1
 * when one is Failed.
 */
export function registerDq(program: Command, setExit: (code: number) => void): void {
  const dq = program.command('dq').description('data quality: DQDL rules over data, dqresults');
  dq.command('run')
    .description(
      'evaluate a DQDL rules file over data; exit 0 when every rule passed, 1 when one failed, 2 when unusable',
    )
    .requiredOption('--rules <file>', 'DQDL rules file (Rules = [ ... ])')
    .requiredOption(
      '--data <uri>',
      'the data: s3://bucket/prefix or a local file or folder (Parquet, CSV, JSON lines)',
    )
    .option('--source <name>', "source name for dqresults (default: the data's last path segment)")
    .option(
      '--results <uri>',
      'also write dqresults rows under this s3://bucket/prefix or local folder',
    )
    .option('--format <format>', 'parquet, csv or json (default: from the file extensions)')
    .option('--correlation-id <id>', 'corelation_id of the written rows (default: a new UUID)')
    .option('--output <format>', 'table or json', 'table')
    .action(async (opts: DqRunOptions) => setExit(await runDq(opts)));
  dq.command('status')
    .description(
      "each source's latest dq_overall_status under a dqresults location; exit 1 when one is Failed",
    )
    .requiredOption(
      '--results <uri>',
      'the dqresults location: s3://bucket/prefix or a local folder',
    )
    .option('--output <format>', 'table or json', 'table')
    .action(async (opts: { results: string; output?: string }) => setExit(await dqStatus(opts)));
}

/** Runs `dq run` and returns its exit code. */
export async function runDq(opts: DqRunOptions, io: DqOutput = STD): Promise<number> {
  const problem = checkOptions(opts);
  if (problem) {
    io.err(`error: ${problem}`);
    return EXIT.invalid;
  }
  let ruleset: DqRuleset;
  try {
    ruleset = parseDqdl(readFileSync(opts.rules, 'utf8'));
  } catch (err) {
    const what = err instanceof ModelmillError ? 'invalid DQDL in' : 'cannot read the rules file';
    io.err(`error: ${what} ${opts.rules}: ${errorMessage(err)}`);
    return EXIT.invalid;
  }
  const needsS3 = isS3Uri(opts.data) || (opts.results !== undefined && isS3Uri(opts.results));
  const mm = needsS3 ? await createModelmill() : undefined;
  try {
    const evaluation = await evaluateRules(ruleset, opts.data, {
      ...(mm ? { objects: mm.services.s3 } : {}),
      ...(opts.format ? { format: opts.format as DataFormat } : {}),
      ...(opts.source ? { source: opts.source } : {}),
    });
    const written = opts.results ? await writeResults(opts, evaluation, mm) : undefined;
    printEvaluation(io, evaluation, written, opts.output);
    return evaluation.overallStatus === 'Passed' ? EXIT.passed : EXIT.failed;
  } catch (err) {
    io.err(`error: ${errorMessage(err)}`);
    return EXIT.invalid;
  } finally {
    await mm?.close();
  }
}

/** Runs `dq status` and returns its exit code. */
export async function dqStatus(
  opts: { results: string; output?: string },
  io: DqOutput = STD,
): Promise<number> {
  if (!['table', 'json', undefined].includes(opts.output)) {
    io.err(`error: --output must be table or json, not '${opts.output}'`);
    return EXIT.invalid;
  }
  const mm = isS3Uri(opts.results) ? await createModelmill() : undefined;
  try {
    const latest = await latestOverallStatus(opts.results, mm ? { objects: mm.services.s3 } : {});
    if (opts.output === 'json') io.out(JSON.stringify(Object.fromEntries(latest), null, 2));
    else if (latest.size === 0) io.out(`no dq_overall_status rows under ${opts.results}`);
    else
      io.out(
        table(
          ['SOURCE', 'LATEST STATUS'],
          [...latest].map(([source, outcome]) => [source, outcome]),
        ),
      );
    return [...latest.values()].includes('Failed') ? EXIT.failed : EXIT.passed;
  } catch (err) {
    io.err(`error: ${errorMessage(err)}`);
    return EXIT.invalid;
  } finally {
    await mm?.close();
  }
}

function checkOptions(opts: DqRunOptions): string | undefined {
  if (opts.output !== undefined && !['table', 'json'].includes(opts.output)) {
    return `--output must be table or json, not '${opts.output}'`;
  }
  if (opts.format !== undefined && !['parquet', 'csv', 'json'].includes(opts.format)) {
    return `--format must be parquet, csv or json, not '${opts.format}'`;
  }
  return undefined;
}

async function writeResults(
  opts: DqRunOptions,
  evaluation: DqEvaluation,
  mm: Modelmill | undefined,
): Promise<WrittenDqResults> {
  return writeDqResults(opts.results ?? '', [evaluation], {
    ...(mm ? { objects: mm.services.s3, clock: mm.clock, ids: mm.ids } : {}),
    ...(opts.correlationId ? { correlationId: opts.correlationId } : {}),
  });
}

function printEvaluation(
  io: DqOutput,
  evaluation: DqEvaluation,
  written: WrittenDqResults | undefined,
  output: string | undefined,
): void {
  if (output === 'json') {
    io.out(JSON.stringify({ ...evaluation, ...(written ? { written } : {}) }, null, 2));
    return;
  }
  const rows = evaluation.results.map((r) => [
    r.rule,
    r.outcome,
    (r.failureReason ?? '').replace(/\n/g, '; '),
  ]);
  io.out(table(['RULE', 'OUTCOME', 'REASON'], rows));
  io.out('');
  const total = evaluation.results.length;
  const summary =
    evaluation.failed > 0
      ? `${evaluation.failed} of ${total} rules failed`
      : `all ${total} rules passed`;
  io.out(
    `${evaluation.source}: ${evaluation.overallStatus} — ${summary} (${evaluation.rowCount} rows in ${evaluation.data})`,
  );
  if (written) io.out(`results: ${written.rows} rows written to ${written.file}`);
}
