import { z } from 'zod';
import { errorMessage, isS3Uri } from '../../core/index.js';
import type { Column, Table, TableInput } from '../../services/athena/index.js';
import { parseHiveType } from '../../services/athena/index.js';
import { athenaName } from './athena-database.js';

/**
 * The `athenaTable` spec and the Glue TableInput it stands for: columns and
 * partition keys with Hive types, a location, and a format (`json`,
 * `parquet`, `csv`) that picks the SerDe and input/output formats Athena
 * reads that format with.
 */

const TEXT_INPUT = 'org.apache.hadoop.mapred.TextInputFormat';
const TEXT_OUTPUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

/** The SerDe, input/output formats and default SerDe properties of each format. */
export const TABLE_FORMATS = {
  json: {
    SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
    InputFormat: TEXT_INPUT,
    OutputFormat: TEXT_OUTPUT,
    serdeDefaults: {} as Record<string, string>,
  },
  parquet: {
    SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serdeDefaults: { 'serialization.format': '1' } as Record<string, string>,
  },
  csv: {
    SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
    InputFormat: TEXT_INPUT,
    OutputFormat: TEXT_OUTPUT,
    serdeDefaults: { 'field.delim': ',', 'serialization.format': ',' } as Record<string, string>,
  },
} as const;

const hiveType = z.string().check((ctx) => {
  try {
    parseHiveType(ctx.value);
  } catch (err) {
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: `'${ctx.value}' is not a Hive type (string, bigint, double, boolean, timestamp, array<string>, struct<a:int>, ...): ${errorMessage(err)}`,
    });
  }
});

const columnSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,255}$/, 'a column name is letters, digits and underscores'),
  type: hiveType,
  comment: z.string().max(255).optional(),
});

/** The `athenaTable` schema. */
export const athenaTableSchema = z
  .strictObject({
    kind: z.literal('athenaTable'),
    /** 1-255 lowercase letters, digits and underscores. */
    name: athenaName,
    /** The database (an athenaDatabase declared before the table, or one that exists). */
    database: athenaName,
    /** The columns, with Hive types. */
    columns: z.array(columnSchema).min(1, 'a table needs at least one column'),
    /** Hive partition keys (`year=2024/` folders), in order. Default none. */
    partitionKeys: z.array(columnSchema.extend({ type: hiveType.default('string') })).default([]),
    /** Where the files are: `s3://bucket/prefix/` (a trailing `/` is added). */
    location: z
      .string()
      .refine(isS3Uri, 'expected an s3://bucket/prefix/ URI')
      .transform((uri) => (uri.endsWith('/') ? uri : `${uri}/`)),
    /** json (JSON lines), parquet, or csv (comma-delimited text). */
    format: z.enum(['json', 'parquet', 'csv']),
    /** SerDe properties, over the format's defaults (e.g. `field.delim`, `ignore.malformed.json`). */
    serdeProperties: z.record(z.string().min(1), z.string()).default({}),
    /** Table properties (e.g. `skip.header.line.count`, `projection.*`). */
    tableProperties: z.record(z.string().min(1), z.string()).default({}),
    description: z.string().max(2048).optional(),
  })
  .superRefine((spec, ctx) => {
    const columns = new Set(spec.columns.map((c) => c.name.toLowerCase()));
    spec.partitionKeys.forEach((key, i) => {
      if (columns.has(key.name.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: ['partitionKeys', i, 'name'],
          message: `'${key.name}' is also a column; a partition key comes from the folder names, so remove it from columns`,
        });
      }
    });
    const seen = new Set<string>();
    spec.columns.forEach((c, i) => {
      if (seen.has(c.name.toLowerCase()))
        ctx.addIssue({
          code: 'custom',
          path: ['columns', i, 'name'],
          message: `'${c.name}' is listed twice`,
        });
      seen.add(c.name.toLowerCase());
    });
  });

/** An Athena table spec. */
export type AthenaTableSpec = z.infer<typeof athenaTableSchema>;

function columnsOf(list: AthenaTableSpec['columns']): Column[] {
  return list.map((c) => ({
    Name: c.name,
    Type: c.type,
    ...(c.comment ? { Comment: c.comment } : {}),
  }));
}

/** The Glue TableInput of a spec. */
export function tableInputOf(spec: AthenaTableSpec): TableInput {
  const format = TABLE_FORMATS[spec.format];
  return {
    Name: spec.name,
    ...(spec.description === undefined ? {} : { Description: spec.description }),
    TableType: 'EXTERNAL_TABLE',
    Parameters: { EXTERNAL: 'TRUE', classification: spec.format, ...spec.tableProperties },
    PartitionKeys: columnsOf(spec.partitionKeys),
    StorageDescriptor: {
      Columns: columnsOf(spec.columns),
      Location: spec.location,
      InputFormat: format.InputFormat,
      OutputFormat: format.OutputFormat,
      SerdeInfo: {
        SerializationLibrary: format.SerializationLibrary,
        Parameters: { ...format.serdeDefaults, ...spec.serdeProperties },
      },
    },
  };
}

const text = (value: unknown) => JSON.stringify(value ?? null);
const shape = (columns: Column[] | undefined) =>
  (columns ?? []).map((c) => ({
    n: c.Name.toLowerCase(),
    t: (c.Type ?? '').toLowerCase(),
    c: c.Comment ?? '',
  }));

/** What differs between a catalog table and the spec. */
export function tableChanges(current: Table, spec: AthenaTableSpec): string[] {
  const wanted = tableInputOf(spec);
  const sd = current.StorageDescriptor ?? {};
  const next = wanted.StorageDescriptor ?? {};
  const checks: Array<[string, unknown, unknown]> = [
    ['columns', shape(sd.Columns), shape(next.Columns)],
    ['partitionKeys', shape(current.PartitionKeys), shape(wanted.PartitionKeys)],
    ['location', sd.Location, next.Location],
    [
      'format',
      [sd.SerdeInfo?.SerializationLibrary, sd.InputFormat, sd.OutputFormat],
      [next.SerdeInfo?.SerializationLibrary, next.InputFormat, next.OutputFormat],
    ],
    [
      'serdeProperties',
      sortedEntries(sd.SerdeInfo?.Parameters),
      sortedEntries(next.SerdeInfo?.Parameters),
    ],
    ['tableProperties', sortedEntries(current.Parameters), sortedEntries(wanted.Parameters)],
    ['description', current.Description ?? '', wanted.Description ?? ''],
  ];
  return checks.filter(([, a, b]) => text(a) !== text(b)).map(([name]) => name);
}

/** True when the partition keys differ in name or number (not only in type). */
export function partitionLayoutChanged(current: Table, spec: AthenaTableSpec): boolean {
  const now = (current.PartitionKeys ?? []).map((k) => k.Name.toLowerCase());
  const next = spec.partitionKeys.map((k) => k.name.toLowerCase());
  return now.join('/') !== next.join('/');
}

function sortedEntries(map: Record<string, string> | undefined): Array<[string, string]> {
  return Object.entries(map ?? {}).sort(([a], [b]) => a.localeCompare(b));
}
