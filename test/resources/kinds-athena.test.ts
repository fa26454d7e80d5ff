import { describe, expect, it } from 'vitest';
import {
  down,
  failure,
  instance,
  lines,
  problems,
  synthOne,
  template,
  up,
  useInstance,
} from './kinds-fixture.js';

/** athenaDatabase and athenaTable against the embedded Glue catalog, read back by Athena queries. */

useInstance();

const runs = (over: object = {}) => ({
  kind: 'athenaTable',
  database: 'analytics',
  name: 'runs',
  location: 's3://lake/runs',
  format: 'json',
  columns: [
    { name: 'run_id', type: 'string' },
    { name: 'score', type: 'double' },
  ],
  ...over,
});
const scores = (over: object = {}) => ({
  kind: 'athenaTable',
  database: 'analytics',
  name: 'scores',
  location: 's3://lake/scores/',
  format: 'csv',
  columns: [
    { name: 'model', type: 'string' },
    { name: 'auc', type: 'double' },
  ],
  tableProperties: { 'skip.header.line.count': '1' },
  ...over,
});
const specs = (over: { runs?: object; scores?: object } = {}) => [
  { kind: 'bucket', name: 'lake' },
  { kind: 'athenaDatabase', name: 'analytics', description: 'run results' },
  runs(over.runs),
  scores(over.scores),
];

async function put(key: string, body: string) {
  await instance.mm.services.s3.putObject({ Bucket: 'lake', Key: key, Body: Buffer.from(body) });
}
const query = async (sql: string) => (await instance.mm.services.athena.query(sql)).rows;
const catalog = () => instance.mm.services.athena.catalog;

