import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runEnvironment } from '../../src/clients/index.js';
import type { Logger } from '../../src/core/index.js';
import { parseS3Uri } from '../../src/core/index.js';
import type { Modelmill } from '../../src/modelmill.js';
import { createModelmill } from '../../src/modelmill.js';
import { dapmNames } from '../../src/pipelines/dapm/names.js';
import { INPUT_KEYS } from '../../src/pipelines/dapm/orchestrator.js';
import type { DefectRow } from '../../src/pipelines/sample/defects.js';
import { sampleMappingJson } from '../../src/pipelines/sample/defects.js';
import type { ProgramContext, ProgramFunction } from '../../src/runtime/index.js';
import { formatProgramArgs } from '../../src/runtime/index.js';
import { marshallItem, unmarshallItem } from '../../src/services/dynamodb/index.js';
import type { SageMakerService } from '../../src/services/sagemaker/index.js';
import { createLocalSageMaker, sageMakerApi } from '../../src/services/sagemaker/index.js';
import { startServer } from '../../src/server/index.js';
import { openDatabase } from '../../src/store/index.js';

/**
 * A real instance set up the way a DAPM run leaves it for the model jobs:
 * the estate's buckets and tables, the run's mapping JSON copy, partitions
 * written as Parquet where preprocessing writes them, state items as the
 * submit job writes them; plus a ProgramContext for calling a job program
 * in-process with the instance's environment.
 */

/** The use case of the tests. */
export const useCase = { useCase: 'jenkins', env: 'pl', region: 'ap-south-1' } as const;
/** Its names. */
export const names = dapmNames(useCase);
/** The run. */
export const run = { year: '2024', month: '06', day: '30', execution: 'run-1' } as const;

