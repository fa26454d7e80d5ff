import type { Random } from '../../ml/index.js';
import { validation } from './names.js';
import type { ParameterRanges } from './types.js';

/**
 * A tuning job's search space: continuous ranges (Linear, Logarithmic or
 * ReverseLogarithmic scaling; Auto means Linear here), integer ranges
 * (Linear or Logarithmic) and categorical values, each mapped to the unit
 * interval so the strategies work in one space. Values leave as strings, as
 * hyperparameters are.
 */

/** One searched hyperparameter. */
export type SearchParam =
  | {
      kind: 'continuous' | 'integer';
      name: string;
      min: number;
      max: number;
      scaling: 'Linear' | 'Logarithmic' | 'ReverseLogarithmic';
    }
  | { kind: 'categorical'; name: string; values: string[] };

/** A point: hyperparameter name → value. */
export type Point = Record<string, string>;

function number(text: unknown, field: string): number {
  const value = typeof text === 'string' && text.trim() !== '' ? Number(text) : NaN;
  if (!Number.isFinite(value))
    throw validation(`${field} must be a number written as a string (got ${JSON.stringify(text)})`);
  return value;
}

function numeric(
  range: { Name: string; MinValue: string; MaxValue: string; ScalingType?: string },
  kind: 'continuous' | 'integer',
  where: string,
): SearchParam {
  const min = number(range.MinValue, `${where} '${range.Name}' MinValue`);
  const max = number(range.MaxValue, `${where} '${range.Name}' MaxValue`);
  if (kind === 'integer' && (!Number.isInteger(min) || !Number.isInteger(max))) {
    throw validation(
      `${where} '${range.Name}': MinValue and MaxValue must be integers (got ${range.MinValue}, ${range.MaxValue})`,
    );
  }
  if (!(min <= max))
    throw validation(`${where} '${range.Name}': MinValue ${min} must not exceed MaxValue ${max}`);
  const scaling =
    range.ScalingType === undefined || range.ScalingType === 'Auto' ? 'Linear' : range.ScalingType;
  if (scaling === 'Logarithmic' && !(min > 0)) {
    throw validation(
      `${where} '${range.Name}': Logarithmic scaling needs MinValue greater than 0 (got ${min}); use Linear scaling or raise MinValue`,
    );
  }
  if (scaling === 'ReverseLogarithmic' && (kind === 'integer' || !(min >= 0 && max < 1))) {
    throw validation(
      `${where} '${range.Name}': ReverseLogarithmic scaling is for continuous ranges within [0, 1) (got ${min} to ${max}${kind === 'integer' ? ', an integer range' : ''})`,
    );
  }
  if (scaling !== 'Linear' && scaling !== 'Logarithmic' && scaling !== 'ReverseLogarithmic') {
    throw validation(
      `${where} '${range.Name}': ScalingType '${scaling}' is not one of Auto, Linear, Logarithmic, ReverseLogarithmic`,
    );
  }
  return { kind, name: range.Name, min, max, scaling };
}

/** Compiles the ranges; ValidationException for a bad range, a name given twice, or ranges Grid cannot search. */
export function compileSearchSpace(
  ranges: ParameterRanges | undefined,
  strategy: string,
): SearchParam[] {
  const params: SearchParam[] = [
    ...(ranges?.ContinuousParameterRanges ?? []).map((r) =>
      numeric(r, 'continuous', 'ContinuousParameterRanges'),
    ),
    ...(ranges?.IntegerParameterRanges ?? []).map((r) =>
      numeric(r, 'integer', 'IntegerParameterRanges'),
    ),
    ...(ranges?.CategoricalParameterRanges ?? []).map((r): SearchParam => {
      if (
        !Array.isArray(r.Values) ||
        r.Values.length === 0 ||
        r.Values.some((v) => typeof v !== 'string')
      ) {
        throw validation(
          `CategoricalParameterRanges '${r.Name}' needs Values: a non-empty list of strings`,
        );
      }
      return { kind: 'categorical', name: r.Name, values: [...r.Values] };
    }),
  ];
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.name))
      throw validation(
        `Hyperparameter '${p.name}' appears in more than one parameter range; give it once`,
      );
    seen.add(p.name);
  }
  if (strategy === 'Grid' && params.some((p) => p.kind !== 'categorical')) {
    throw validation(
      'The Grid strategy searches categorical parameter ranges only: turn the continuous and integer ranges into CategoricalParameterRanges, or use Random or Bayesian',
    );
  }
  return params;
}

/** The value at unit coordinate `u` (0..1). */
export function fromUnit(p: SearchParam, u: number): string {
  const t = Math.min(1, Math.max(0, u));
  if (p.kind === 'categorical')
    return p.values[Math.min(p.values.length - 1, Math.floor(t * p.values.length))] as string;
  let value: number;
  if (p.scaling === 'Logarithmic')
    value = Math.exp(Math.log(p.min) + t * (Math.log(p.max) - Math.log(p.min)));
  else if (p.scaling === 'ReverseLogarithmic')
    value = 1 - Math.exp(Math.log(1 - p.min) + t * (Math.log(1 - p.max) - Math.log(1 - p.min)));
  else value = p.min + t * (p.max - p.min);
  if (p.kind === 'integer') return String(Math.min(p.max, Math.max(p.min, Math.round(value))));
  return String(Math.min(p.max, Math.max(p.min, value)));
}

/** The unit coordinate of a value (categoricals: the middle of their slot). */
export function toUnit(p: SearchParam, text: string): number {
  if (p.kind === 'categorical')
    return (Math.max(0, p.values.indexOf(text)) + 0.5) / p.values.length;
  const v = Number(text);
  if (p.max === p.min) return 0.5;
  if (p.scaling === 'Logarithmic')
    return (Math.log(v) - Math.log(p.min)) / (Math.log(p.max) - Math.log(p.min));
  if (p.scaling === 'ReverseLogarithmic')
    return (Math.log(1 - v) - Math.log(1 - p.min)) / (Math.log(1 - p.max) - Math.log(1 - p.min));
  return (v - p.min) / (p.max - p.min);
}

/** A point drawn uniformly in the scaled space. */
export function randomPoint(params: readonly SearchParam[], random: Random): Point {
  return Object.fromEntries(params.map((p) => [p.name, fromUnit(p, random.next())]));
}

/** How many points the grid has. */
export function gridSize(params: readonly SearchParam[]): number {
  return params.reduce((n, p) => n * (p.kind === 'categorical' ? p.values.length : 1), 1);
}

/** The `index`-th point of the grid (the last range varies fastest). */
export function gridPoint(params: readonly SearchParam[], index: number): Point {
  const point: Point = {};
  let rest = index;
  for (let i = params.length - 1; i >= 0; i -= 1) {
    const p = params[i] as SearchParam;
    if (p.kind !== 'categorical') continue;
    point[p.name] = p.values[rest % p.values.length] as string;
    rest = Math.floor(rest / p.values.length);
  }
  return Object.fromEntries(params.map((p) => [p.name, point[p.name] as string]));
}

/** A stable text key of a point, to recognise repeats. */
export function pointKey(point: Point): string {
  return JSON.stringify(
    Object.keys(point)
      .sort()
      .map((k) => [k, point[k]]),
  );
}