describe('athenaDatabase and athenaTable', () => {
  it('creates tables Athena reads (JSON lines, CSV with a header), then reports unchanged', async () => {
    const first = await up(specs());
    expect(lines(first.resources)).toEqual([
      'created bucket lake',
      'created athenaDatabase analytics',
      'created athenaTable runs',
      'created athenaTable scores',
    ]);
    await put('runs/a.json', '{"run_id":"r1","score":0.5}\n{"run_id":"r2","score":0.75}\n');
    await put('scores/s.csv', 'model,auc\nxgb,0.83\nlr,0.71\n');
    expect(await query('SELECT run_id, score FROM analytics.runs ORDER BY run_id')).toEqual([
      { run_id: 'r1', score: 0.5 },
      { run_id: 'r2', score: 0.75 },
    ]);
    expect(await query('SELECT model, auc FROM analytics.scores ORDER BY auc DESC')).toEqual([
      { model: 'xgb', auc: 0.83 },
      { model: 'lr', auc: 0.71 },
    ]);
    const { Table } = await catalog().getTable({ DatabaseName: 'analytics', Name: 'runs' });
    expect(Table.StorageDescriptor).toMatchObject({
      Location: 's3://lake/runs/',
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
    });
    const again = await up(specs());
    expect(again.resources.map((c) => c.action)).toEqual(Array(4).fill('unchanged'));
  });

  it('updates columns and properties in place; queries see the new definition', async () => {
    await up(specs());
    await put('runs/a.json', '{"run_id":"r1","score":0.5,"stage":"train"}\n');
    const report = await up(
      specs({
        runs: {
          columns: [
            { name: 'run_id', type: 'string' },
            { name: 'score', type: 'double' },
            { name: 'stage', type: 'string', comment: 'pipeline stage' },
          ],
        },
        scores: { serdeProperties: { 'field.delim': ';' } },
      }),
    );
    expect(report.resources.map((c) => [c.action, c.name, c.changes])).toEqual([
      ['unchanged', 'lake', undefined],
      ['unchanged', 'analytics', undefined],
      ['updated', 'runs', ['columns']],
      ['updated', 'scores', ['serdeProperties']],
    ]);
    expect(await query('SELECT run_id, stage FROM analytics.runs')).toEqual([
      { run_id: 'r1', stage: 'train' },
    ]);
  });

  it('changes partition keys of a table without partitions, and refuses it once partitions exist', async () => {
    const partitioned = { runs: { partitionKeys: [{ name: 'day' }] } };
    await up(specs(partitioned));
    const moved = await up(specs({ runs: { partitionKeys: [{ name: 'dt' }] } }));
    expect(moved.resources[2]).toMatchObject({ action: 'updated', changes: ['partitionKeys'] });
    await instance.mm.services.athena.registerPartition({
      DatabaseName: 'analytics',
      TableName: 'runs',
      Values: ['2024-06-01'],
    });
    const error = await failure(up(specs(partitioned)));
    expect(error.code).toBe('ValidationError');
    expect(error.message).toContain(
      "Athena table 'analytics.runs' is partitioned by (dt) with partitions registered, but the config asks for (day); the registered partitions would no longer match",
    );
    // A type-only change of a partition key is fine.
    const typed = await up(specs({ runs: { partitionKeys: [{ name: 'dt', type: 'date' }] } }));
    expect(typed.resources[2]).toMatchObject({ action: 'updated', changes: ['partitionKeys'] });
  });

  it('down drops the tables, then the database, and keeps the data', async () => {
    await up(specs());
    await put('runs/a.json', '{"run_id":"r1","score":0.5}\n');
    expect(lines((await down(true)).resources)).toEqual([
      'deleted athenaTable scores',
      'deleted athenaTable runs',
      'deleted athenaDatabase analytics',
      'deleted bucket lake',
    ]);
    expect(await failure(catalog().getDatabase({ Name: 'analytics' }))).toMatchObject({
      code: 'EntityNotFoundException',
    });
  });

  it('keeps a database holding tables of others unless forced', async () => {
    await up([{ kind: 'athenaDatabase', name: 'analytics' }]);
    await query("CREATE EXTERNAL TABLE analytics.theirs (a string) LOCATION 's3://lake/theirs/'");
    expect((await failure(down())).message).toContain(
      "Athena database 'analytics' still holds tables this stack did not create (theirs)",
    );
    expect(lines((await down(true)).resources)).toEqual(['deleted athenaDatabase analytics']);
  });

  it('names a missing database and the fix', async () => {
    expect((await failure(up([runs()]))).message).toContain(
      "database: Athena table 'runs' is in database 'analytics', which does not exist; declare it as an athenaDatabase before this table",
    );
  });

  it('reports config problems with the field', () => {
    expect(
      problems([
        { kind: 'athenaDatabase', name: 'Analytics-DB' },
        runs({
          location: 'lake/runs',
          format: 'orc',
          columns: [
            { name: 'run_id', type: 'strin g' },
            { name: 'run_id', type: 'int' },
          ],
          partitionKeys: [{ name: 'run_id' }],
        }),
      ]),
    ).toEqual([
      'resources[0] (athenaDatabase \'Analytics-DB\'): name: Athena names are 1-255 lowercase letters, digits and underscores (Athena lower-cases names, and other characters need quoting in every query), got "Analytics-DB"',
      expect.stringMatching(
        /^resources\[1\] \(athenaTable 'runs'\): columns\[0\]\.type: 'strin g' is not a Hive type/,
      ),
      "resources[1] (athenaTable 'runs'): location: expected an s3://bucket/prefix/ URI",
      'resources[1] (athenaTable \'runs\'): format: expected one of json, parquet, csv, got "orc"',
    ]);
    expect(
      problems([
        runs({
          columns: [
            { name: 'a', type: 'int' },
            { name: 'A', type: 'int' },
          ],
          partitionKeys: [{ name: 'a' }],
        }),
      ]),
    ).toEqual([
      "resources[0] (athenaTable 'runs'): partitionKeys[0].name: 'a' is also a column; a partition key comes from the folder names, so remove it from columns",
      "resources[0] (athenaTable 'runs'): columns[1].name: 'A' is listed twice",
    ]);
  });

  it('synthesizes a Glue database and tables with the SerDe and formats of each format', () => {
    const all = [
      { kind: 'athenaDatabase', name: 'analytics', description: 'run results' },
      runs({ partitionKeys: [{ name: 'day' }] }),
      runs({ name: 'features', format: 'parquet', location: 's3://lake/features/' }),
      scores(),
    ];
    // The tables' database is synthesized apart, so they name it by name.
    expect(template(all.slice(0, 1)).Resources).toEqual({
      AnalyticsGlueDatabase: {
        Type: 'AWS::Glue::Database',
        Properties: {
          CatalogId: { Ref: 'AWS::AccountId' },
          DatabaseInput: { Name: 'analytics', Description: 'run results' },
        },
      },
    });
    const t = template(all.slice(1));
    expect(Object.keys(t.Resources)).toEqual([
      'AnalyticsRunsGlueTable',
      'AnalyticsFeaturesGlueTable',
      'AnalyticsScoresGlueTable',
    ]);
    expect(t.Resources.AnalyticsRunsGlueTable?.Properties).toEqual({
      CatalogId: { Ref: 'AWS::AccountId' },
      DatabaseName: 'analytics',
      TableInput: {
        Name: 'runs',
        TableType: 'EXTERNAL_TABLE',
        Parameters: { EXTERNAL: 'TRUE', classification: 'json' },
        PartitionKeys: [{ Name: 'day', Type: 'string' }],
        StorageDescriptor: {
          Columns: [
            { Name: 'run_id', Type: 'string' },
            { Name: 'score', Type: 'double' },
          ],
          Location: 's3://lake/runs/',
          InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', Parameters: {} },
        },
      },
    });
    const parquet = t.Resources.AnalyticsFeaturesGlueTable?.Properties?.TableInput as any;
    expect(parquet.StorageDescriptor).toMatchObject({
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      SerdeInfo: {
        SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
      },
    });
    const csv = t.Resources.AnalyticsScoresGlueTable?.Properties?.TableInput as any;
    expect(csv.Parameters).toEqual({
      EXTERNAL: 'TRUE',
      classification: 'csv',
      'skip.header.line.count': '1',
    });
    expect(csv.StorageDescriptor.SerdeInfo).toEqual({
      SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      Parameters: { 'field.delim': ',', 'serialization.format': ',' },
    });
    const linked = synthOne(all, 1, { 'athenaDatabase:analytics': 'AnalyticsGlueDatabase' }).part;
    expect(linked.resources.Self?.Properties?.DatabaseName).toEqual({
      Ref: 'AnalyticsGlueDatabase',
    });
  });
});
