import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../common/index.js';
import type { DataCatalog } from './catalog-types.js';
import type { AthenaService, QueryExecution } from './types.js';

/**
 * The contract every Athena + Glue Data Catalog adapter pair keeps: run
 * against the embedded adapter in every test run, over HTTP through the AWS
 * SDK, and against AWS when an endpoint is configured. It asserts behaviour
 * Athena and Glue themselves show (error codes, result shapes, the header row,
 * paging), matching messages only on the parts both share.
 */

/** What the suite needs from the adapter under test. */
export interface AthenaContractSetup {
  athena: AthenaService;
  catalog: DataCatalog;
  /** An existing bucket the suite writes data and results under (its own prefix). */
  bucket: string;
  /** Writes an object into `bucket`. */
  putObject(key: string, body: string): Promise<void>;
  /** How often to poll GetQueryExecution when the adapter cannot wait. Default 500 ms. */
  pollMs?: number;
  /** Removes what the suite wrote under `prefix` (optional). */
  cleanup?(prefix: string): Promise<void>;
}

/** Runs the contract suite against the adapter `makeAdapter` builds. */
export function runAthenaContract(
  name: string,
  makeAdapter: () => AthenaContractSetup | Promise<AthenaContractSetup>,
): void {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const db = `mm_contract_${suffix}`;
  const prefix = `mm-contract-${suffix}`;
  let setup: AthenaContractSetup;

  async function run(QueryString: string): Promise<QueryExecution> {
    const { QueryExecutionId } = await setup.athena.startQueryExecution({
      QueryString,
      QueryExecutionContext: { Database: db },
      ResultConfiguration: { OutputLocation: `s3://${setup.bucket}/${prefix}/results/` },
    });
    if (setup.athena.waitForQueryExecution)
      return setup.athena.waitForQueryExecution(QueryExecutionId);
    for (;;) {
      const { QueryExecution } = await setup.athena.getQueryExecution({ QueryExecutionId });
      if (!['QUEUED', 'RUNNING'].includes(QueryExecution.Status.State)) return QueryExecution;
      await new Promise((resolve) => setTimeout(resolve, setup.pollMs ?? 500));
    }
  }

  async function rows(QueryString: string): Promise<(string | undefined)[][]> {
    const execution = await run(QueryString);
    expect(execution.Status.StateChangeReason ?? '').toBe('');
    expect(execution.Status.State).toBe('SUCCEEDED');
    const page = await setup.athena.getQueryResults({
      QueryExecutionId: execution.QueryExecutionId,
    });
    return page.ResultSet.Rows.map((r) => r.Data.map((d) => d.VarCharValue));
  }

  describe(`Athena contract: ${name}`, () => {
    beforeAll(async () => {
      setup = await makeAdapter();
      await setup.catalog.createDatabase({ DatabaseInput: { Name: db, Description: 'contract' } });
    }, 120_000);
    afterAll(async () => {
      await setup?.catalog.deleteDatabase({ Name: db }).catch(() => undefined);
      await setup?.cleanup?.(prefix);
    }, 120_000);

    it('keeps databases and refuses duplicates and unknown names with Glue errors', async () => {
      const { Database } = await setup.catalog.getDatabase({ Name: db });
      expect(Database).toMatchObject({ Name: db, Description: 'contract' });
      expect(Database.CreateTime).toBeInstanceOf(Date);
      const again = await rejection(setup.catalog.createDatabase({ DatabaseInput: { Name: db } }));
      expect(again.code ?? again.name).toBe('AlreadyExistsException');
      const missing = await rejection(setup.catalog.getDatabase({ Name: `${db}_missing` }));
      expect(missing.code ?? missing.name).toBe('EntityNotFoundException');
    });

    it('creates tables through Glue and lists, filters and deletes them', async () => {
      await setup.catalog.createTable({
        DatabaseName: db,
        TableInput: {
          Name: 'glue_made',
          PartitionKeys: [{ Name: 'year', Type: 'string' }],
          StorageDescriptor: {
            Columns: [
              { Name: 'id', Type: 'bigint' },
              { Name: 'tags', Type: 'array<string>' },
            ],
            Location: `s3://${setup.bucket}/${prefix}/glue_made/`,
            InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
            OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
          },
          TableType: 'EXTERNAL_TABLE',
        },
      });
      const { Table } = await setup.catalog.getTable({ DatabaseName: db, Name: 'glue_made' });
      expect(Table.StorageDescriptor?.Columns).toEqual([
        { Name: 'id', Type: 'bigint' },
        { Name: 'tags', Type: 'array<string>' },
      ]);
      expect(Table.PartitionKeys).toEqual([{ Name: 'year', Type: 'string' }]);
      const { TableList } = await setup.catalog.getTables({
        DatabaseName: db,
        Expression: 'glue*',
      });
      expect(TableList.map((t) => t.Name)).toEqual(['glue_made']);
      const batch = await setup.catalog.batchCreatePartition({
        DatabaseName: db,
        TableName: 'glue_made',
        PartitionInputList: [{ Values: ['2023'] }, { Values: ['2024'] }],
      });
      expect(batch.Errors).toEqual([]);
      const dup = await setup.catalog.batchCreatePartition({
        DatabaseName: db,
        TableName: 'glue_made',
        PartitionInputList: [{ Values: ['2024'] }],
      });
      expect(dup.Errors.map((e) => e.ErrorDetail.ErrorCode)).toEqual(['AlreadyExistsException']);
      const { Partitions } = await setup.catalog.getPartitions({
        DatabaseName: db,
        TableName: 'glue_made',
        Expression: "year = '2024'",
      });
      expect(Partitions.map((p) => p.Values)).toEqual([['2024']]);
      expect(Partitions[0]?.StorageDescriptor.Location).toBe(
        `s3://${setup.bucket}/${prefix}/glue_made/year=2024/`,
      );
      await setup.catalog.deleteTable({ DatabaseName: db, Name: 'glue_made' });
      const gone = await rejection(setup.catalog.getTable({ DatabaseName: db, Name: 'glue_made' }));
      expect(gone.code ?? gone.name).toBe('EntityNotFoundException');
    });

    it('runs DDL, adds partitions and answers SELECTs with a header row and Athena types', async () => {
      await setup.putObject(
        `${prefix}/events/year=2024/part-0.json`,
        '{"id": 1, "name": "a", "score": 1.5}\n{"id": 2, "name": "b", "score": 2.5}\n',
      );
      await setup.putObject(
        `${prefix}/events/year=2025/part-0.json`,
        '{"id": 3, "name": "c", "score": null}\n',
      );
      const ddl = await run(
        `CREATE EXTERNAL TABLE events (id bigint, name string, score double) PARTITIONED BY (year string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${setup.bucket}/${prefix}/events/'`,
      );
      expect(ddl.Status.State).toBe('SUCCEEDED');
      expect(ddl.StatementType).toBe('DDL');
      expect(await rows('SELECT count(*) FROM events')).toEqual([['_col0'], ['0']]);
      await rows("ALTER TABLE events ADD PARTITION (year = '2024')");
      expect(await rows('SELECT count(*) AS n FROM events')).toEqual([['n'], ['2']]);
      await rows('MSCK REPAIR TABLE events');
      expect(
        await rows(
          'SELECT year, count(*) AS n, sum(score) AS total FROM events GROUP BY year ORDER BY year',
        ),
      ).toEqual([
        ['year', 'n', 'total'],
        ['2024', '2', '4.0'].map((v, i) => (i === 2 ? expect.stringMatching(/^4(\.0)?$/) : v)),
        ['2025', '1', undefined],
      ]);
      const execution = await run('SELECT id, name FROM events ORDER BY id');
      const page = await setup.athena.getQueryResults({
        QueryExecutionId: execution.QueryExecutionId,
        MaxResults: 2,
      });
      expect(page.ResultSet.ResultSetMetadata.ColumnInfo.map((c) => [c.Name, c.Type])).toEqual([
        ['id', 'bigint'],
        ['name', 'varchar'],
      ]);
      expect(page.ResultSet.Rows.map((r) => r.Data.map((d) => d.VarCharValue))).toEqual([
        ['id', 'name'],
        ['1', 'a'],
      ]);
      expect(page.NextToken).toBeDefined();
      const rest = await setup.athena.getQueryResults({
        QueryExecutionId: execution.QueryExecutionId,
        ...(page.NextToken ? { NextToken: page.NextToken } : {}),
      });
      expect(rest.ResultSet.Rows.map((r) => r.Data.map((d) => d.VarCharValue))).toEqual([
        ['2', 'b'],
        ['3', 'c'],
      ]);
      expect(rest.NextToken).toBeUndefined();
      const { QueryExecutionIds } = await setup.athena.listQueryExecutions({ MaxResults: 50 });
      expect(QueryExecutionIds).toContain(execution.QueryExecutionId);
    });

    it('fails bad queries with the position and the error name', async () => {
      const syntax = await run('SELECT id\n  FROM events WHERE id = = 1');
      expect(syntax.Status.State).toBe('FAILED');
      expect(syntax.Status.StateChangeReason).toMatch(/line 2:26/);
      const table = await run('SELECT * FROM no_such_table');
      expect(table.Status.State).toBe('FAILED');
      expect(table.Status.StateChangeReason).toMatch(
        /TABLE_NOT_FOUND: line 1:15: Table '.*no_such_table' does not exist/,
      );
      const column = await run('SELECT nope FROM events');
      expect(column.Status.StateChangeReason).toMatch(
        /COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved/,
      );
      const results = await rejection(
        setup.athena.getQueryResults({ QueryExecutionId: column.QueryExecutionId }),
      );
      expect(results.code ?? results.name).toBe('InvalidRequestException');
      const unknown = await rejection(
        setup.athena.getQueryExecution({
          QueryExecutionId: '00000000-0000-4000-8000-00000000dead',
        }),
      );
      expect(unknown.code ?? unknown.name).toBe('InvalidRequestException');
    });
  });
}
