import type { JsonNode } from './pattern-json.js';
import { PatternProblem, parsePositioned } from './pattern-json.js';
import type { PatternDialect, ScalarTest } from './pattern-operators.js';
import { compileOperator } from './pattern-operators.js';

/**
 * Event patterns compiled once into closures: an object pattern becomes a
 * conjunction of field matchers, a field's array a set of exact values plus
 * operator predicates. Matching follows EventBridge: a field matches when any
 * of the event's values there matches any of the pattern's; arrays in the
 * event are searched element by element, and fields matched inside an array
 * of objects must all come from the same element.
 */

/** A compiled pattern. */
export interface CompiledPattern {
  /** The pattern as given. */
  readonly text: string;
  /** True when `event` (parsed JSON) matches. */
  matches(event: unknown): boolean;
  /** The exact `source` values the pattern requires, or undefined when it does not pin them. */
  readonly sources: readonly string[] | undefined;
  /** The exact `detail-type` values the pattern requires, or undefined. */
  readonly detailTypes: readonly string[] | undefined;
  /** Leaf fields in the pattern (SNS limits them). */
  readonly keys: number;
  /** Value combinations (the product of the value counts of the leaf fields; `$or` adds). */
  readonly combinations: number;
}

/** How to compile. */
export interface PatternOptions {
  /** EventBridge (default) or SNS filter policies (no `wildcard`). */
  dialect?: PatternDialect;
  /** Forbid nested objects (SNS MessageAttributes scope). Default false. */
  flat?: boolean;
  /** Whether `{"exists": true}` needs a non-null value (SNS). Default false: null exists. */
  existsNeedsValue?: boolean;
}

type FieldsMatcher = (object: Record<string, unknown> | undefined) => boolean;
type ValueMatcher = (value: unknown) => boolean;

interface Compiled {
  match: FieldsMatcher;
  keys: number;
  combinations: number;
}

interface Context {
  dialect: PatternDialect;
  flat: boolean;
  existsNeedsValue: boolean;
}

/** Parses and compiles `text`; throws PatternProblem naming the reason and the offset. */
export function compilePattern(text: string, options: PatternOptions = {}): CompiledPattern {
  const root = parsePositioned(text);
  if (root.kind !== 'object') throw new PatternProblem('Filter is not an object', root.firstEnd);
  const ctx: Context = {
    dialect: options.dialect ?? 'eventbridge',
    flat: options.flat ?? false,
    existsNeedsValue: options.existsNeedsValue ?? false,
  };
  const compiled = compileObject(root, '', ctx);
  const match = objectMatcher(compiled.match);
  return {
    text,
    matches: match,
    sources: exactStrings(root, 'source'),
    detailTypes: exactStrings(root, 'detail-type'),
    keys: compiled.keys,
    combinations: compiled.combinations,
  };
}

