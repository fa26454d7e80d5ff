import type { QueryLanguage } from './types.js';
import { expectObject, rejectBoth } from './validate-context.js';
import { at, type DiagnosticCollector } from './validate-diagnostics.js';
import {
  checkNumber,
  checkPathField,
  checkPayload,
  describe,
  type NumberRange,
  PathKind,
} from './validate-values.js';

/**
 * The blocks of a Distributed Map, described as tables: ItemReader (with its
 * ReaderConfig), ItemBatcher and ResultWriter (with its WriterConfig). Each
 * field says in which language it exists and how its value is checked.
 */

type FieldRule =
  | { check: 'string' | 'payload' | 'referencePath' | 'stringArray' }
  | { check: 'enum'; values: readonly string[] }
  | { check: 'number'; range: NumberRange }
  | { check: 'block'; block: Block };

interface BlockField {
  lang: 'both' | QueryLanguage;
  rule: FieldRule;
}

/** A block's fields and cross-field rules. */
export interface Block {
  name: string;
  fields: Record<string, BlockField>;
  /** Pairs of a value and its Path form: at most one of each pair. */
  exclusive?: readonly (readonly [string, string])[];
  /** Rules across fields, reported at the block's location. */
  extra?: (block: Record<string, unknown>, location: string, out: DiagnosticCollector) => void;
}

const both = (rule: FieldRule): BlockField => ({ lang: 'both', rule });
const jsonPath = (rule: FieldRule): BlockField => ({ lang: 'JSONPath', rule });
const jsonata = (rule: FieldRule): BlockField => ({ lang: 'JSONata', rule });
const int = (min: number, max: number): FieldRule => ({
  check: 'number',
  range: { integer: true, min, max },
});
const oneOf = (...values: string[]): FieldRule => ({ check: 'enum', values });

/** ProcessorConfig: where a Map's processor runs. */
export const PROCESSOR_CONFIG: Block = {
  name: 'ProcessorConfig',
  fields: {
    Mode: both(oneOf('INLINE', 'DISTRIBUTED')),
    ExecutionType: both(oneOf('STANDARD', 'EXPRESS')),
  },
  extra: (config, location, out) => {
    const distributed = config.Mode === 'DISTRIBUTED';
    if (distributed && !('ExecutionType' in config)) {
      out.schema('A DISTRIBUTED processor needs an ExecutionType: STANDARD or EXPRESS.', location);
    } else if (!distributed && 'ExecutionType' in config) {
      out.schema(
        'ExecutionType applies only when Mode is DISTRIBUTED; remove it or set "Mode": "DISTRIBUTED".',
        location,
      );
    }
  },
};

const READER_CONFIG: Block = {
  name: 'ReaderConfig',
  fields: {
    InputType: both(oneOf('CSV', 'JSON', 'JSONL', 'MANIFEST', 'PARQUET')),
    CSVHeaderLocation: both(oneOf('FIRST_ROW', 'GIVEN')),
    CSVHeaders: both({ check: 'stringArray' }),
    CSVDelimiter: both(oneOf('COMMA', 'PIPE', 'SEMICOLON', 'SPACE', 'TAB')),
    MaxItems: both(int(1, 100_000_000)),
    MaxItemsPath: jsonPath({ check: 'referencePath' }),
  },
  exclusive: [['MaxItems', 'MaxItemsPath']],
  extra: (config, location, out) => {
    if (config.CSVHeaderLocation === 'GIVEN' && !Array.isArray(config.CSVHeaders)) {
      out.schema(
        'CSVHeaderLocation GIVEN needs CSVHeaders: the column names as an array of strings.',
        location,
      );
    }
  },
};

/** ItemReader: where a Distributed Map reads its items. */
export const ITEM_READER: Block = {
  name: 'ItemReader',
  fields: {
    Resource: both({ check: 'string' }),
    Parameters: jsonPath({ check: 'payload' }),
    Arguments: jsonata({ check: 'payload' }),
    ReaderConfig: both({ check: 'block', block: READER_CONFIG }),
  },
  extra: (reader, location, out) => {
    if ('Resource' in reader) return;
    out.schema(
      'These fields are required: [Resource]. Name the reader, for example arn:aws:states:::s3:getObject.',
      location,
    );
  },
};

