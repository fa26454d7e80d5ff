/**
 * dapm-train bench: the DAPM training container, one partition at a time,
 * in process against a real instance (Parquet in and out with hyparquet, three
 * algorithms on the date-ordered split, model.tar.gz and test_pred.parquet
 * out, the state item updated over HTTP) on synthetic partitions of 200
 * rows × 6 features (DAPM_BENCH_PARTITIONS, default 300). Reports
 * partitions per second per core, for the whole job and for its training
 * alone, the projected time of 10,000 partitions on 2 cores, and
 * scikit-learn training the same partitions with the same three families
 * (one thread, no I/O) as the baseline.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEnvironment } from '../src/clients/index.js';
import type { Logger } from '../src/core/index.js';
import { createModelmill } from '../src/modelmill.js';
import { openDuck, sqlString } from '../src/pipelines/dapm/jobs/ml-duck.js';
import type { ModelSpec } from '../src/pipelines/dapm/jobs/ml-mapping.js';
import { compileModelSpec } from '../src/pipelines/dapm/jobs/ml-mapping.js';
import { trainPartition } from '../src/pipelines/dapm/jobs/ml-training.js';
import { dapmTrain } from '../src/pipelines/dapm/jobs/train.js';
import { marshallItem } from '../src/services/dynamodb/index.js';
import type { BenchReport, BenchRow } from './harness.js';
import { runPythonBaseline } from './harness.js';
import { makeSynthetic } from './ml/synthetic.js';

const ROWS = 200;
const COLS = 6;
const WARMUP = 10;
const TARGET_PARTITIONS = 10_000;
const TARGET_CORES = 2;
const TARGET_SECONDS = 180;
const SHARED = 'bench-training-shared';
const STATE = 'bench-training-state-table';
const RUN = 'year=2024/month=06/day=30/stepjobid=bench-run';
const FEATURES = Array.from({ length: COLS }, (_, j) => `f${j}`);

/** scikit-learn's CPU seconds over `partitions` partitions. */
interface Baseline {
  cpu: number;
  version: string;
  partitions: number;
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const pkOf = (p: number) => `p${String(p).padStart(5, '0')}`;

function mappingJson() {
  return {
    mapping_json_data: {
      primary_key: 'pk',
      target: 'y',
      features: FEATURES,
      Training: { mappingColumn: 'default', all_algorithms: ['lr', 'xgb', 'rf'] },
      Inference: { mappingColumn: 'default', all_algorithms: ['lr', 'xgb', 'rf'], mapping: {} },
    },
  };
}

/** Writes every partition as `pk=<pk>/data_0.parquet` under `folder`, and raw float64 files for Python. */
async function writePartitions(folder: string, work: string, partitions: number): Promise<void> {
  const data = makeSynthetic(partitions * ROWS, COLS, 7);
  const duck = await openDuck();
  try {
    const n = partitions * ROWS;
    const day = (i: number) =>
      new Date(Date.UTC(2023, 0, 1) + (i % ROWS) * 86_400_000).toISOString().slice(0, 10);
    await duck.load('rows', [
      {
        name: 'pk',
        type: 'VARCHAR',
        values: Array.from({ length: n }, (_, i) => pkOf(Math.floor(i / ROWS))),
      },
      { name: 'date', type: 'VARCHAR', values: Array.from({ length: n }, (_, i) => day(i)) },
      ...FEATURES.map((name, j) => ({
        name,
        type: 'DOUBLE' as const,
        values: Array.from({ length: n }, (_, i) => data.x.data[i * COLS + j]),
      })),
      { name: 'y', type: 'DOUBLE', values: data.yRegression },
    ]);
    mkdirSync(folder, { recursive: true });
    await duck.run(
      `COPY rows TO ${sqlString(folder)} (FORMAT parquet, PARTITION_BY (pk), OVERWRITE_OR_IGNORE)`,
    );
  } finally {
    duck.close();
  }
  const bytes = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  writeFileSync(join(work, 'x.f64'), bytes(data.x.data));
  writeFileSync(join(work, 'y.f64'), bytes(data.yRegression));
}

/** Runs the job on every partition; returns wall and CPU ms of the measured ones (after the warm-up). */
async function runJobs(
  env: Record<string, string>,
  cwd: string,
  partitions: number,
): Promise<{ wallMs: number; cpuMs: number; failed: number }> {
  let failed = 0;
  let start = 0;
  let cpu = process.cpuUsage();
  for (let p = 0; p < partitions; p++) {
    if (p === WARMUP) {
      start = performance.now();
      cpu = process.cpuUsage();
    }
    const args = {
      s3_pk_mappingid_data_input_path: `s3://${SHARED}/preprocessing/${RUN}/smid=bench/pk=${pkOf(p)}/`,
      s3_training_prefix_output_path: `s3://${SHARED}/training/${RUN}/`,
      s3_pred_or_eval_prefix_output_path: `s3://${SHARED}/pred_or_eval/${RUN}/`,
      train_statetable_name: STATE,
      prev_batch_job_id: 'NA',
      pk_id: pkOf(p),
      mapping_id: 'default',
      algo_names: 'lr,xgb,rf',
    };
    const code = await dapmTrain({
      name: 'dapm-train',
      args,
      argv: [],
      env: { ...env, AWS_BATCH_JOB_ID: `job-${p}` },
      cwd,
      logger: silent,
      signal: new AbortController().signal,
    });
    if (code !== 0) failed++;
  }
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000, failed };
}

