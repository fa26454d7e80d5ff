/**
 * The shape of a hyperparameter specification and small builders that keep
 * the algorithm tables (hyperparameter-specs.ts) one line per entry.
 */

/** One accepted hyperparameter. */
export interface HyperparameterSpec {
  name: string;
  aliases?: readonly string[];
  kind: 'int' | 'float' | 'bool' | 'enum' | 'number-or-enum';
  min?: number;
  /** True when `min` itself is not allowed. */
  minExclusive?: boolean;
  max?: number;
  values?: readonly string[];
  /** Accepts "None"/"null"/"" for "no limit" (compiled to null). */
  nullable?: boolean;
  default: number | boolean | string | null;
  /** Option name in the fit function; absent for accepted-but-informational names. */
  key?: string;
  description: string;
}

/** What a builder takes besides name, default, key and description. */
export type SpecExtras = Partial<
  Omit<HyperparameterSpec, 'name' | 'kind' | 'default' | 'key' | 'description'>
>;

type Default = HyperparameterSpec['default'];

function build(
  kind: HyperparameterSpec['kind'],
  name: string,
  value: Default,
  key: string | undefined,
  description: string,
  extras: SpecExtras,
): HyperparameterSpec {
  const spec: HyperparameterSpec = { name, kind, default: value, description, ...extras };
  if (key !== undefined) spec.key = key;
  return spec;
}

/** An integer hyperparameter. */
export const intSpec = (
  name: string,
  value: Default,
  key: string | undefined,
  description: string,
  extras: SpecExtras = {},
): HyperparameterSpec => build('int', name, value, key, description, extras);

/** A real-valued hyperparameter. */
export const floatSpec = (
  name: string,
  value: Default,
  key: string | undefined,
  description: string,
  extras: SpecExtras = {},
): HyperparameterSpec => build('float', name, value, key, description, extras);

/** A boolean hyperparameter ("true"/"false"). */
export const boolSpec = (
  name: string,
  value: boolean,
  key: string,
  description: string,
): HyperparameterSpec => build('bool', name, value, key, description, {});

/** One of fixed strings. */
export const enumSpec = (
  name: string,
  values: readonly string[],
  key: string | undefined,
  description: string,
  extras: SpecExtras = {},
): HyperparameterSpec =>
  build('enum', name, null, key, description, { values, nullable: true, ...extras });

/** `fit_intercept`, shared by the linear models. */
export const FIT_INTERCEPT = boolSpec(
  'fit_intercept',
  true,
  'fitIntercept',
  'Fit an intercept term.',
);

/** `seed` / `random_state`, shared by the randomised algorithms. */
export const SEED = intSpec('seed', 0, 'seed', 'Seed of all randomness.', {
  aliases: ['random_state'],
  min: 0,
  max: 2 ** 32 - 1,
});

/** `max_bins`, shared by the tree algorithms. */
export const MAX_BINS = intSpec('max_bins', 255, 'maxBins', 'Bins per feature.', {
  aliases: ['max_bin'],
  min: 2,
  max: 255,
});
