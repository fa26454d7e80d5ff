import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { createLocalAthena } from './local.js';
import type { LocalAthena, LocalAthenaOptions } from './local.js';
import { QueryStore } from './query-store.js';
import type { QueryStateChange } from './types.js';

/** Behaviour of the embedded Athena beyond the contract: files, partitions, writes, errors, lifecycle. */

let home: string;
let db: SqliteDatabase;
let athena: LocalAthena;
const events: QueryStateChange[] = [];

function make(extra: Partial<LocalAthenaOptions> = {}): LocalAthena {
  return createLocalAthena({
    db,
    home,
    scope: { region: 'us-east-1', accountId: '000000000000' },
    defaultOutputLocation: 's3://lake/results/',
    onQueryStateChange: (event) => events.push(event),
    ...extra,
  });
}

function put(key: string, body: string): void {
  const path = join(home, 'objects', 'lake', key);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, body);
}

async function run(sql: string, database = 'default') {
  const { QueryExecutionId } = await athena.startQueryExecution({
    QueryString: sql,
    QueryExecutionContext: { Database: database },
  });
  return athena.waitForQueryExecution!(QueryExecutionId);
}

async function reason(sql: string, database = 'default'): Promise<string> {
  const execution = await run(sql, database);
  expect(execution.Status.State).toBe('FAILED');
  return execution.Status.StateChangeReason ?? '';
}

async function rows(sql: string, database = 'default') {
  return (await athena.query(sql, { database })).rows;
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'mm-athena-edges-'));
  mkdirSync(join(home, 'objects', 'lake'), { recursive: true });
  db = openDatabase(join(home, 'modelmill.db'));
  athena = make();
});

afterAll(async () => {
  await athena.close();
  db.close();
  rmSync(home, { recursive: true, force: true });
});

