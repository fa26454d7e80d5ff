import type { QueryLanguage } from './types.js';
import { expectObject, rejectBoth } from './validate-context.js';
import { at, type DiagnosticCollector } from './validate-diagnostics.js';
import {
  checkNumber,
  checkPathField,
  checkPayload,
  describe,
  PathKind,
} from './validate-values.js';

/**
 * The blocks of a Distributed Map: ItemReader (and its ReaderConfig),
 * ItemBatcher and ResultWriter (and its WriterConfig).
 */

/** Checks an ItemReader block. */
export function checkItemReader(
  value: unknown,
  language: QueryLanguage,
  location: string,
  out: DiagnosticCollector,
): void {
  const reader = expectObject(value, 'ItemReader', location, out);
  if (reader === undefined) return;
  checkFields(
    reader,
    { Resource: 'both', Parameters: 'JSONPath', Arguments: 'JSONata', ReaderConfig: 'both' },
    language,
    'ItemReader',
    location,
    out,
  );
  if (!('Resource' in reader))
    out.schema(
      'These fields are required: [Resource]. Name the reader, for example arn:aws:states:::s3:getObject.',
      location,
    );
  else if (typeof reader.Resource !== 'string')
    out.schema(
      `Expected value of type [STRING] for Resource, got ${describe(reader.Resource)}.`,
      at(location, 'Resource'),
    );
  for (const field of ['Parameters', 'Arguments']) {
    if (field in reader) checkPayload(reader[field], language, field, at(location, field), out);
  }
  if (!('ReaderConfig' in reader)) return;
  const configLocation = at(location, 'ReaderConfig');
  const config = expectObject(reader.ReaderConfig, 'ReaderConfig', configLocation, out);
  if (config === undefined) return;
  const fields = {
    InputType: 'both',
    CSVHeaderLocation: 'both',
    CSVHeaders: 'both',
    CSVDelimiter: 'both',
    MaxItems: 'both',
    MaxItemsPath: 'JSONPath',
  } as const;
  checkFields(config, fields, language, 'ReaderConfig', configLocation, out);
  checkEnum(
    config.InputType,
    ['CSV', 'JSON', 'JSONL', 'MANIFEST', 'PARQUET'],
    'InputType',
    at(configLocation, 'InputType'),
    out,
  );
  const header = checkEnum(
    config.CSVHeaderLocation,
    ['FIRST_ROW', 'GIVEN'],
    'CSVHeaderLocation',
    at(configLocation, 'CSVHeaderLocation'),
    out,
  );
  checkEnum(
    config.CSVDelimiter,
    ['COMMA', 'PIPE', 'SEMICOLON', 'SPACE', 'TAB'],
    'CSVDelimiter',
    at(configLocation, 'CSVDelimiter'),
    out,
  );
  if (header === 'GIVEN' && !Array.isArray(config.CSVHeaders)) {
    out.schema(
      'CSVHeaderLocation GIVEN needs CSVHeaders: the column names as an array of strings.',
      configLocation,
    );
  }
  rejectBoth(config, 'MaxItems', 'MaxItemsPath', configLocation, out);
  if ('MaxItems' in config)
    checkNumber(
      config.MaxItems,
      { integer: true, min: 1, max: 100_000_000 },
      language,
      'MaxItems',
      at(configLocation, 'MaxItems'),
      out,
    );
  if ('MaxItemsPath' in config)
    checkPathField(
      config.MaxItemsPath,
      PathKind.REFERENCE,
      'MaxItemsPath',
      at(configLocation, 'MaxItemsPath'),
      out,
    );
}

