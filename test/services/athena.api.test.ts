import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  InvalidRequestException,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import {
  AlreadyExistsException,
  CreateTableCommand,
  EntityNotFoundException,
  GetPartitionsCommand,
  GetTableCommand,
  GlueClient,
} from '@aws-sdk/client-glue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  athenaApi,
  createAwsAthena,
  createAwsGlueCatalog,
  createLocalAthena,
  glueCatalogApi,
} from '../../src/services/athena/index.js';
import type { LocalAthena } from '../../src/services/athena/index.js';
import { runAthenaContract } from '../../src/services/athena/contract.js';
import { openDatabase } from '../../src/store/index.js';
import { lazyServer, localSdkConfig } from '../support/aws-api.js';

/**
 * The wire protocols end to end: `@aws-sdk/client-athena` and
 * `@aws-sdk/client-glue` against the HTTP server in front of the embedded
 * Athena — the contract suite through the AWS adapters, then SDK details.
 */

let home: string;
let athena: LocalAthena;

const serve = lazyServer(async () => {
  home = mkdtempSync(join(tmpdir(), 'mm-athena-api-'));
  mkdirSync(join(home, 'objects', 'wire'), { recursive: true });
  athena = createLocalAthena({
    db: openDatabase(':memory:'),
    home,
    scope: { region: 'us-east-1', accountId: '000000000000' },
    defaultOutputLocation: 's3://wire/results/',
  });
  return [athenaApi(athena), glueCatalogApi(athena.catalog)];
});

function putObject(key: string, body: string): void {
  const path = join(home, 'objects', 'wire', key);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, body);
}

afterAll(async () => {
  await serve.close();
  await athena?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

runAthenaContract('AWS SDK over HTTP to the embedded Athena', async () => {
  const config = { ...localSdkConfig((await serve()).url), maxAttempts: 1 };
  return {
    athena: createAwsAthena({ config }),
    catalog: createAwsGlueCatalog({ config }),
    bucket: 'wire',
    pollMs: 20,
    putObject: async (key, body) => putObject(key, body),
  };
});

describe('Athena and Glue wire details', () => {
  let client: AthenaClient;
  let glue: GlueClient;
  beforeAll(async () => {
    const config = { ...localSdkConfig((await serve()).url), maxAttempts: 1 };
    client = new AthenaClient(config);
    glue = new GlueClient(config);
  });

  async function finished(id: string) {
    for (;;) {
      const { QueryExecution } = await client.send(
        new GetQueryExecutionCommand({ QueryExecutionId: id }),
      );
      if (!['QUEUED', 'RUNNING'].includes(QueryExecution?.Status?.State ?? ''))
        return QueryExecution!;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('answers StartQueryExecution at once and describes the query with dates and statistics', async () => {
    const { QueryExecutionId } = await client.send(
      new StartQueryExecutionCommand({
        QueryString: "SELECT 'x' AS a, 2 AS b, DATE '2024-01-02' AS d",
      }),
    );
    const execution = await finished(QueryExecutionId!);
    expect(execution.Status?.State).toBe('SUCCEEDED');
    expect(execution.Status?.SubmissionDateTime).toBeInstanceOf(Date);
    expect(execution.ResultConfiguration?.OutputLocation).toBe(
      `s3://wire/results/${QueryExecutionId}.csv`,
    );
    expect(execution.EngineVersion?.EffectiveEngineVersion).toBe('Athena engine version 3');
    const results = await client.send(new GetQueryResultsCommand({ QueryExecutionId }));
    expect(results.ResultSet?.Rows?.map((r) => r.Data?.map((d) => d.VarCharValue))).toEqual([
      ['a', 'b', 'd'],
      ['x', '2', '2024-01-02'],
    ]);
    expect(results.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Type)).toEqual([
      'varchar',
      'integer',
      'date',
    ]);
  });

  it('returns Athena and Glue errors as the SDK’s exception classes', async () => {
    const missing = await client
      .send(new GetQueryExecutionCommand({ QueryExecutionId: 'nope' }))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(InvalidRequestException);
    const noOutput = await client
      .send(
        new StartQueryExecutionCommand({
          QueryString: 'SELECT 1',
          ResultConfiguration: { OutputLocation: 's3://no-such-bucket/x/' },
        }),
      )
      .catch((e: unknown) => e);
    expect((noOutput as Error).message).toMatch(
      /Unable to verify\/create output bucket no-such-bucket/,
    );
    const table = await glue
      .send(new GetTableCommand({ DatabaseName: 'default', Name: 'missing' }))
      .catch((e: unknown) => e);
    expect(table).toBeInstanceOf(EntityNotFoundException);
    const input = {
      DatabaseName: 'default',
      TableInput: {
        Name: 'wire_table',
        PartitionKeys: [{ Name: 'day', Type: 'string' }],
        StorageDescriptor: {
          Columns: [{ Name: 'v', Type: 'int' }],
          Location: 's3://wire/wire_table/',
          SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
        },
      },
    };
    await glue.send(new CreateTableCommand(input));
    const again = await glue.send(new CreateTableCommand(input)).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AlreadyExistsException);
    const { Table } = await glue.send(
      new GetTableCommand({ DatabaseName: 'default', Name: 'wire_table' }),
    );
    expect(Table?.CreateTime).toBeInstanceOf(Date);
    expect(Table?.StorageDescriptor?.Location).toBe('s3://wire/wire_table/');
  });

  it('sees the partitions Athena DDL registers through Glue GetPartitions', async () => {
    putObject('wire_table/day=01/a.json', '{"v": 1}\n');
    putObject('wire_table/day=02/a.json', '{"v": 2}\n{"v": 3}\n');
    const { QueryExecutionId } = await client.send(
      new StartQueryExecutionCommand({ QueryString: 'MSCK REPAIR TABLE wire_table' }),
    );
    expect((await finished(QueryExecutionId!)).Status?.State).toBe('SUCCEEDED');
    const { Partitions } = await glue.send(
      new GetPartitionsCommand({
        DatabaseName: 'default',
        TableName: 'wire_table',
        Expression: "day >= '02'",
      }),
    );
    expect(Partitions?.map((p) => p.Values)).toEqual([['02']]);
    expect(Partitions?.[0]?.CreationTime).toBeInstanceOf(Date);
    const sum = await client.send(
      new StartQueryExecutionCommand({
        QueryString: 'SELECT day, sum(v) AS total FROM wire_table GROUP BY day ORDER BY day',
      }),
    );
    await finished(sum.QueryExecutionId!);
    const page = await client.send(
      new GetQueryResultsCommand({ QueryExecutionId: sum.QueryExecutionId }),
    );
    expect(page.ResultSet?.Rows?.map((r) => r.Data?.map((d) => d.VarCharValue))).toEqual([
      ['day', 'total'],
      ['01', '1'],
      ['02', '5'],
    ]);
  });
});