describe('tables over files', () => {
  it('queries a table whose location holds no files as empty, with the declared columns', async () => {
    await athena.query(
      "CREATE EXTERNAL TABLE empty_t (id bigint, tags array<string>) STORED AS PARQUET LOCATION 's3://lake/empty/'",
    );
    const result = await athena.query('SELECT * FROM empty_t');
    expect(result.columns).toEqual([
      { name: 'id', type: 'bigint' },
      { name: 'tags', type: 'array' },
    ]);
    expect(result.rows).toEqual([]);
  });

  it('fails a query over a table whose bucket does not exist, naming the bucket and the table', async () => {
    await athena.query(
      "CREATE EXTERNAL TABLE lost (id int) STORED AS PARQUET LOCATION 's3://no-such-bucket/x/'",
    );
    expect(await reason('SELECT * FROM lost')).toBe(
      "HIVE_UNKNOWN_ERROR: The specified bucket does not exist: 'no-such-bucket', the LOCATION of table default.lost (s3://no-such-bucket/x/). Create the bucket, or point the table at an existing location.",
    );
  });

  it('shows only registered partitions, wherever they are located', async () => {
    put('logs/day=01/a.json', '{"msg": "one"}\n');
    put('logs/day=02/a.json', '{"msg": "two"}\n');
    put('elsewhere/x.json', '{"msg": "three"}\n');
    await athena.query(
      "CREATE EXTERNAL TABLE logs (msg string) PARTITIONED BY (day int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://lake/logs/'",
    );
    expect(await rows('SELECT * FROM logs')).toEqual([]);
    // Hive's default location spells the value as given: day=1 is not the folder day=01.
    await athena.query('ALTER TABLE logs ADD PARTITION (day=1)');
    expect(await rows('SELECT msg, day FROM logs')).toEqual([]);
    await athena.query('ALTER TABLE logs DROP PARTITION (day=1)');
    await athena.query("ALTER TABLE logs ADD PARTITION (day='01')");
    expect(await rows('SELECT msg, day FROM logs')).toEqual([{ msg: 'one', day: 1 }]);
    await athena.query("ALTER TABLE logs ADD PARTITION (day=3) LOCATION 's3://lake/elsewhere/'");
    expect(await rows('SELECT msg, day FROM logs ORDER BY day')).toEqual([
      { msg: 'one', day: 1 },
      { msg: 'three', day: 3 },
    ]);
    expect(
      await athena
        .query("ALTER TABLE logs ADD PARTITION (day='01')")
        .catch((e: Error) => e.message),
    ).toMatch(/AlreadyExistsException: Partition already exists \(01\)/);
    await athena.query('ALTER TABLE logs DROP PARTITION (day=3)');
    expect((await athena.query('SHOW PARTITIONS logs')).rows).toEqual([{ partition: 'day=01' }]);
  });

  it('reads partition projection tables from their folders, without registration', async () => {
    put('proj/region=eu/a.json', '{"v": 1}\n');
    put('proj/region=us/a.json', '{"v": 2}\n');
    await athena.query(
      "CREATE EXTERNAL TABLE proj (v int) PARTITIONED BY (region string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://lake/proj/' TBLPROPERTIES ('projection.enabled'='true')",
    );
    expect(await rows('SELECT region, v FROM proj ORDER BY region')).toEqual([
      { region: 'eu', v: 1 },
      { region: 'us', v: 2 },
    ]);
  });

  it('reads delimited text with a header line and JSON with mapped keys', async () => {
    put('csv/a.csv', 'name,score\nalpha,1.5\n"b,eta",2\n');
    await athena.query(
      "CREATE EXTERNAL TABLE scores (name string, score double) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' LOCATION 's3://lake/csv/' TBLPROPERTIES ('skip.header.line.count'='1')",
    );
    expect(await rows('SELECT * FROM scores ORDER BY name')).toEqual([
      { name: 'alpha', score: 1.5 },
      { name: 'b,eta', score: 2 },
    ]);
    put('mapped/a.json', '{"Event Time": "2024-01-02 03:04:05", "n": 7}\n');
    await athena.query(
      "CREATE EXTERNAL TABLE mapped (event_time timestamp, n bigint, absent string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' WITH SERDEPROPERTIES ('mapping.event_time'='Event Time') LOCATION 's3://lake/mapped/'",
    );
    expect(await rows('SELECT * FROM mapped')).toEqual([
      { event_time: '2024-01-02 03:04:05', n: 7, absent: null },
    ]);
  });

  it('matches JSON keys case-insensitively, as the OpenX SerDe does, and prints rows as Trino does', async () => {
    put('cased/a.json', '{"metaKey": "k1", "Score": 2, "Info": {"algo": "lr", "n": 3}}\n');
    const ddl = (name: string, props: string) =>
      `CREATE EXTERNAL TABLE ${name} (metakey string, score bigint, info struct<algo:string,n:int>) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' ${props} LOCATION 's3://lake/cased/'`;
    await athena.query(ddl('cased', ''));
    expect(await rows('SELECT metakey, score, info.algo AS Algo FROM cased')).toEqual([
      { metakey: 'k1', score: 2, algo: 'lr' },
    ]);
    const execution = await run('SELECT info FROM cased');
    const page = await athena.getQueryResults({ QueryExecutionId: execution.QueryExecutionId });
    expect(page.ResultSet.Rows[1]?.Data).toEqual([{ VarCharValue: '{algo=lr, n=3}' }]);
    await athena.query(ddl('cased_strict', "WITH SERDEPROPERTIES ('case.insensitive'='false')"));
    expect(await rows('SELECT metakey FROM cased_strict')).toEqual([{ metakey: null }]);
  });

  it('casts Parquet columns to the declared types and returns NULL for declared columns no file has', async () => {
    await athena.writeRows('s3://lake/typed/', [{ id: 1, amount: 2 }], { format: 'parquet' });
    await athena.query(
      "CREATE EXTERNAL TABLE typed (id string, amount decimal(10,2), missing double) STORED AS PARQUET LOCATION 's3://lake/typed/'",
    );
    const result = await athena.query('SELECT * FROM typed');
    expect(result.columns.map((c) => c.type)).toEqual(['varchar', 'decimal', 'double']);
    expect(result.rows).toEqual([{ id: '1', amount: 2, missing: null }]);
  });

  it('refuses SerDes it cannot read with the table and the alternatives', async () => {
    await athena.query(
      "CREATE EXTERNAL TABLE orc_t (a int) STORED AS ORC LOCATION 's3://lake/orc/'",
    );
    expect(await reason('SELECT * FROM orc_t')).toMatch(
      /^HIVE_UNSUPPORTED_FORMAT: Table default.orc_t is stored with SerDe 'org.apache.hadoop.hive.ql.io.orc.OrcSerde'.*Use Parquet/,
    );
  });
});