/** Checks an ItemBatcher block. */
export function checkItemBatcher(
  value: unknown,
  language: QueryLanguage,
  location: string,
  out: DiagnosticCollector,
): void {
  const batcher = expectObject(value, 'ItemBatcher', location, out);
  if (batcher === undefined) return;
  const fields = {
    MaxItemsPerBatch: 'both',
    MaxItemsPerBatchPath: 'JSONPath',
    MaxInputBytesPerBatch: 'both',
    MaxInputBytesPerBatchPath: 'JSONPath',
    BatchInput: 'both',
  } as const;
  checkFields(batcher, fields, language, 'ItemBatcher', location, out);
  rejectBoth(batcher, 'MaxItemsPerBatch', 'MaxItemsPerBatchPath', location, out);
  rejectBoth(batcher, 'MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath', location, out);
  if (
    ![
      'MaxItemsPerBatch',
      'MaxItemsPerBatchPath',
      'MaxInputBytesPerBatch',
      'MaxInputBytesPerBatchPath',
    ].some((f) => f in batcher)
  ) {
    out.schema(
      'ItemBatcher needs at least one of MaxItemsPerBatch and MaxInputBytesPerBatch (or their Path forms).',
      location,
    );
  }
  if ('MaxItemsPerBatch' in batcher)
    checkNumber(
      batcher.MaxItemsPerBatch,
      { integer: true, min: 1, max: 100_000_000 },
      language,
      'MaxItemsPerBatch',
      at(location, 'MaxItemsPerBatch'),
      out,
    );
  if ('MaxInputBytesPerBatch' in batcher)
    checkNumber(
      batcher.MaxInputBytesPerBatch,
      { integer: true, min: 1, max: 262_144 },
      language,
      'MaxInputBytesPerBatch',
      at(location, 'MaxInputBytesPerBatch'),
      out,
    );
  for (const field of ['MaxItemsPerBatchPath', 'MaxInputBytesPerBatchPath']) {
    if (field in batcher)
      checkPathField(batcher[field], PathKind.REFERENCE, field, at(location, field), out);
  }
  if ('BatchInput' in batcher)
    checkPayload(batcher.BatchInput, language, 'BatchInput', at(location, 'BatchInput'), out);
}

/** Checks a ResultWriter block. */
export function checkResultWriter(
  value: unknown,
  language: QueryLanguage,
  location: string,
  out: DiagnosticCollector,
): void {
  const writer = expectObject(value, 'ResultWriter', location, out);
  if (writer === undefined) return;
  checkFields(
    writer,
    { Resource: 'both', Parameters: 'JSONPath', Arguments: 'JSONata', WriterConfig: 'both' },
    language,
    'ResultWriter',
    location,
    out,
  );
  if (!('Resource' in writer) && !('WriterConfig' in writer)) {
    out.schema(
      'ResultWriter needs a Resource (arn:aws:states:::s3:putObject) or a WriterConfig.',
      location,
    );
  }
  for (const field of ['Parameters', 'Arguments']) {
    if (field in writer) checkPayload(writer[field], language, field, at(location, field), out);
  }
  if (!('WriterConfig' in writer)) return;
  const configLocation = at(location, 'WriterConfig');
  const config = expectObject(writer.WriterConfig, 'WriterConfig', configLocation, out);
  if (config === undefined) return;
  checkFields(
    config,
    { OutputType: 'both', Transformation: 'both' },
    language,
    'WriterConfig',
    configLocation,
    out,
  );
  checkEnum(
    config.OutputType,
    ['JSON', 'JSONL'],
    'OutputType',
    at(configLocation, 'OutputType'),
    out,
  );
  checkEnum(
    config.Transformation,
    ['NONE', 'COMPACT', 'FLATTEN'],
    'Transformation',
    at(configLocation, 'Transformation'),
    out,
  );
}

/** Reports unknown and other-language fields of a block. */
export function checkFields(
  object: Record<string, unknown>,
  fields: Record<string, 'both' | QueryLanguage>,
  language: QueryLanguage,
  where: string,
  location: string,
  out: DiagnosticCollector,
): void {
  for (const field of Object.keys(object)) {
    const lang = fields[field];
    if (lang === undefined) {
      out.schema(
        `Field '${field}' is not supported in ${where}. Allowed: ${Object.keys(fields).join(', ')}.`,
        location,
      );
    } else if (lang !== 'both' && lang !== language) {
      out.schema(
        `The QueryLanguage is set to '${language}', but field '${field}' is only supported for the '${lang}' QueryLanguage.`,
        location,
      );
    }
  }
}

/** Checks an optional enum value; returns it when valid. */
export function checkEnum(
  value: unknown,
  values: readonly string[],
  field: string,
  location: string,
  out: DiagnosticCollector,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && values.includes(value)) return value;
  out.schema(
    `Value should be one of the following: [${values.join(', ')}]. ${field} is ${describe(value)}.`,
    location,
  );
  return undefined;
}
