/**
 * Hyperparameters as SageMaker passes them (a map of strings, e.g.
 * `{"max_depth": "6", "eta": "0.1"}`) validated and converted into the
 * options of each built-in algorithm. Numbers and booleans are accepted as
 * well, for callers holding JSON.
 */
import { ModelmillError } from '../core/index.js';
import type { AlgorithmName } from './algorithms.js';
import { AlgorithmNames } from './algorithms.js';
import { HYPERPARAMETER_SPECS } from './hyperparameter-specs.js';
import type { HyperparameterSpec } from './hyperparameter-spec.js';

/** A raw hyperparameter map (SageMaker: all strings). */
export type RawHyperparameters = Readonly<
  Record<string, string | number | boolean | null | undefined>
>;

/** A compiled value: numbers, booleans, enum strings; null for "unlimited"/"None". */
export type HyperparameterValue = number | boolean | string | null;

/** Validated hyperparameters of one algorithm. */
export interface CompiledHyperparameters {
  algorithm: AlgorithmName;
  /** Every hyperparameter by canonical name, defaults filled in (the values the model records). */
  values: Record<string, HyperparameterValue>;
  /** The same values keyed by the algorithm's option names, ready for its fit function. */
  options: Record<string, unknown>;
}

/** The hyperparameters an algorithm accepts, with aliases, ranges and defaults. */
export function describeHyperparameters(algorithm: AlgorithmName): readonly HyperparameterSpec[] {
  return HYPERPARAMETER_SPECS[algorithm];
}

/**
 * Validates and converts `raw` for `algorithm`; throws ValidationException
 * naming the hyperparameter, the allowed values and the value given, for an
 * unknown name, a name given twice (through aliases) or a bad value.
 */
export function compileHyperparameters(
  algorithm: string,
  raw: RawHyperparameters = {},
): CompiledHyperparameters {
  if (!(AlgorithmNames as readonly string[]).includes(algorithm)) {
    throw new ModelmillError(
      'ValidationException',
      `Unknown algorithm "${algorithm}"; use one of ${AlgorithmNames.join(', ')}.`,
    );
  }
  const name = algorithm as AlgorithmName;
  const specs = HYPERPARAMETER_SPECS[name];
  const byName = new Map<string, HyperparameterSpec>();
  for (const spec of specs)
    for (const n of [spec.name, ...(spec.aliases ?? [])]) byName.set(n, spec);
  const given = new Map<HyperparameterSpec, string>();
  const values: Record<string, HyperparameterValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const spec = byName.get(key);
    if (!spec) {
      const accepted = specs.map((s) => [s.name, ...(s.aliases ?? [])].join('/')).join(', ');
      throw new ModelmillError(
        'ValidationException',
        `Unknown hyperparameter "${key}" for algorithm "${name}". Accepted: ${accepted}.`,
      );
    }
    const previous = given.get(spec);
    if (previous !== undefined) {
      throw new ModelmillError(
        'ValidationException',
        `Hyperparameter "${spec.name}" of algorithm "${name}" is given twice, as "${previous}" and "${key}"; keep one.`,
      );
    }
    given.set(spec, key);
    values[spec.name] = parseValue(name, key, spec, value);
  }
  const options: Record<string, unknown> = {};
  for (const spec of specs) {
    if (!(spec.name in values)) values[spec.name] = spec.default;
    const v = values[spec.name];
    if (spec.key !== undefined && v !== null && v !== undefined) options[spec.key] = v;
  }
  return { algorithm: name, values, options };
}

function parseValue(
  algorithm: string,
  key: string,
  spec: HyperparameterSpec,
  value: string | number | boolean | null,
): HyperparameterValue {
  const fail = (): never => {
    throw new ModelmillError(
      'ValidationException',
      `Hyperparameter "${key}" of algorithm "${algorithm}" must be ${allowed(spec)}; got ${JSON.stringify(value)}. Fix the value in the hyperparameters map.`,
    );
  };
  const text = typeof value === 'string' ? value.trim() : value;
  if (
    spec.nullable &&
    (text === null || text === '' || (typeof text === 'string' && /^(none|null)$/i.test(text)))
  )
    return null;
  if (spec.kind === 'bool') {
    if (typeof text === 'boolean') return text;
    if (typeof text === 'string' && /^(true|1)$/i.test(text)) return true;
    if (typeof text === 'string' && /^(false|0)$/i.test(text)) return false;
    return fail();
  }
  if (
    spec.kind === 'enum' ||
    (spec.kind === 'number-or-enum' && typeof text === 'string' && spec.values?.includes(text))
  ) {
    return typeof text === 'string' && spec.values?.includes(text) ? text : fail();
  }
  const n =
    typeof text === 'number' ? text : typeof text === 'string' && text !== '' ? Number(text) : NaN;
  if (!Number.isFinite(n)) return fail();
  if (spec.kind === 'int' && !Number.isInteger(n)) return fail();
  if (spec.min !== undefined && (spec.minExclusive ? n <= spec.min : n < spec.min)) return fail();
  if (spec.max !== undefined && n > spec.max) return fail();
  return n;
}

function allowed(spec: HyperparameterSpec): string {
  const range =
    spec.min !== undefined || spec.max !== undefined
      ? ` in ${spec.minExclusive ? '(' : '['}${spec.min ?? '-inf'}, ${spec.max ?? 'inf'}]`
      : '';
  const none = spec.nullable ? ' (or "None" for no limit)' : '';
  switch (spec.kind) {
    case 'bool':
      return 'a boolean ("true" or "false")';
    case 'enum':
      return `one of ${(spec.values ?? []).map((v) => `"${v}"`).join(', ')}`;
    case 'number-or-enum':
      return `a number${range} or one of ${(spec.values ?? []).map((v) => `"${v}"`).join(', ')}`;
    case 'int':
      return `an integer${range}${none}`;
    default:
      return `a number${range}${none}`;
  }
}
