/**
 * The benchmark harness: every `bench/<name>.bench.ts` exports a default
 * function returning a report; `npm run bench [name ...]` runs them and prints
 * each figure with its baseline, measured in the same run, and the ratio.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One measured figure. */
export interface BenchRow {
  /** What was measured, e.g. `Pass/Choice loop, Express`. */
  name: string;
  /** Our figure. */
  value: number;
  /** Unit of `value` and `baseline`, e.g. `transitions/s`. */
  unit: string;
  /** The baseline's figure in the same unit, measured in the same run. */
  baseline?: number;
  /** What the baseline is, e.g. `aws-local-stepfunctions 3.0.0`. */
  baselineName?: string;
  /** True when a higher value is better (rates); false for durations. Default true. */
  higherIsBetter?: boolean;
  /** The goal, in words, e.g. `>= 10x`. */
  goal?: string;
  /** Whether the goal is met (undefined when there is no goal or no baseline). */
  met?: boolean;
}

/** A benchmark's report. */
export interface BenchReport {
  title: string;
  rows: BenchRow[];
  /** Free-text notes printed under the table. */
  notes?: string[];
}

/** The ratio of ours to the baseline, oriented so that > 1 means we are better. */
export function ratio(row: BenchRow): number | undefined {
  if (row.baseline === undefined || row.baseline === 0) return undefined;
  return row.higherIsBetter === false ? row.baseline / row.value : row.value / row.baseline;
}

/** Times `fn` and returns the elapsed milliseconds. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Formats a number with 3 significant digits and thousands separators. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** Renders a report as a Markdown table. */
export function renderReport(report: BenchReport): string {
  const lines = [
    `### ${report.title}`,
    '',
    '| measure | modelmill | baseline | ratio | goal |',
    '|---|---|---|---|---|',
  ];
  for (const row of report.rows) {
    const r = ratio(row);
    const base =
      row.baseline === undefined
        ? '—'
        : `${fmt(row.baseline)} ${row.unit} (${row.baselineName ?? 'baseline'})`;
    const goal =
      row.goal === undefined
        ? ''
        : `${row.goal}${row.met === undefined ? '' : row.met ? ' ✓' : ' ✗'}`;
    lines.push(
      `| ${row.name} | ${fmt(row.value)} ${row.unit} | ${base} | ${r === undefined ? '—' : `${fmt(r)}x`} | ${goal} |`,
    );
  }
  for (const note of report.notes ?? []) lines.push('', note);
  return lines.join('\n');
}

/** The Python the scikit-learn baselines run on: Debian's, which has python3-sklearn. */
export const PYTHON = process.env.MODELMILL_PYTHON ?? '/usr/bin/python3';

/**
 * Runs a baseline script (`bench/<path>`) with PYTHON and parses the JSON it
 * prints, or answers why there is no baseline. `threads` sets OpenMP and
 * BLAS threads (undefined: their defaults); `packages` names the Debian
 * packages the script needs, for the message.
 */
export function runPythonBaseline<T>(
  path: string,
  args: string[],
  options: { threads?: number; timeoutMs: number; packages: string; env?: NodeJS.ProcessEnv },
): T | string {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.OMP_NUM_THREADS;
  delete env.OPENBLAS_NUM_THREADS;
  if (options.threads !== undefined) {
    env.OMP_NUM_THREADS = String(options.threads);
    env.OPENBLAS_NUM_THREADS = String(options.threads);
  }
  const script = fileURLToPath(new URL(path, import.meta.url));
  try {
    const out = execFileSync(PYTHON, [script, ...args], {
      env,
      maxBuffer: 1 << 26,
      timeout: options.timeoutMs,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return JSON.parse(out.toString('utf8')) as T;
  } catch (err) {
    return `scikit-learn baseline unavailable (${PYTHON} with ${options.packages}: ${(err as Error).message.split('\n')[0]}); install with apt-get install -y ${options.packages}`;
  }
}