/** The exact string values a top-level field requires, when it is pinned to them only. */
function exactStrings(root: JsonNode & { kind: 'object' }, key: string): string[] | undefined {
  const entry = root.entries.find((e) => e.key === key);
  if (entry?.value.kind !== 'array') return undefined;
  const values: string[] = [];
  for (const item of entry.value.items) {
    if (item.kind !== 'string') return undefined;
    values.push(item.value);
  }
  return values;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function compileObject(node: JsonNode & { kind: 'object' }, path: string, ctx: Context): Compiled {
  if (node.entries.length === 0)
    throw new PatternProblem('Empty objects are not allowed', node.end, path || undefined);
  const fields: Array<[string, ValueMatcher]> = [];
  const ors: FieldsMatcher[][] = [];
  let keys = 0;
  let combinations = 1;
  for (const { key, value } of node.entries) {
    const field = join(path, key);
    if (key === '$or' && value.kind === 'array' && value.items.every((i) => i.kind === 'object')) {
      const branches = compileOr(value, path, ctx);
      ors.push(branches.map((b) => b.match));
      keys += branches.reduce((sum, b) => sum + b.keys, 0);
      combinations *= branches.reduce((sum, b) => sum + b.combinations, 0);
    } else if (value.kind === 'object') {
      if (ctx.flat)
        throw new PatternProblem(
          'Filter policy scope MessageAttributes does not support nested filter policy',
          value.firstEnd,
          field,
        );
      const child = compileObject(value, field, ctx);
      fields.push([key, objectMatcher(child.match)]);
      keys += child.keys;
      combinations *= child.combinations;
    } else if (value.kind === 'array') {
      fields.push([key, compileLeaf(value, field, ctx)]);
      keys += 1;
      combinations *= value.items.length;
    } else {
      throw new PatternProblem(`"${key}" must be an object or an array`, value.end, field);
    }
  }
  return { match: fieldsMatcher(fields, ors), keys, combinations };
}

function compileOr(node: JsonNode & { kind: 'array' }, path: string, ctx: Context): Compiled[] {
  if (node.items.length < 2)
    throw new PatternProblem(
      '$or must list at least two alternative patterns',
      node.items.length === 0 ? node.end : node.firstEnd,
      join(path, '$or'),
    );
  return node.items.map((item) => compileObject(item as JsonNode & { kind: 'object' }, path, ctx));
}

function fieldsMatcher(
  fields: Array<[string, ValueMatcher]>,
  ors: FieldsMatcher[][],
): FieldsMatcher {
  if (ors.length === 0 && fields.length === 1) {
    const [key, only] = fields[0]!;
    return (obj) => only(obj === undefined ? undefined : obj[key]);
  }
  return (obj) => {
    for (const [key, matcher] of fields) {
      if (!matcher(obj === undefined ? undefined : obj[key])) return false;
    }
    for (const branches of ors) {
      let any = false;
      for (const branch of branches) {
        if (branch(obj)) {
          any = true;
          break;
        }
      }
      if (!any) return false;
    }
    return true;
  };
}

/** Applies an object pattern to a value: an object, an array of objects (any one element), or nothing. */
function objectMatcher(match: FieldsMatcher): ValueMatcher {
  const matchValue = (value: unknown): boolean => {
    if (Array.isArray(value)) {
      let sawObject = false;
      for (const element of value) {
        if (typeof element === 'object' && element !== null) {
          sawObject = true;
          if (matchValue(element)) return true;
        }
      }
      return sawObject ? false : match(undefined);
    }
    if (typeof value === 'object' && value !== null) return match(value as Record<string, unknown>);
    return match(undefined);
  };
  return matchValue;
}

/** A field's array of values and operators. */
function compileLeaf(
  node: JsonNode & { kind: 'array' },
  field: string,
  ctx: Context,
): ValueMatcher {
  if (node.items.length === 0)
    throw new PatternProblem('Empty arrays are not allowed', node.end, field);
  const strings = new Set<string>();
  const numbers = new Set<number>();
  const tests: ScalarTest[] = [];
  let matchNull = false;
  let matchTrue = false;
  let matchFalse = false;
  let existsTrue = false;
  let existsFalse = false;
  for (const item of node.items) {
    switch (item.kind) {
      case 'string':
        strings.add(item.value);
        break;
      case 'number':
        numbers.add(item.value);
        break;
      case 'boolean':
        if (item.value) matchTrue = true;
        else matchFalse = true;
        break;
      case 'null':
        matchNull = true;
        break;
      case 'array':
        throw new PatternProblem(
          'Match value must be String, number, true, false, or null',
          item.firstEnd,
          field,
        );
      case 'object': {
        const op = compileOperator(item, field, ctx.dialect);
        if (op.kind === 'exists') {
          if (op.exists) existsTrue = true;
          else existsFalse = true;
        } else tests.push(op.test);
        break;
      }
    }
  }
  const scalar = scalarTest(strings, numbers, tests, { matchNull, matchTrue, matchFalse });
  const needsValue = ctx.existsNeedsValue;
  return (value) => {
    if (value === undefined) return existsFalse;
    if (Array.isArray(value)) {
      const found = scanArray(value, scalar, existsTrue, needsValue);
      return found === 'match' || (found === 'absent' && existsFalse);
    }
    if (typeof value === 'object' && value !== null) return existsFalse;
    const present = !(needsValue && value === null);
    if (present ? existsTrue : existsFalse) return true;
    return scalar(value);
  };
}

/** Searches an event array (nested arrays included) for a matching scalar. */
function scanArray(
  values: unknown[],
  scalar: ScalarTest,
  existsTrue: boolean,
  needsValue: boolean,
): 'match' | 'present' | 'absent' {
  let present = false;
  for (const element of values) {
    if (Array.isArray(element)) {
      const inner = scanArray(element, scalar, existsTrue, needsValue);
      if (inner === 'match') return 'match';
      if (inner === 'present') present = true;
    } else if (typeof element !== 'object' || element === null) {
      const counts = !(needsValue && element === null);
      if (counts) present = true;
      if ((existsTrue && counts) || scalar(element)) return 'match';
    }
  }
  return present ? 'present' : 'absent';
}

function scalarTest(
  strings: Set<string>,
  numbers: Set<number>,
  tests: ScalarTest[],
  literals: { matchNull: boolean; matchTrue: boolean; matchFalse: boolean },
): ScalarTest {
  const { matchNull, matchTrue, matchFalse } = literals;
  const onlyStrings =
    numbers.size === 0 && tests.length === 0 && !matchNull && !matchTrue && !matchFalse;
  if (onlyStrings) {
    if (strings.size === 1) {
      const only = strings.values().next().value as string;
      return (x) => x === only;
    }
    return (x) => typeof x === 'string' && strings.has(x);
  }
  return (x) => {
    switch (typeof x) {
      case 'string':
        if (strings.has(x)) return true;
        break;
      case 'number':
        if (numbers.has(x)) return true;
        break;
      case 'boolean':
        if (x ? matchTrue : matchFalse) return true;
        break;
      default:
        if (x === null && matchNull) return true;
    }
    for (const test of tests) if (test(x)) return true;
    return false;
  };
}
