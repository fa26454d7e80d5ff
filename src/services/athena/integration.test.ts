import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatesError } from '../../asl/index.js';
import { createFakeClock, createSequentialIds } from '../../core/index.js';
import {
  IntegrationRegistry,
  createEngine,
  createMemoryStore,
  parseTaskResource,
} from '../../engine/index.js';
import type { Engine } from '../../engine/index.js';
import { openDatabase } from '../../store/index.js';
import { runDefinition } from '../../../test/support/executions.js';
import { registerAthenaIntegrations } from './integration.js';
import { createLocalAthena } from './local.js';
import type { LocalAthena } from './local.js';
import type { AthenaService } from './types.js';

/**
 * The Athena Task integrations inside real executions: a job writes
 * partitioned Parquet, the state machine registers the partitions and reads
 * them back with `athena:startQueryExecution.sync` and `athena:getQueryResults`.
 */

const scope = { region: 'ap-south-1', accountId: '123456789012' };
let home: string;
let athena: LocalAthena;
let engine: Engine;
let registry: IntegrationRegistry;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'mm-athena-sfn-'));
  mkdirSync(join(home, 'objects', 'shared'), { recursive: true });
  athena = createLocalAthena({
    db: openDatabase(':memory:'),
    home,
    scope,
    defaultOutputLocation: 's3://shared/athena-results/',
  });
  registry = new IntegrationRegistry();
  registerAthenaIntegrations(registry, athena, athena.catalog, { ids: createSequentialIds() });
  // The "evaluation job": writes one Parquet partition per run under the Hive layout.
  registry.register('test:evaluation', async ({ parameters }) => {
    const { stepjobid, scores } = parameters as {
      stepjobid: string;
      scores: Record<string, number>;
    };
    const rows = Object.entries(scores).map(([algoname, metric_value]) => ({
      metric_name: 'rmse',
      metric_value,
      algoname,
      year: '2024',
      month: '06',
      stepjobid,
    }));
    const written = await athena.writeRows('s3://shared/model_eval_summary/', rows, {
      partitionBy: ['year', 'month', 'stepjobid'],
      columns: { metric_value: 'double' },
    });
    return { files: written.files.length };
  });
  engine = createEngine({
    store: createMemoryStore(),
    integrations: registry,
    scope,
    clock: createFakeClock(),
    ids: createSequentialIds(),
  });
});

afterAll(async () => {
  await engine.close();
  await athena.close();
  rmSync(home, { recursive: true, force: true });
});

const run = (definition: object, input: unknown = {}) => runDefinition(engine, definition, input);

const query = (sql: string, next: string, extra: object = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::athena:startQueryExecution.sync',
  Parameters: { QueryString: sql, QueryExecutionContext: { Database: 'evaluation' }, ...extra },
  ResultPath: '$.query',
  Next: next,
});

