import { isPlainObject } from '../core/index.js';
import { rejectBoth, type ValidationContext } from './validate-context.js';
import { at, DiagnosticCode, type DiagnosticCollector } from './validate-diagnostics.js';
import type { StateSubject } from './validate-fields.js';
import { checkJsonataValue } from './validate-jsonata.js';
import {
  checkBlock,
  ITEM_BATCHER,
  ITEM_READER,
  PROCESSOR_CONFIG,
  RESULT_WRITER,
} from './validate-map-blocks.js';
import { describe } from './validate-values.js';

/**
 * Map states: the item processor (or the older Iterator) and its
 * ProcessorConfig, Items, and the Distributed Map blocks (ItemReader,
 * ItemBatcher, ResultWriter, tolerated failures, Label).
 */

const DISTRIBUTED_ONLY = [
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
  'Label',
];
// Whitespace, brackets, wildcards, special and control characters (AWS's name rules).
// eslint-disable-next-line no-control-regex
const LABEL_FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

/** Checks a Map state's own rules; the processor's states are checked as a nested machine. */
export function checkMap(subject: StateSubject, ctx: ValidationContext): void {
  const { state, location, language } = subject;
  const out = ctx.out;
  const mode = checkProcessor(state, location, ctx);
  for (const [a, b] of [
    ['MaxConcurrency', 'MaxConcurrencyPath'],
    ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath'],
    ['ToleratedFailureCount', 'ToleratedFailureCountPath'],
    ['ItemSelector', 'Parameters'],
    ['Items', 'ItemsPath'],
  ] as const) {
    rejectBoth(state, a, b, location, out);
  }
  if (mode !== 'DISTRIBUTED') warnDistributedOnly(state, location, out);
  if ('Items' in state && language === 'JSONata')
    checkItems(state.Items, at(location, 'Items'), out);
  if ('Label' in state) checkLabel(state.Label, at(location, 'Label'), ctx);
  for (const block of [ITEM_READER, ITEM_BATCHER, RESULT_WRITER]) {
    if (block.name in state) {
      checkBlock(state[block.name], block, language, at(location, block.name), out);
    }
  }
}

/** Checks ItemProcessor / Iterator and returns the processor's mode. */
function checkProcessor(
  state: Record<string, unknown>,
  location: string,
  ctx: ValidationContext,
): string {
  const field =
    'ItemProcessor' in state ? 'ItemProcessor' : 'Iterator' in state ? 'Iterator' : undefined;
  if (field === undefined) {
    ctx.out.schema(
      'These fields are required: [ItemProcessor]. Add the states each item runs through: {"StartAt": ..., "States": {...}} (Iterator is its older name).',
      location,
    );
    return 'INLINE';
  }
  if (rejectBoth(state, 'ItemProcessor', 'Iterator', location, ctx.out)) return 'INLINE';
  const loc = at(location, field);
  const processor = state[field];
  let mode = 'INLINE';
  if (isPlainObject(processor) && 'ProcessorConfig' in processor) {
    const config = processor.ProcessorConfig;
    checkBlock(config, PROCESSOR_CONFIG, 'JSONPath', at(loc, 'ProcessorConfig'), ctx.out);
    if (isPlainObject(config) && config.Mode === 'DISTRIBUTED') mode = 'DISTRIBUTED';
  }
  ctx.checkSubMachine(processor, loc, 'processor');
  return mode;
}

function warnDistributedOnly(
  state: Record<string, unknown>,
  location: string,
  out: DiagnosticCollector,
): void {
  for (const field of DISTRIBUTED_ONLY) {
    if (!(field in state)) continue;
    out.warn(
      DiagnosticCode.SCHEMA_VALIDATION_FAILED,
      `${field} applies only to a Distributed Map; set "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"} in the ItemProcessor, or remove ${field}.`,
      at(location, field),
    );
  }
}

function checkItems(value: unknown, location: string, out: DiagnosticCollector): void {
  if (Array.isArray(value) || (typeof value === 'string' && value.startsWith('{%'))) {
    checkJsonataValue(value, location, out);
    return;
  }
  out.schema(
    `Items must be an array or a "{% ... %}" expression that yields one, got ${describe(value)}.`,
    location,
  );
}

function checkLabel(value: unknown, location: string, ctx: ValidationContext): void {
  if (typeof value !== 'string') {
    ctx.out.schema(`Expected value of type [STRING] for Label, got ${describe(value)}.`, location);
    return;
  }
  if (value.length === 0 || value.length > 40 || LABEL_FORBIDDEN.test(value)) {
    ctx.out.error(
      DiagnosticCode.INVALID_LABEL_NAME,
      `Label '${value}' is invalid: it must be 1 to 40 characters without whitespace, brackets, wildcards or the characters " # % \\ ^ | ~ \` $ & , ; : /.`,
      location,
    );
    return;
  }
  const first = ctx.labels.get(value);
  if (first !== undefined) {
    ctx.out.error(
      DiagnosticCode.DUPLICATE_LABEL_NAME,
      `Duplicate Label name: ${value} (also at ${first}). Give each Map a distinct Label.`,
      location,
    );
  } else ctx.labels.set(value, location);
}