/** What a fixture holds. */
export interface MlFixture {
  mm: Modelmill;
  home: string;
  ctx: 'training' | 'inferencing';
  shared: string;
  executionArn: string;
  stepJobId: string;
  /** `year=.../month=.../day=.../stepjobid=...`. */
  runPath: string;
  /** The job environment (the instance's endpoint and home). */
  env: Record<string, string>;
  partitionUri(pk: string, mapping?: string): string;
  writePartition(pk: string, rows: readonly object[], mapping?: string): Promise<void>;
  putStateItem(batchJobId: string, pk: string, extra?: Record<string, unknown>): Promise<void>;
  stateItem(batchJobId: string): Promise<Record<string, any> | undefined>;
  /** Calls a program in-process; returns its exit code and log lines. */
  call(
    program: ProgramFunction,
    args: Record<string, string>,
    env?: Record<string, string>,
  ): Promise<{ code: number; lines: string[] }>;
  /**
   * SageMaker as the jobs reach it: the instance's own when it serves one,
   * else an embedded SageMaker behind its own endpoint, which the job
   * environment then names in AWS_ENDPOINT_URL_SAGEMAKER.
   */
  sagemaker(): Promise<SageMakerService>;
  /** The Glue arguments every final job gets (each orchestrator input, the execution id). */
  glueArgs(extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

/** Column types of the sample partitions (src/pipelines/sample/defects.ts), as preprocessing writes them. */
export const DEFECT_COLUMN_TYPES = {
  part_name: 'VARCHAR',
  date: 'DATE',
  defect_count: 'BIGINT',
  production_volume: 'BIGINT',
  temperature: 'DOUBLE',
  humidity: 'DOUBLE',
  line_speed: 'DOUBLE',
  shift: 'VARCHAR',
  plant_id: 'VARCHAR',
} as const;

const DEFECT_COLUMNS = `{${Object.entries(DEFECT_COLUMN_TYPES)
  .map(([name, type]) => `'${name}': '${type}'`)
  .join(', ')}}`;

/** Rows as a Parquet file's bytes (sample columns and types). */
export async function parquetBytes(
  rows: readonly object[],
  columns = DEFECT_COLUMNS,
): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'mm-ml-pq-'));
  try {
    writeFileSync(join(dir, 'rows.json'), rows.map((r) => JSON.stringify(r)).join('\n'));
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(
      `COPY (SELECT * FROM read_json('${join(dir, 'rows.json')}', format='newline_delimited', columns=${columns})) TO '${join(dir, 'out.parquet')}' (FORMAT parquet)`,
    );
    conn.closeSync();
    instance.closeSync();
    return readFileSync(join(dir, 'out.parquet'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows of a local Parquet file (or glob). */
export async function readParquet(path: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(
      `SELECT * FROM read_parquet('${path}', hive_partitioning=false)`,
    );
    return reader
      .getRowObjectsJS()
      .map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]),
        ),
      );
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A started instance with the DAPM resources of one context. */
export async function createMlFixture(ctx: 'training' | 'inferencing'): Promise<MlFixture> {
  const home = mkdtempSync(join(tmpdir(), 'mm-ml-'));
  const mm = await createModelmill({ home, logLevel: 'silent', region: useCase.region });
  await mm.start();
  const n = names[ctx];
  for (const bucket of [n.sharedBucket, n.internalBucket, names.analyticsBucket]) {
    await mm.services.s3.createBucket({ Bucket: bucket });
  }
  const table = (name: string, key: string) =>
    mm.services.dynamodb.createTable({
      TableName: name,
      KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
  await table(n.inputTable, 'pk_mappingid');
  await table(n.stateTable, 'batchjob_id');
  await table(n.metaTable, 'metaKey');
  await mm.services.events.createEventBus({ Name: names.bus });
  const machine = n.stateMachine;
  const executionArn = `arn:aws:states:${useCase.region}:000000000000:execution:${machine}:${run.execution}`;
  const stepJobId = `${machine}-${run.execution}`;
  const runPath = `year=${run.year}/month=${run.month}/day=${run.day}/stepjobid=${stepJobId}`;
  const shared = n.sharedBucket;
  const env = runEnvironment(await mm.endpoint(), { region: useCase.region, home });
  const putUri = async (uri: string, body: Buffer | string) => {
    const { bucket, key } = parseS3Uri(uri);
    await mm.services.s3.putObject({ Bucket: bucket, Key: key, Body: body });
  };
  await putUri(
    `s3://${shared}/mapping_json/${runPath}/mapping_json.json`,
    JSON.stringify(sampleMappingJson()),
  );
  const partitionUri = (pk: string, mapping = 'default') =>
    `s3://${shared}/preprocessing/${runPath}/smid=${ctx === 'training' ? 'train' : 'inference'}-pre-${run.execution}/pk=${pk}/mapping=${mapping}/`;
  let jobs = 0;
  const closers: (() => Promise<void>)[] = [];
  let sagemaker: SageMakerService | undefined;
  return {
    mm,
    home,
    ctx,
    shared,
    executionArn,
    stepJobId,
    runPath,
    env,
    partitionUri,
    async writePartition(pk, rows, mapping) {
      await putUri(`${partitionUri(pk, mapping)}part-0.parquet`, await parquetBytes(rows));
    },
    async putStateItem(batchJobId, pk, extra = {}) {
      await mm.services.dynamodb.putItem({
        TableName: n.stateTable,
        Item: marshallItem({
          batchjob_id: batchJobId,
          cur_batchjob_id: batchJobId,
          num_runs: 1,
          awsbatch_job_status_overall: 'SUBMITTED',
          pk_mappingid: `${pk}|default`,
          pk,
          mapping_id: 'default',
          step_job_id: stepJobId,
          version: 1,
          ...extra,
        }),
      });
    },
    async stateItem(batchJobId) {
      const found = await mm.services.dynamodb.getItem({
        TableName: n.stateTable,
        Key: { batchjob_id: { S: batchJobId } },
      });
      return found.Item === undefined ? undefined : unmarshallItem(found.Item);
    },
    async call(program, args, extraEnv = {}) {
      const lines: string[] = [];
      const line = (level: string) => (message: string) => lines.push(`${level} ${message}`);
      const cwd = mkdtempSync(join(home, `job-${++jobs}-`));
      const context: ProgramContext = {
        name: 'test',
        args,
        argv: formatProgramArgs(args),
        env: { ...env, ...extraEnv },
        cwd,
        logger: { ...silent, info: line('info'), warn: line('warn'), error: line('error') },
        signal: new AbortController().signal,
      };
      const code = (await program(context)) ?? 0;
      return { code, lines };
    },
    async sagemaker() {
      if (sagemaker) return sagemaker;
      const own = (mm.services as unknown as { sagemaker?: SageMakerService }).sagemaker;
      if (own) return (sagemaker = own);
      const db = openDatabase(':memory:');
      const local = createLocalSageMaker({
        db,
        scope: { region: useCase.region, accountId: '000000000000' },
        runtime: mm.runtime,
        images: mm.services.ecr,
        objects: mm.services.s3,
        home,
      });
      const server = await startServer({ modules: [sageMakerApi(local)], port: 0 });
      env.AWS_ENDPOINT_URL_SAGEMAKER = server.url;
      closers.push(async () => {
        await server.close();
        await local.close();
        db.close();
      });
      return (sagemaker = local);
    },
    glueArgs(extra = {}) {
      const values: Record<string, string> = {
        region: useCase.region,
        use_case_name: useCase.useCase,
        year: run.year,
        month: run.month,
        day: run.day,
        repository: 'github/example/dapm-use-case.git',
        s3_bucket_name_shared: shared,
        s3_bucket_name_internal: n.internalBucket,
        s3_bucket_name_analytics_etl: names.analyticsBucket,
        athenadb_name: 'default',
        athenadb_metadata_table_name: 'metatable',
        athenadb_debug_table_name: 'debug',
        athenadb_evaluation_summary_table_name: 'model_eval_summary',
        inference_athenadb_name: 'default',
        inference_athenadb_metadata_table_name: 'meta_inference',
        inference_athenadb_debug_table_name: 'debug_inference',
        inference_athenadb_inference_table_name: 'inference',
        model_package_group_name: names.modelPackageGroup,
        train_metatable_name: names.training.metaTable,
        train_statetable_name: names.training.stateTable,
        train_inputtable_name: names.training.inputTable,
        inference_metatable_name: names.inferencing.metaTable,
        inference_statetable_name: names.inferencing.stateTable,
        inference_inputtable_name: names.inferencing.inputTable,
        training_event_bus_name: names.bus,
        inferencing_event_bus_name: names.bus,
        ssm_training_complete_status: names.training.completeStatusParam,
        ssm_inferencing_complete_status: names.inferencing.completeStatusParam,
        dq_athena_db: names.dqDatabase,
        dq_table: names.dqTable,
        mapping_json_S3_path: `s3://${n.internalBucket}/mapping_json/mapping_json.json`,
      };
      const args: Record<string, string> = {};
      for (const key of INPUT_KEYS[ctx]) args[key] = values[key] ?? `${key}-value`;
      return {
        ...args,
        execution_id: executionArn,
        job_definition_arn: 'arn:aws:batch:ap-south-1:000000000000:job-definition/x:1',
        ...extra,
      };
    },
    async close() {
      for (const close of closers) await close();
      await mm.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Rows of the sample, by part. */
export function rowsByPart(rows: readonly DefectRow[]): Map<string, DefectRow[]> {
  const out = new Map<string, DefectRow[]>();
  for (const row of rows) {
    const list = out.get(row.part_name) ?? [];
    list.push(row);
    out.set(row.part_name, list);
  }
  return out;
}
