import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEnvironment } from '../../src/clients/index.js';
import { createLogger } from '../../src/core/index.js';
import type { Modelmill } from '../../src/modelmill.js';
import { createModelmill } from '../../src/modelmill.js';
import type { DapmContext } from '../../src/pipelines/dapm/names.js';
import { dapmNames } from '../../src/pipelines/dapm/names.js';
import { INPUT_KEYS } from '../../src/pipelines/dapm/orchestrator.js';
import type { ProgramContext, ProgramDefinition } from '../../src/runtime/index.js';
import { withDuck } from '../../src/pipelines/dapm/jobs/orchestration-duck.js';

/**
 * A real instance with the DAPM resources of one use case (jenkins / pl /
 * ap-south-1) for the orchestration job tests: buckets, the three tables of
 * each context, the SSM parameters, a Batch queue whose job definition runs
 * the stand-in training program, a topic with an e-mail subscription, and
 * small sample data with its mapping JSON and data-quality rules.
 */

export const REGION = 'ap-south-1';
export const ACCOUNT = '731580992380';
export const names = dapmNames({ useCase: 'jenkins', env: 'pl', region: REGION });
export const TRAIN_IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${names.training.jobRepository}:abc123`;
export const PRE_IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${names.training.preprocessingRepository}:abc123`;
export const STATE_MACHINE = names.training.stateMachine;

/** Stand-in programs every fixture instance registers. */
export const STAND_IN_PROGRAMS: ProgramDefinition[] = [
  {
    name: 'test-stand-in-train',
    module: new URL('./orchestration-stand-ins.js', import.meta.url),
    export: 'standInTrain',
  },
  {
    name: 'test-stand-in-noop',
    module: new URL('./orchestration-stand-ins.js', import.meta.url),
    export: 'standInNoop',
  },
];