/** Training alone (no I/O) on the same partitions' rows. */
async function trainOnly(folder: string, partitions: number, spec: ModelSpec): Promise<number> {
  const duck = await openDuck({ threads: 1 });
  try {
    const rows = await duck.rows(
      `SELECT * FROM read_parquet(${sqlString(`${folder}/**/*.parquet`)}, hive_partitioning=true) ORDER BY pk, date`,
    );
    const start = performance.now();
    for (let p = WARMUP; p < partitions; p++) {
      trainPartition({
        rows: rows.slice(p * ROWS, (p + 1) * ROWS),
        spec,
        algorithms: ['lr', 'xgb', 'rf'],
      });
    }
    return performance.now() - start;
  } finally {
    duck.close();
  }
}

function sklearn(work: string, partitions: number): Baseline | string {
  const out = runPythonBaseline<{ cpu_seconds: number; version: string }>(
    'dapm/sklearn_partitions.py',
    [work, String(partitions), String(ROWS), String(COLS)],
    { threads: 1, timeoutMs: 900_000, packages: 'python3-sklearn' },
  );
  return typeof out === 'string' ? out : { cpu: out.cpu_seconds, version: out.version, partitions };
}

/** The bench. */
export default async function dapmTrainBench(): Promise<BenchReport> {
  const partitions = Math.max(WARMUP + 10, Number(process.env.DAPM_BENCH_PARTITIONS ?? 300));
  const measured = partitions - WARMUP;
  const home = mkdtempSync(join(tmpdir(), 'mm-bench-dapm-'));
  const mm = await createModelmill({ home, logLevel: 'silent', region: 'ap-south-1' });
  try {
    await mm.start();
    await mm.services.s3.createBucket({ Bucket: SHARED });
    await mm.services.dynamodb.createTable({
      TableName: STATE,
      KeySchema: [{ AttributeName: 'batchjob_id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'batchjob_id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    await mm.services.s3.putObject({
      Bucket: SHARED,
      Key: `mapping_json/${RUN}/mapping_json.json`,
      Body: JSON.stringify(mappingJson()),
    });
    const folder = join(home, 'objects', SHARED, 'preprocessing', ...RUN.split('/'), 'smid=bench');
    const work = join(home, 'python');
    mkdirSync(work, { recursive: true });
    await writePartitions(folder, work, partitions);
    for (let p = 0; p < partitions; p += 25) {
      const items = Array.from({ length: Math.min(25, partitions - p) }, (_, k) => ({
        PutRequest: {
          Item: marshallItem({
            batchjob_id: `job-${p + k}`,
            pk: pkOf(p + k),
            mapping_id: 'default',
            version: 1,
          }),
        },
      }));
      await mm.services.dynamodb.batchWriteItem({ RequestItems: { [STATE]: items } });
    }
    const env = runEnvironment(await mm.endpoint(), { region: 'ap-south-1', home });
    const cwd = join(home, 'job');
    mkdirSync(cwd, { recursive: true });
    const job = await runJobs(env, cwd, partitions);
    const spec = compileModelSpec(mappingJson(), 'bench');
    const computeMs = await trainOnly(folder, partitions, spec);
    const baseline = sklearn(work, partitions);
    return report(measured, job, computeMs, baseline);
  } finally {
    await mm.close();
    rmSync(home, { recursive: true, force: true });
  }
}

function report(
  measured: number,
  job: { wallMs: number; cpuMs: number; failed: number },
  computeMs: number,
  baseline: Baseline | string,
): BenchReport {
  const perCore = measured / (job.cpuMs / 1000);
  const computePerCore = measured / (computeMs / 1000);
  const projected = TARGET_PARTITIONS / (TARGET_CORES * perCore);
  const base = typeof baseline === 'string' ? undefined : baseline.partitions / baseline.cpu;
  const baselineName =
    typeof baseline === 'string'
      ? undefined
      : `scikit-learn ${baseline.version}, 1 thread, fit + predict only`;
  const compare = (row: BenchRow): BenchRow =>
    base === undefined ? row : { ...row, baseline: base, baselineName: baselineName ?? '' };
  const rows: BenchRow[] = [
    compare({
      name: `dapm-train job, 3 algorithms, ${ROWS} rows × ${COLS} features (partitions/s per core, CPU time)`,
      value: perCore,
      unit: 'partitions/s',
    }),
    compare({
      name: 'training alone, no I/O (partitions/s, one thread)',
      value: computePerCore,
      unit: 'partitions/s',
    }),
    {
      name: `projected: ${TARGET_PARTITIONS.toLocaleString('en-US')} partitions on ${TARGET_CORES} cores`,
      value: projected,
      unit: 's',
      higherIsBetter: false,
      goal: `< ${TARGET_SECONDS} s`,
      met: projected < TARGET_SECONDS,
    },
    {
      name: 'dapm-train job, wall time per partition',
      value: job.wallMs / measured,
      unit: 'ms',
      higherIsBetter: false,
    },
  ];
  return {
    title: 'DAPM training container (dapm-train), per partition',
    rows,
    notes: [
      `${measured} partitions measured after ${WARMUP} warm-up runs; ${job.failed} failed. The job's CPU time includes the instance's HTTP handling of its DynamoDB calls (same process). Hyperparameters: xgb 50 rounds, depth 4, 32 bins; rf 30 trees, depth 8, leaves of 3 rows or more (the job's defaults).`,
      typeof baseline === 'string'
        ? baseline
        : 'scikit-learn: LinearRegression, HistGradientBoostingRegressor(max_iter=50, max_depth=4, max_bins=32), RandomForestRegressor(n_estimators=30, max_depth=8, min_samples_leaf=3, n_jobs=1), CPU seconds of fit + predict, no reading or writing.',
      `Load average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')} (other work on the machine inflates wall times).`,
    ],
  };
}