describe('writing tables', () => {
  it('CTAS writes Parquet partitions under the query’s output location and registers them', async () => {
    const execution = await run(
      "CREATE TABLE made WITH (partitioned_by = ARRAY['day']) AS SELECT msg, day FROM logs",
    );
    expect(execution.Status.State).toBe('SUCCEEDED');
    const results = await athena.getQueryResults({ QueryExecutionId: execution.QueryExecutionId });
    expect(results.UpdateCount).toBe(1);
    const dir = join(
      home,
      'objects',
      'lake',
      'results',
      'tables',
      execution.QueryExecutionId,
      'day=1',
    );
    expect(readdirSync(dir)).toEqual([`${execution.QueryExecutionId}_0.parquet`]);
    const { Table } = await athena.catalog.getTable({ DatabaseName: 'default', Name: 'made' });
    expect(Table.PartitionKeys).toEqual([{ Name: 'day', Type: 'int' }]);
    expect(await rows('SELECT * FROM made')).toEqual([{ msg: 'one', day: 1 }]);
  });

  it('INSERT INTO appends new files and registers new partitions', async () => {
    await athena.query("INSERT INTO made SELECT 'late', 9");
    await athena.query('INSERT INTO made (day) SELECT 1');
    expect(await rows('SELECT msg, day FROM made ORDER BY day, msg')).toEqual([
      { msg: 'one', day: 1 },
      { msg: null, day: 1 },
      { msg: 'late', day: 9 },
    ]);
    expect(await reason('INSERT INTO made SELECT 1')).toMatch(
      /^TYPE_MISMATCH: line 1:18: Insert query has 1 column\(s\) but 2 target column\(s\) \[msg, day\] of table default.made/,
    );
  });

  it('refuses CTAS into a location holding data, or with partition keys not last', async () => {
    put('taken/x.json', '{}\n');
    expect(
      await reason(
        "CREATE TABLE t2 WITH (format='JSON', external_location='s3://lake/taken/') AS SELECT 1 AS a",
      ),
    ).toMatch(
      /^HIVE_PATH_ALREADY_EXISTS: line 1:14: Target directory for table 'default.t2' already exists: s3:\/\/lake\/taken\//,
    );
    expect(
      await reason("CREATE TABLE t3 WITH (partitioned_by=ARRAY['a']) AS SELECT 1 AS a, 2 AS b"),
    ).toMatch(
      /Partition keys must be the last columns in the table and in the same order as the table properties: \[a\]/,
    );
    expect(await reason('CREATE TABLE t4 AS SELECT count(*) FROM logs')).toMatch(
      /^COLUMN_NAME_NOT_SPECIFIED: line 1:20: Column name not specified at position 1/,
    );
  });

  it('writes rows from JavaScript as JSON lines under Hive partitions', async () => {
    const written = await athena.writeRows(
      's3://lake/events/',
      [
        { id: 1, kind: 'a', day: '01' },
        { id: 2, kind: 'b', day: '02' },
      ],
      { format: 'json', partitionBy: ['day'], fileName: 'batch' },
    );
    expect(written.files).toEqual([
      's3://lake/events/day=01/batch_0.json',
      's3://lake/events/day=02/batch_0.json',
    ]);
    expect(written.partitions).toEqual([
      { values: ['01'], location: 's3://lake/events/day=01/' },
      { values: ['02'], location: 's3://lake/events/day=02/' },
    ]);
    await athena.registerTable({
      DatabaseName: 'pipelines',
      TableInput: {
        Name: 'events',
        PartitionKeys: [{ Name: 'day', Type: 'string' }],
        StorageDescriptor: {
          Columns: [
            { Name: 'id', Type: 'bigint' },
            { Name: 'kind', Type: 'string' },
          ],
          Location: 's3://lake/events/',
          SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
        },
      },
    });
    for (const p of written.partitions) {
      expect(
        await athena.registerPartition({
          DatabaseName: 'pipelines',
          TableName: 'events',
          Values: p.values,
        }),
      ).toBe(true);
    }
    expect(
      await athena.registerPartition({
        DatabaseName: 'pipelines',
        TableName: 'events',
        Values: ['01'],
      }),
    ).toBe(false);
    expect(await rows('SELECT kind, day FROM events ORDER BY id', 'pipelines')).toEqual([
      { kind: 'a', day: '01' },
      { kind: 'b', day: '02' },
    ]);
  });
});