const BATCH_LIMITS = [
  'MaxItemsPerBatch',
  'MaxItemsPerBatchPath',
  'MaxInputBytesPerBatch',
  'MaxInputBytesPerBatchPath',
];

/** ItemBatcher: how a Distributed Map groups items into batches. */
export const ITEM_BATCHER: Block = {
  name: 'ItemBatcher',
  fields: {
    MaxItemsPerBatch: both(int(1, 100_000_000)),
    MaxItemsPerBatchPath: jsonPath({ check: 'referencePath' }),
    MaxInputBytesPerBatch: both(int(1, 262_144)),
    MaxInputBytesPerBatchPath: jsonPath({ check: 'referencePath' }),
    BatchInput: both({ check: 'payload' }),
  },
  exclusive: [
    ['MaxItemsPerBatch', 'MaxItemsPerBatchPath'],
    ['MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath'],
  ],
  extra: (batcher, location, out) => {
    if (BATCH_LIMITS.some((field) => field in batcher)) return;
    out.schema(
      'ItemBatcher needs at least one of MaxItemsPerBatch and MaxInputBytesPerBatch (or their Path forms).',
      location,
    );
  },
};

const WRITER_CONFIG: Block = {
  name: 'WriterConfig',
  fields: {
    OutputType: both(oneOf('JSON', 'JSONL')),
    Transformation: both(oneOf('NONE', 'COMPACT', 'FLATTEN')),
  },
};

/** ResultWriter: where a Distributed Map writes its results. */
export const RESULT_WRITER: Block = {
  name: 'ResultWriter',
  fields: {
    Resource: both({ check: 'string' }),
    Parameters: jsonPath({ check: 'payload' }),
    Arguments: jsonata({ check: 'payload' }),
    WriterConfig: both({ check: 'block', block: WRITER_CONFIG }),
  },
  extra: (writer, location, out) => {
    if ('Resource' in writer || 'WriterConfig' in writer) return;
    out.schema(
      'ResultWriter needs a Resource (arn:aws:states:::s3:putObject) or a WriterConfig.',
      location,
    );
  },
};

/** Checks `value` as the block `block` of a state in `language`. */
export function checkBlock(
  value: unknown,
  block: Block,
  language: QueryLanguage,
  location: string,
  out: DiagnosticCollector,
): void {
  const object = expectObject(value, block.name, location, out);
  if (object === undefined) return;
  for (const [field, item] of Object.entries(object)) {
    const spec = block.fields[field];
    if (spec === undefined) {
      const allowed = Object.keys(block.fields).join(', ');
      out.schema(
        `Field '${field}' is not supported in ${block.name}. Allowed: ${allowed}.`,
        location,
      );
    } else if (spec.lang !== 'both' && spec.lang !== language) {
      out.schema(
        `The QueryLanguage is set to '${language}', but field '${field}' is only supported for the '${spec.lang}' QueryLanguage.`,
        location,
      );
    } else {
      checkBlockField(item, spec.rule, field, language, at(location, field), out);
    }
  }
  for (const [a, b] of block.exclusive ?? []) rejectBoth(object, a, b, location, out);
  block.extra?.(object, location, out);
}

function checkBlockField(
  value: unknown,
  rule: FieldRule,
  field: string,
  language: QueryLanguage,
  location: string,
  out: DiagnosticCollector,
): void {
  switch (rule.check) {
    case 'string':
      if (typeof value !== 'string') {
        out.schema(
          `Expected value of type [STRING] for ${field}, got ${describe(value)}.`,
          location,
        );
      }
      return;
    case 'stringArray':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
        out.schema(`${field} must be an array of strings, got ${describe(value)}.`, location);
      }
      return;
    case 'enum':
      checkEnum(value, rule.values, field, location, out);
      return;
    case 'number':
      checkNumber(value, rule.range, language, field, location, out);
      return;
    case 'referencePath':
      checkPathField(value, PathKind.REFERENCE, field, location, out);
      return;
    case 'payload':
      checkPayload(value, language, field, location, out);
      return;
    case 'block':
      checkBlock(value, rule.block, language, location, out);
      return;
  }
}

/** Checks an optional enum value; returns it when valid. */
function checkEnum(
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
