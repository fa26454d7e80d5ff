/**
 * Runs bench/ml/sklearn_bench.py (runPythonBaseline) and returns
 * its timings, or a reason why there is no baseline.
 */
import { runPythonBaseline } from '../harness.js';

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
  return runPythonBaseline<SklearnBench>(
    'ml/sklearn_bench.py',
    [work, String(rows), String(cols), dataDir ?? ''],
    {
      ...(threads === undefined ? {} : { threads }),
      timeoutMs: 900_000,
      packages: 'python3-sklearn',
      env: only ? { BENCH_ONLY: only.join(',') } : {},
    },
  );
}