describe('DDL errors', () => {
  it('answers with Hive’s messages and the fix', async () => {
    expect(await reason("CREATE EXTERNAL TABLE nodb.t (a int) LOCATION 's3://lake/x/'")).toBe(
      'FAILED: SemanticException [Error 10072]: Database does not exist: nodb. Create it with CREATE DATABASE nodb.',
    );
    expect(await reason('DROP TABLE nothing')).toMatch(
      /^FAILED: SemanticException \[Error 10001\]: Table not found default.nothing/,
    );
    await run('DROP TABLE IF EXISTS nothing');
    expect(await reason('DROP DATABASE pipelines')).toMatch(
      /Database pipelines is not empty.*DROP DATABASE pipelines CASCADE/,
    );
    expect(await reason('SELECT 1', 'nodb')).toMatch(
      /^SCHEMA_NOT_FOUND: Schema 'nodb' does not exist/,
    );
    expect(await reason('CREATE EXTERNAL TABLE noloc (a int) STORED AS PARQUET')).toMatch(
      /LOCATION is required/,
    );
  });
});

describe('query lifecycle', () => {
  it('cancels a running query with StopQueryExecution', async () => {
    const { QueryExecutionId } = await athena.startQueryExecution({
      QueryString: 'SELECT sum(a.range * b.range) FROM range(100000) a, range(1000000) b',
    });
    for (let i = 0; i < 200; i += 1) {
      const { QueryExecution } = await athena.getQueryExecution({ QueryExecutionId });
      if (QueryExecution.Status.State === 'RUNNING') break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await athena.stopQueryExecution({ QueryExecutionId });
    const done = await athena.waitForQueryExecution!(QueryExecutionId);
    expect(done.Status.State).toBe('CANCELLED');
    expect(done.Status.StateChangeReason).toBe('Query cancelled by user');
  });

  it('returns the same id for a repeated ClientRequestToken and reports state changes', async () => {
    events.length = 0;
    const input = {
      QueryString: 'SELECT 1',
      ClientRequestToken: 'token-1234567890-abcdefghij-12345',
    };
    const first = await athena.startQueryExecution(input);
    const second = await athena.startQueryExecution(input);
    expect(second.QueryExecutionId).toBe(first.QueryExecutionId);
    await athena.waitForQueryExecution!(first.QueryExecutionId);
    expect(events.map((e) => [e.previousState, e.currentState])).toEqual([
      [undefined, 'QUEUED'],
      ['QUEUED', 'RUNNING'],
      ['RUNNING', 'SUCCEEDED'],
    ]);
  });

  it('queues queries beyond the concurrency limit, and leaves a live instance’s queries alone', async () => {
    const single = make({ maxConcurrentQueries: 1 });
    const slow = await single.startQueryExecution({
      QueryString: 'SELECT sum(a.range * b.range) FROM range(100000) a, range(1000000) b',
    });
    const waiting = await single.startQueryExecution({ QueryString: 'SELECT 2' });
    const { QueryExecution } = await single.getQueryExecution({
      QueryExecutionId: waiting.QueryExecutionId,
    });
    expect(QueryExecution.Status.State).toBe('QUEUED');
    make(); // another instance over the same database (a CLI next to a server)
    const still = await athena.getQueryExecution({ QueryExecutionId: slow.QueryExecutionId });
    expect(still.QueryExecution.Status.State).toBe('RUNNING');
    await single.close();
    const after = await athena.getQueryExecution({ QueryExecutionId: waiting.QueryExecutionId });
    expect(after.QueryExecution.Status.State).toBe('CANCELLED');
    expect(
      existsSync(join(home, 'objects', 'lake', 'results', `${waiting.QueryExecutionId}.csv`)),
    ).toBe(false);
  });

  it('fails the queries of a process that stopped while they ran', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const store = new QueryStore(db);
    store.insert({
      id: 'crashed-query',
      query: 'SELECT 1',
      database: 'default',
      catalog: 'AwsDataCatalog',
      workGroup: 'primary',
      outputLocation: 's3://lake/results/',
      state: 'RUNNING',
      submitted: 0,
      bytes: 0,
      owner: { pid: dead, instance: 'gone' },
    });
    make();
    const { QueryExecution } = await athena.getQueryExecution({
      QueryExecutionId: 'crashed-query',
    });
    expect(QueryExecution.Status.State).toBe('FAILED');
    expect(QueryExecution.Status.StateChangeReason).toMatch(
      /modelmill stopped while this query was running/,
    );
  });
});
