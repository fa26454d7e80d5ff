import type { ItemReader } from '../../asl/index.js';
import { StatesError, evaluateJsonataTemplate, evaluatePayload } from '../../asl/index.js';
import { isPlainObject } from '../../core/index.js';
import type { ObjectAccess } from '../deps.js';
import type { StateScope } from '../state-io.js';
import { jsonataBindings, pathScope } from '../state-io.js';

/**
 * The distributed Map's ItemReader: items from an S3 object listing, or from
 * one object read as JSON, JSON lines, CSV or an S3 inventory-style manifest.
 * Yields items one at a time so 100,000 items never sit in memory twice.
 */
export async function* readItems(
  scope: StateScope,
  reader: ItemReader,
  objects: ObjectAccess | undefined,
): AsyncGenerator<unknown> {
  if (!objects)
    throw new StatesError(
      'States.ItemReaderFailed',
      'ItemReader needs S3, which is not wired into this engine',
    );
  const params = await readerParameters(scope, reader);
  const bucket = text(params.Bucket);
  const config = reader.ReaderConfig ?? {};
  const max = typeof config.MaxItems === 'number' ? config.MaxItems : Number.POSITIVE_INFINITY;
  let count = 0;
  const source = reader.Resource.endsWith(':listObjectsV2')
    ? listing(objects, bucket, text(params.Prefix))
    : objectItems(objects, bucket, text(params.Key), config);
  for await (const item of source) {
    if (count >= max) return;
    count += 1;
    yield item;
  }
}

/** A parameter as text ('' when absent). */
export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

async function readerParameters(
  scope: StateScope,
  reader: ItemReader,
): Promise<Record<string, unknown>> {
  const template = scope.language === 'JSONata' ? reader.Arguments : reader.Parameters;
  if (template === undefined) return {};
  const value =
    scope.language === 'JSONata'
      ? await evaluateJsonataTemplate(template, jsonataBindings(scope), 'ItemReader/Arguments')
      : evaluatePayload(template, pathScope(scope, scope.rawInput), 'ItemReader.Parameters');
  return isPlainObject(value) ? value : {};
}

async function* listing(
  objects: ObjectAccess,
  bucket: string,
  prefix: string,
): AsyncGenerator<unknown> {
  try {
    for await (const entry of objects.listObjects(bucket, prefix)) yield entry;
  } catch (err) {
    throw new StatesError(
      'States.ItemReaderFailed',
      `listing s3://${bucket}/${prefix} failed: ${(err as Error).message}`,
    );
  }
}

async function* objectItems(
  objects: ObjectAccess,
  bucket: string,
  key: string,
  config: NonNullable<ItemReader['ReaderConfig']>,
): AsyncGenerator<unknown> {
  let text: string;
  try {
    text = (await objects.getObject(bucket, key)).toString('utf8');
  } catch (err) {
    throw new StatesError(
      'States.ItemReaderFailed',
      `reading s3://${bucket}/${key} failed: ${(err as Error).message}`,
    );
  }
  const type = config.InputType ?? 'JSON';
  if (type === 'JSON') {
    const parsed = parseOrFail(text, bucket, key);
    if (!Array.isArray(parsed))
      throw new StatesError(
        'States.ItemReaderFailed',
        `s3://${bucket}/${key} must hold a JSON array of items`,
      );
    yield* parsed;
  } else if (type === 'JSONL') {
    for (const line of text.split('\n'))
      if (line.trim() !== '') yield parseOrFail(line, bucket, key);
  } else if (type === 'CSV') {
    yield* csvItems(text, config);
  } else if (type === 'MANIFEST') {
    for (const row of parseCsv(text, ',')) {
      const [b, k] = row;
      if (b !== undefined && k !== undefined) yield { Bucket: b, Key: k };
    }
  } else {
    throw new StatesError(
      'States.ItemReaderFailed',
      `ReaderConfig.InputType '${String(type)}' is not supported locally (use JSON, JSONL, CSV or MANIFEST)`,
    );
  }
}

function parseOrFail(text: string, bucket: string, key: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new StatesError(
      'States.ItemReaderFailed',
      `s3://${bucket}/${key} is not valid JSON: ${(err as Error).message}`,
    );
  }
}

const DELIMITERS: Record<string, string> = {
  COMMA: ',',
  PIPE: '|',
  SEMICOLON: ';',
  SPACE: ' ',
  TAB: '\t',
};

function* csvItems(
  text: string,
  config: NonNullable<ItemReader['ReaderConfig']>,
): Generator<unknown> {
  const rows = parseCsv(text, DELIMITERS[config.CSVDelimiter ?? 'COMMA'] ?? ',');
  const headers = config.CSVHeaderLocation === 'GIVEN' ? (config.CSVHeaders ?? []) : rows.shift();
  if (!headers) return;
  for (const row of rows) {
    const item: Record<string, string> = {};
    headers.forEach((h, i) => (item[h] = row[i] ?? ''));
    yield item;
  }
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF; a trailing empty line is dropped. */
export function parseCsv(source: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