describe('Athena Task integrations in a state machine', () => {
  it('reads partitioned Parquet a job wrote, through startQueryExecution.sync and getQueryResults', async () => {
    await athena.query('CREATE DATABASE evaluation');
    await athena.query(
      `CREATE EXTERNAL TABLE evaluation.model_eval_summary (metric_name string, metric_value double, algoname string)
       PARTITIONED BY (year string, month string, stepjobid string)
       STORED AS PARQUET LOCATION 's3://shared/model_eval_summary/'`,
    );
    const { final, output } = await run(
      {
        StartAt: 'Evaluate',
        States: {
          Evaluate: {
            Type: 'Task',
            Resource: 'arn:aws:states:::test:evaluation',
            Parameters: { 'stepjobid.$': '$.stepjobid', 'scores.$': '$.scores' },
            ResultPath: '$.job',
            Next: 'Repair',
          },
          Repair: query('MSCK REPAIR TABLE model_eval_summary', 'Winner'),
          Winner: query(
            'SELECT algoname, metric_value FROM model_eval_summary WHERE stepjobid = ? ORDER BY metric_value ASC LIMIT 1',
            'Results',
            { 'ExecutionParameters.$': "States.Array(States.Format('\\'{}\\'', $.stepjobid))" },
          ),
          Results: {
            Type: 'Task',
            Resource: 'arn:aws:states:::athena:getQueryResults',
            Parameters: { 'QueryExecutionId.$': '$.query.QueryExecution.QueryExecutionId' },
            ResultSelector: {
              'winner.$': '$.ResultSet.Rows[1].Data[0].VarCharValue',
              'rows.$': '$.ResultSet.Rows',
            },
            ResultPath: '$.results',
            End: true,
          },
        },
      },
      { stepjobid: 'train-run1', scores: { lr: 0.42, xgb: 0.17, rf: 0.25 } },
    );
    expect(final.error ?? '', final.cause).toBe('');
    expect(final.status).toBe('SUCCEEDED');
    expect(output.job).toEqual({ files: 1 });
    expect(output.query.QueryExecution).toMatchObject({
      Status: { State: 'SUCCEEDED' },
      StatementType: 'DML',
      QueryExecutionContext: { Database: 'evaluation' },
    });
    expect(typeof output.query.QueryExecution.Status.SubmissionDateTime).toBe('number');
    expect(output.query.QueryExecution.Statistics.DataScannedInBytes).toBeGreaterThan(0);
    expect(output.results.winner).toBe('xgb');
    expect(output.results.rows).toEqual([
      { Data: [{ VarCharValue: 'algoname' }, { VarCharValue: 'metric_value' }] },
      { Data: [{ VarCharValue: 'xgb' }, { VarCharValue: '0.17' }] },
    ]);
    const partitions = await athena.catalog.getPartitions({
      DatabaseName: 'evaluation',
      TableName: 'model_eval_summary',
    });
    expect(partitions.Partitions.map((p) => p.Values)).toEqual([['2024', '06', 'train-run1']]);
  });

  it('fails the state with States.TaskFailed and the execution as cause when the query fails', async () => {
    const { final, output } = await run({
      StartAt: 'Bad',
      States: {
        Bad: {
          ...query('SELECT nope FROM model_eval_summary', 'Done'),
          Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Done' }],
        },
        Done: { Type: 'Pass', End: true },
      },
    });
    expect(final.status).toBe('SUCCEEDED');
    expect(output.error.Error).toBe('States.TaskFailed');
    const cause = JSON.parse(output.error.Cause);
    expect(cause.QueryExecution.Status.State).toBe('FAILED');
    expect(cause.QueryExecution.Status.StateChangeReason).toMatch(
      /^COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved/,
    );
  });

  it('names API errors Athena.<Exception> and catalog errors Glue.<Exception>', async () => {
    const invoke = (arn: string, parameters: unknown, resumed?: unknown) =>
      registry.resolve(parseTaskResource(arn))({
        resource: parseTaskResource(arn),
        parameters,
        context: {
          executionArn: 'arn:aws:states:ap-south-1:123456789012:execution:m:e',
          stateMachineArn: 'arn:aws:states:ap-south-1:123456789012:stateMachine:m',
          stateName: 'Task',
          signal: new AbortController().signal,
          submitted: async () => undefined,
          heartbeat: () => undefined,
          clock: createFakeClock(),
          scope,
          ...(resumed === undefined ? {} : { resumed }),
        },
      });
    const workgroup = await invoke('arn:aws:states:::athena:startQueryExecution', {
      QueryString: 'SELECT 1',
      WorkGroup: 'nope',
    }).catch((e: unknown) => e);
    expect(workgroup).toBeInstanceOf(StatesError);
    expect((workgroup as StatesError).error).toBe('Athena.InvalidRequestException');
    expect((workgroup as StatesError).causeText).toMatch(
      /^WorkGroup nope is not found.* \(Service: AmazonAthena; Status Code: 400; Error Code: InvalidRequestException; Request ID: .*; Proxy: null\)$/,
    );
    const table = await invoke('arn:aws:states:::aws-sdk:glue:getTable', {
      DatabaseName: 'evaluation',
      Name: 'missing',
    }).catch((e: unknown) => e);
    expect((table as StatesError).error).toBe('Glue.EntityNotFoundException');
    const got = (await invoke('arn:aws:states:::aws-sdk:glue:getTable', {
      DatabaseName: 'evaluation',
      Name: 'model_eval_summary',
    })) as { Table: { CreateTime: unknown; PartitionKeys: unknown[] } };
    expect(typeof got.Table.CreateTime).toBe('number');
    expect(got.Table.PartitionKeys).toHaveLength(3);
    const started = (await invoke('arn:aws:states:::athena:startQueryExecution', {
      QueryString: 'SELECT 1',
    })) as { QueryExecutionId: string };
    expect(started.QueryExecutionId).toMatch(/^[0-9a-f-]{36}$/);
    // After a restart, .sync re-attaches to the query it started instead of starting another.
    const before = (await athena.listQueryExecutions()).QueryExecutionIds.length;
    const resumed = (await invoke(
      'arn:aws:states:::athena:startQueryExecution.sync',
      { QueryString: 'SELECT 2' },
      started,
    )) as { QueryExecution: { QueryExecutionId: string; Query: string } };
    expect(resumed.QueryExecution).toMatchObject({
      QueryExecutionId: started.QueryExecutionId,
      Query: 'SELECT 1',
    });
    expect((await athena.listQueryExecutions()).QueryExecutionIds).toHaveLength(before);
  });
});

describe('Athena .sync when the execution ends early', () => {
  /** A query that runs until the test says so; `stops` counts StopQueryExecution calls. */
  function slowQueryEngine() {
    const state = { stops: 0, started: 0 };
    const service = {
      startQueryExecution: async () => {
        state.started++;
        return { QueryExecutionId: 'q-1' };
      },
      stopQueryExecution: async () => {
        state.stops++;
        return {};
      },
      waitForQueryExecution: (_id: string, signal: AbortSignal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
        ),
    } as unknown as AthenaService;
    const slow = new IntegrationRegistry();
    registerAthenaIntegrations(slow, service, athena.catalog, { ids: createSequentialIds() });
    const own = createEngine({ store: createMemoryStore(), integrations: slow, scope });
    own.createStateMachine({
      name: 'slow',
      definition: JSON.stringify({
        StartAt: 'Q',
        States: { Q: query('SELECT 1', 'Done'), Done: { Type: 'Pass', End: true } },
      }),
    });
    const { executionArn } = own.startExecution({ stateMachineArn: 'slow', input: '{}' });
    return { state, engine: own, executionArn };
  }

  const startedQuery = async (state: { started: number }) => {
    while (state.started === 0) await new Promise((r) => setTimeout(r, 5));
  };

  it('stops the query when the execution is stopped', async () => {
    const { state, engine: own, executionArn } = slowQueryEngine();
    await startedQuery(state);
    own.stopExecution({ executionArn });
    await own.waitFor(executionArn);
    await own.close();
    expect(state.stops).toBe(1);
  });

  it('leaves the query running when the engine only suspends the execution, to re-attach after a restart', async () => {
    const { state, engine: own } = slowQueryEngine();
    await startedQuery(state);
    await own.close();
    expect(state.stops).toBe(0);
  });
});
