/**
 * Runs bench/ml/sklearn_bench.py with Debian's /usr/bin/python3 and returns
 * its timings, or a reason why there is no baseline.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Timings of one scikit-learn case (seconds; wall clock, and CPU summed over threads). */
export interface SklearnTiming {
  fit_s: number;
  fit_cpu_s: number;
  predict_s: number;
  predict_cpu_s: number;
  train_score: number;
}

/** The script's answer: one entry per case, plus the version and thread setting. */
export type SklearnBench = { version: string; threads: string } & Partial<
  Record<string, SklearnTiming>
>;

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'sklearn_bench.py');
const PYTHON = process.env.MODELMILL_PYTHON ?? '/usr/bin/python3';

/**
 * Runs the scikit-learn side; `threads` undefined leaves OpenMP/BLAS at their
 * defaults; `only` limits the cases (the digits cases need `dataDir`).
 */
export function runSklearnBench(
  work: string,
  rows: number,
  cols: number,
  dataDir: string | undefined,
  threads?: number,
  only?: readonly string[],
): SklearnBench | string {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (only) env.BENCH_ONLY = only.join(',');
  delete env.OMP_NUM_THREADS;
  delete env.OPENBLAS_NUM_THREADS;
  if (threads !== undefined) {
    env.OMP_NUM_THREADS = String(threads);
    env.OPENBLAS_NUM_THREADS = String(threads);
  }
  try {
    const out = execFileSync(PYTHON, [SCRIPT, work, String(rows), String(cols), dataDir ?? ''], {
      env,
      maxBuffer: 1 << 26,
      timeout: 900_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return JSON.parse(out.toString('utf8')) as SklearnBench;
  } catch (err) {
    return `scikit-learn baseline unavailable (${PYTHON} with python3-sklearn: ${(err as Error).message.split('\n')[0]}); install it with apt-get install -y python3-sklearn.`;
  }
}
