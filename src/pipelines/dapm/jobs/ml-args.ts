import type { Logger } from '../../../core/index.js';
import { ModelmillError } from '../../../core/index.js';

/**
 * Arguments and paths shared by the DAPM model jobs: required-argument
 * checks, the run's `step_job_id` and Hive path, S3 URI joins and the
 * algorithm list (CONTRACT.md, "How jobs run" and "Where things live").
 */

/** The job's arguments that must be present, or one error naming every one missing. */
export function requireArgs<K extends string>(
  program: string,
  args: Readonly<Record<string, string>>,
  keys: readonly K[],
): Record<K, string> {
  const missing = keys.filter((k) => args[k] === undefined || args[k] === '');
  if (missing.length > 0) {
    throw new ModelmillError(
      'InvalidArguments',
      `${program}: missing argument${missing.length > 1 ? 's' : ''} ${missing.map((k) => `--${k}`).join(', ')}; pass each as --key value (see src/pipelines/dapm/CONTRACT.md)`,
    );
  }
  return Object.fromEntries(keys.map((k) => [k, args[k] as string])) as Record<K, string>;
}

/** `<stateMachineName>-<executionName>`: the last two `:` parts of an execution ARN. */
export function stepJobIdOf(executionId: string): string {
  const parts = executionId.split(':');
  if (parts.length < 2 || parts.slice(-2).some((p) => p === '')) {
    throw new ModelmillError(
      'InvalidArguments',
      `--execution_id '${executionId}' is not an execution ARN (arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>)`,
    );
  }
  return parts.slice(-2).join('-');
}

/** One run's date and id, as every run path names them. */
export interface RunKey {
  year: string;
  month: string;
  day: string;
  stepJobId: string;
}

/** The run's key from Glue arguments (`year`, `month`, `day`, `execution_id`); month and day zero-padded. */
export function runKeyOf(args: Readonly<Record<string, string>>, program: string): RunKey {
  const a = requireArgs(program, args, ['year', 'month', 'day', 'execution_id']);
  const check = (name: string, value: string, digits: number) => {
    if (!/^\d+$/.test(value) || value.length > digits) {
      throw new ModelmillError(
        'InvalidArguments',
        `${program}: --${name} '${value}' must be a number of at most ${digits} digits (e.g. ${digits === 4 ? '2024' : '06'})`,
      );
    }
    return value.padStart(digits, '0');
  };
  return {
    year: check('year', a.year, 4),
    month: check('month', a.month, 2),
    day: check('day', a.day, 2),
    stepJobId: stepJobIdOf(a.execution_id),
  };
}

/** `year=YYYY/month=MM/day=DD/stepjobid=<id>`. */
export function runPath(run: RunKey): string {
  return `year=${run.year}/month=${run.month}/day=${run.day}/stepjobid=${hiveValue(run.stepJobId)}`;
}

/** Characters Hive escapes in partition folder names (besides control characters). */
const HIVE_ESCAPED = '"#%\'*/:=?\\{}[]^';

/** A value as a Hive partition folder writes it (`/`, `=`, `%`, `:` and the like percent-escaped). */
export function hiveValue(value: string): string {
  let out = '';
  for (const c of value) {
    const code = c.charCodeAt(0);
    out +=
      code < 0x20 || code === 0x7f || HIVE_ESCAPED.includes(c)
        ? `%${code.toString(16).toUpperCase().padStart(2, '0')}`
        : c;
  }
  return out;
}

/** `s3://b/a/` + `x`, `y/` → `s3://b/a/x/y/` (one `/` between parts). */
export function joinUri(prefix: string, ...parts: string[]): string {
  let out = prefix;
  for (const part of parts) {
    out = `${out.replace(/\/+$/, '')}/${part.replace(/^\/+/, '')}`;
  }
  return out;
}

/** `lr,xgb,rf` or `["lr","xgb","rf"]` → the names, trimmed, without blanks or repeats. */
export function parseAlgorithmList(text: string): string[] {
  let names: unknown[];
  if (text.trim().startsWith('[')) {
    try {
      names = JSON.parse(text) as unknown[];
    } catch (err) {
      throw new ModelmillError(
        'InvalidArguments',
        `--algo_names '${text}' is neither a comma-separated list (lr,xgb,rf) nor a JSON list of strings`,
        { cause: err },
      );
    }
  } else {
    names = text.split(',');
  }
  return [...new Set(names.map((n) => String(n).trim()).filter((n) => n !== ''))];
}

/**
 * Runs a job's body; an error becomes one log line saying what failed
 * (CONTRACT.md: a job fails by exiting non-zero after logging why) and
 * exit code 1. Errors that are not ours also log their stack at debug level.
 */
export async function exitCodeOf(
  program: string,
  logger: Logger,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    logger.error(`${program} failed: ${error.name}: ${error.message}`);
    if (!(err instanceof ModelmillError) && error.stack) logger.debug(error.stack);
    return 1;
  }
}
