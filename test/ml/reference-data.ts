/**
 * Test and bench helpers: the real datasets Debian's python3-sklearn ships as
 * CSV, loaded with our own parser, and a call into scikit-learn through
 * `/usr/bin/python3` (test/ml/sklearn_reference.py).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Matrix, Task } from '../../src/ml/index.js';
import { parseCsv } from '../../src/ml/index.js';

/** Where python3-sklearn keeps its bundled datasets (override with MODELMILL_SKLEARN_DATA). */
export const SKLEARN_DATA_DIRS = [
  process.env.MODELMILL_SKLEARN_DATA ?? '',
  '/usr/lib/python3/dist-packages/sklearn/datasets/data',
  '/usr/local/lib/python3/dist-packages/sklearn/datasets/data',
].filter((d) => d !== '');

/** The first dataset folder that exists, or undefined. */
export function findSklearnData(): string | undefined {
  return SKLEARN_DATA_DIRS.find((d) => existsSync(join(d, 'iris.csv')));
}

/** A loaded dataset. */
export interface Dataset {
  name: string;
  task: Task;
  x: Matrix;
  y: Float64Array;
}

function read(dir: string, file: string): string {
  const bytes = readFileSync(join(dir, file));
  return file.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
}

/** Loads a bundled dataset: iris, wine, breast_cancer, digits (classification) or diabetes (regression). */
export function loadDataset(
  dir: string,
  name: 'iris' | 'wine' | 'breast_cancer' | 'digits' | 'diabetes',
): Dataset {
  if (name === 'diabetes') {
    const data = parseCsv(read(dir, 'diabetes_data_raw.csv.gz'), {
      header: false,
      label: null,
      delimiter: 'whitespace',
    });
    const y = Float64Array.from(read(dir, 'diabetes_target.csv.gz').trim().split(/\s+/), Number);
    return { name, task: 'regression', x: data.x, y };
  }
  // The first line of these files is "rows,cols,class names..."; the label is the last column.
  const file = {
    iris: 'iris.csv',
    wine: 'wine_data.csv',
    breast_cancer: 'breast_cancer.csv',
    digits: 'digits.csv.gz',
  }[name];
  const data = parseCsv(read(dir, file), {
    skipLines: name === 'digits' ? 0 : 1,
    header: false,
    label: -1,
  });
  return { name, task: 'classification', x: data.x, y: data.y as Float64Array };
}

/** A matrix as nested arrays (for the JSON request to Python). */
export function toRows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) =>
    Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)),
  );
}

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'sklearn_reference.py');
const PYTHON = process.env.MODELMILL_PYTHON ?? '/usr/bin/python3';

/** Whether `/usr/bin/python3` can import scikit-learn. */
export function sklearnAvailable(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends `request` to sklearn_reference.py and returns its JSON answer.
 * OpenMP runs single-threaded: on small data its thread start-up dominates
 * (and on a busy 2-core machine it can slow HistGradientBoosting tenfold).
 */
export function callSklearn<T>(request: unknown): T {
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
  const out = execFileSync(PYTHON, [SCRIPT], {
    input: JSON.stringify(request),
    env,
    maxBuffer: 1 << 28,
    timeout: 120_000,
  });
  return JSON.parse(out.toString('utf8')) as T;
}

/** Like {@link callSklearn}, without blocking: our own fits can run meanwhile. */
export function callSklearnAsync<T>(request: unknown): Promise<T> {
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
  return new Promise((resolve, reject) => {
    const child = execFile(
      PYTHON,
      [SCRIPT],
      { env, maxBuffer: 1 << 28, timeout: 120_000 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`sklearn_reference.py failed: ${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as T);
      },
    );
    child.stdin?.end(JSON.stringify(request));
  });
}