/** A fixture instance. */
export interface DapmFixture {
  mm: Modelmill;
  home: string;
  env: Record<string, string>;
  jobDefinitionArn: string;
  /** Orchestrator-style arguments of a context, with overrides. */
  args(ctx: DapmContext, overrides?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

/** A program context whose log lines are kept in `lines`. */
export function programContext(
  name: string,
  args: Record<string, string>,
  env: Record<string, string>,
): ProgramContext & { lines: string[]; cleanup(): void } {
  const lines: string[] = [];
  const cwd = mkdtempSync(join(tmpdir(), 'mm-orch-job-'));
  return {
    name,
    args,
    argv: Object.entries(args).flatMap(([k, v]) => [`--${k}`, v]),
    env,
    cwd,
    logger: createLogger('debug', (line) => lines.push(line.trimEnd()) > 0),
    signal: new AbortController().signal,
    lines,
    cleanup: () => rmSync(cwd, { recursive: true, force: true }),
  };
}

/** Writes rows as one Parquet object. */
export async function putParquet(
  mm: Modelmill,
  bucket: string,
  key: string,
  rows: readonly object[],
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mm-orch-parquet-'));
  try {
    writeFileSync(join(dir, 'rows.json'), rows.map((r) => JSON.stringify(r)).join('\n'));
    const out = join(dir, 'rows.parquet');
    await withDuck((duck) =>
      duck.run(`COPY (SELECT * FROM read_json('${dir}/rows.json')) TO '${out}' (FORMAT PARQUET)`),
    );
    await mm.services.s3.putObject({ Bucket: bucket, Key: key, Body: readFileSync(out) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One row of the tests' data. */
export interface TestRow {
  part_name: string | null;
  plant: string;
  date: string;
  production_volume: number;
  temperature: number;
  humidity: number;
  defect_count: number;
}

/** The name of part `i` (0-based): `part-001`, ... */
export function partName(i: number): string {
  return `part-${String(i + 1).padStart(3, '0')}`;
}

/** Small deterministic rows: `parts` parts (`part-001`, ...) over `days` days, with a `plant` column. */
export function sampleRows(parts = 3, days = 20): TestRow[] {
  const rows: TestRow[] = [];
  for (let d = 0; d < days; d += 1) {
    const date = new Date(Date.UTC(2024, 5, 1 + d)).toISOString().slice(0, 10);
    for (let i = 0; i < parts; i += 1) {
      rows.push({
        part_name: partName(i),
        plant: i % 2 === 0 ? 'gurgaon' : 'manesar',
        date,
        production_volume: 100 + 10 * i + d,
        temperature: 20 + (d % 7),
        humidity: 50 + (i % 5),
        defect_count: (i + d) % 4,
      });
    }
  }
  return rows;
}

/** The tests' mapping JSON: primary key `part_name`, target `defect_count`, default mappings. */
export function testMapping(algorithms: readonly string[] = ['lr', 'rf']) {
  return {
    mapping_json_data: {
      primary_key: 'part_name',
      target: 'defect_count',
      features: ['production_volume', 'temperature', 'humidity'],
      Training: { mappingColumn: 'default', all_algorithms: [...algorithms] },
      Inference: {
        mappingColumn: 'default',
        all_algorithms: [...algorithms],
        mapping: {} as Record<string, unknown>,
      },
    },
  };
}

export const PASSING_RULES = 'Rules = [ RowCount > 10, IsComplete "part_name" ]';

async function createTables(mm: Modelmill): Promise<void> {
  const keys: Array<[string, string]> = [];
  for (const ctx of ['training', 'inferencing'] as const) {
    const n = names[ctx];
    keys.push(
      [n.inputTable, 'pk_mappingid'],
      [n.stateTable, 'batchjob_id'],
      [n.metaTable, 'metaKey'],
    );
  }
  for (const [table, key] of keys) {
    await mm.services.dynamodb.createTable({
      TableName: table,
      KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
  }
}

async function createBatch(mm: Modelmill): Promise<string> {
  const batch = mm.services.batch;
  await mm.services.ecr.registerImage({ imageUri: TRAIN_IMAGE, program: 'test-stand-in-train' });
  await mm.services.ecr.registerImage({ imageUri: PRE_IMAGE, program: 'dapm-preprocessing' });
  for (const ctx of ['training', 'inferencing'] as const) {
    await batch.createComputeEnvironment({
      computeEnvironmentName: names[ctx].computeEnvironment,
      type: 'MANAGED',
      computeResources: { type: 'FARGATE', maxvCpus: 16, subnets: [], securityGroupIds: [] },
    });
    await batch.createJobQueue({
      jobQueueName: names[ctx].jobQueue,
      priority: 1,
      computeEnvironmentOrder: [{ order: 1, computeEnvironment: names[ctx].computeEnvironment }],
    });
  }
  const def = await batch.registerJobDefinition({
    jobDefinitionName: names.training.jobDefinition,
    type: 'container',
    containerProperties: {
      image: TRAIN_IMAGE,
      command: ['--help'],
      resourceRequirements: [
        { type: 'VCPU', value: '1' },
        { type: 'MEMORY', value: '1024' },
      ],
    },
  });
  return def.jobDefinitionArn;
}

async function createParameters(mm: Modelmill, jobDefinitionArn: string): Promise<void> {
  const put = (Name: string, Value: string) =>
    mm.services.ssm.putParameter({ Name, Value, Type: 'String', Overwrite: true });
  for (const ctx of ['training', 'inferencing'] as const) {
    const n = names[ctx];
    await put(n.ecrPreprocessingParam, PRE_IMAGE);
    await put(n.ecrJobParam, TRAIN_IMAGE);
    await put(n.completeStatusParam, 'default');
    await put(n.liveJobDefinitionParam, jobDefinitionArn);
  }
  await put(names.winnerAlgorithmParam, 'default');
  await put(names.approvedModelPrefixParam, 'default');
}

/** Creates the instance and the resources; `data` puts the sample data, mapping JSON and rules. */
export async function createDapmFixture(
  options: { timeScale?: number; programs?: ProgramDefinition[] } = {},
): Promise<DapmFixture> {
  const home = mkdtempSync(join(tmpdir(), 'mm-orch-'));
  const mm = await createModelmill({
    home,
    logLevel: 'silent',
    region: REGION,
    ...(options.timeScale ? { timeScale: options.timeScale } : {}),
    programs: [...STAND_IN_PROGRAMS, ...(options.programs ?? [])],
  });
  await mm.start();
  for (const bucket of [
    names.training.internalBucket,
    names.training.sharedBucket,
    names.inferencing.internalBucket,
    names.inferencing.sharedBucket,
    names.analyticsBucket,
  ]) {
    await mm.services.s3.createBucket({ Bucket: bucket });
  }
  await createTables(mm);
  const jobDefinitionArn = await createBatch(mm);
  await createParameters(mm, jobDefinitionArn);
  const topic = await mm.services.sns.createTopic({ Name: names.topic });
  await mm.services.sns.subscribe({
    TopicArn: topic.TopicArn,
    Protocol: 'email',
    Endpoint: 'ml-team@example.com',
  });
  const env = runEnvironment(await mm.endpoint(), { region: REGION, home });
  return {
    mm,
    home,
    env,
    jobDefinitionArn,
    args: (ctx, overrides = {}) => ({ ...inputFor(ctx, jobDefinitionArn), ...overrides }),
    close: async () => {
      await mm.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The orchestrator input of a context, as CI would pass it, plus the Glue job's extra arguments. */
export function inputFor(ctx: DapmContext, jobDefinitionArn: string): Record<string, string> {
  const n = names[ctx];
  const values: Record<string, string> = {
    athena_pred_or_eval_table_name: 'evaluation',
    athenadb_debug_table_name: 'debug',
    athenadb_evaluation_summary_table_name: 'model_eval_summary',
    athenadb_metadata_table_name: 'metatable',
    athenadb_name: 'default',
    aws_batch_job_name: names.batchJobName,
    aws_batch_job_queue: `arn:aws:batch:${REGION}:${ACCOUNT}:job-queue/${n.jobQueue}`,
    dq_athena_db: names.dqDatabase,
    dq_table: names.dqTable,
    mapping_json_S3_path: `s3://${names.training.internalBucket}/mapping_json/mapping_json.json`,
    mapping_json_S3_inference_path: `s3://${n.internalBucket}/mapping_json/mapping_json.json`,
    model_package_group_name: names.modelPackageGroup,
    region: REGION,
    repository: 'github/example/defects',
    s3_bucket_name_internal: n.internalBucket,
    s3_bucket_name_shared: n.sharedBucket,
    s3_bucket_name_analytics_etl: names.analyticsBucket,
    sns_topic_arn: `arn:aws:sns:${REGION}:${ACCOUNT}:${names.topic}`,
    ssm_training_complete_status: names.training.completeStatusParam,
    ssm_inferencing_complete_status: names.inferencing.completeStatusParam,
    ssm_winning_algo_name: names.winnerAlgorithmParam,
    ssm_approved_model_prefix_path: names.approvedModelPrefixParam,
    step_function_arn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${n.stateMachine}`,
    train_inputtable_name: names.training.inputTable,
    train_metatable_name: names.training.metaTable,
    train_statetable_name: names.training.stateTable,
    inference_inputtable_name: names.inferencing.inputTable,
    inference_metatable_name: names.inferencing.metaTable,
    inference_statetable_name: names.inferencing.stateTable,
    inference_athenadb_debug_table_name: 'debug_inference',
    inference_athenadb_inference_table_name: 'inference',
    inference_athenadb_metadata_table_name: 'meta_inference',
    inference_athenadb_name: 'default',
    training_athenadb_name: 'default',
    training_athenadb_metadata_table_name: 'metatable',
    training_athenadb_debug_table_name: 'debug',
    training_event_bus_name: names.bus,
    inferencing_event_bus_name: names.bus,
    use_case_name: 'jenkins',
    year: '2024',
    month: '06',
    day: '30',
  };
  const args: Record<string, string> = {};
  for (const key of INPUT_KEYS[ctx]) args[key] = values[key] ?? '';
  args.execution_id = `arn:aws:states:${REGION}:${ACCOUNT}:execution:${n.stateMachine}:run-1`;
  args.job_definition_arn = jobDefinitionArn;
  return args;
}

/** Puts the sample data, mapping JSON and DQ rules of a context. */
export async function putSampleInputs(
  fx: DapmFixture,
  ctx: DapmContext,
  options: { rows?: readonly object[]; mapping?: unknown; rules?: string } = {},
): Promise<void> {
  const source = ctx === 'training' ? 'training_data' : 'scoring_data';
  const s3 = fx.mm.services.s3;
  await putParquet(
    fx.mm,
    names.analyticsBucket,
    `jenkins/${source}/part-0.parquet`,
    options.rows ?? sampleRows(),
  );
  await s3.putObject({
    Bucket: names[ctx].internalBucket,
    Key: 'mapping_json/mapping_json.json',
    Body: JSON.stringify(options.mapping ?? testMapping(['lr', 'rf'])),
  });
  await s3.putObject({
    Bucket: names[ctx].internalBucket,
    Key: `dq_rules/${source}.dqdl`,
    Body: options.rules ?? PASSING_RULES,
  });
}

/** The step job id of the fixture's run (`<stateMachine>-run-1`). */
export function stepJobId(ctx: DapmContext): string {
  return `${names[ctx].stateMachine}-run-1`;
}

/** The run prefix of the fixture's run. */
export function runPath(ctx: DapmContext): string {
  return `year=2024/month=06/day=30/stepjobid=${stepJobId(ctx)}`;
}
