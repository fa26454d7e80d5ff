/**
 * Evaluation of parsed JSONPath: definite paths as a precompiled walk over
 * keys, indefinite ones (wildcards, slices, index lists, filters, `..`)
 * collecting every match in document order, and the trailing functions.
 */
import { evaluateFilter } from './jsonpath-filter.js';
import type { PathAst, PathStep } from './jsonpath-parse.js';

/** Evaluates a parsed path against an explicit root document (used for `@` and `$` inside filters). */
export function evaluateAst(ast: PathAst, rootValue: unknown): unknown {
  let evaluator = astEvaluators.get(ast);
  if (evaluator === undefined) {
    evaluator = isDefinite(ast.steps)
      ? definiteEvaluator(ast.steps)
      : indefiniteEvaluator(ast.steps);
    astEvaluators.set(ast, evaluator);
  }
  return evaluator(rootValue);
}

const astEvaluators = new WeakMap<PathAst, (root: unknown) => unknown>();

/** An evaluator collecting every match (then applying a trailing function, if any). */
export function indefiniteEvaluator(steps: PathStep[]): (root: unknown) => unknown {
  const last = steps.at(-1);
  if (last?.type === 'function') {
    const body = steps.slice(0, -1);
    return (root) => applyFunction(last.name, collect(root, body));
  }
  return (root) => collect(root, steps);
}

/** True when the steps select at most one node (single names and indexes; a name list or function only last). */
export function isDefinite(steps: PathStep[]): boolean {
  return steps.every((step, i) => {
    const leaf = i === steps.length - 1;
    if (step.type === 'property') return step.names.length === 1 || leaf;
    if (step.type === 'index') return step.indexes.length === 1;
    return step.type === 'function' && leaf && isDefinite(steps.slice(0, -1));
  });
}

/** A fast evaluator for a definite path: a loop over precomputed keys. */
export function definiteEvaluator(steps: PathStep[]): (root: unknown) => unknown {
  const last = steps.at(-1);
  const fn = last?.type === 'function' ? last.name : undefined;
  const merge = last?.type === 'property' && last.names.length > 1 ? last.names : undefined;
  const body = fn !== undefined || merge !== undefined ? steps.slice(0, -1) : steps;
  const keys = body.map((s) =>
    s.type === 'property' ? s.names[0]! : (s as { indexes: number[] }).indexes[0]!,
  );
  const walk = (root: unknown): unknown => {
    let value = root;
    for (const key of keys) {
      if (value === undefined) return undefined;
      value = typeof key === 'string' ? readProperty(value, key) : readIndex(value, key);
    }
    return value;
  };
  if (fn !== undefined) return (root) => applyFunction(fn, walk(root));
  if (merge !== undefined) return (root) => mergeProperties(walk(root), merge);
  if (keys.length === 1 && typeof keys[0] === 'string') {
    const key = keys[0];
    return (root) => readProperty(root, key);
  }
  return walk;
}

function readProperty(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** The element at `index` (negative counts from the end); undefined when out of range or not an array. */
export function readIndex(value: unknown, index: number): unknown {
  if (!Array.isArray(value)) return undefined;
  const i = index < 0 ? value.length + index : index;
  return i >= 0 && i < value.length ? value[i] : undefined;
}

function mergeProperties(value: unknown, names: string[]): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const merged: Record<string, unknown> = {};
  for (const name of names)
    if (Object.hasOwn(value, name)) merged[name] = (value as Record<string, unknown>)[name];
  return merged;
}

/** All matches of an indefinite path, in document order. */
function collect(root: unknown, steps: PathStep[]): unknown[] {
  const out: unknown[] = [];
  walk(root, root, steps, 0, out);
  return out;
}

function walk(value: unknown, root: unknown, steps: PathStep[], i: number, out: unknown[]): void {
  if (i === steps.length) {
    out.push(value);
    return;
  }
  const step = steps[i]!;
  if (step.type === 'scan') {
    scan(value, root, step.step, steps, i + 1, out);
  } else if (step.type === 'property' && step.names.length === 1) {
    // The common case, without building a list of children.
    const child = readProperty(value, step.names[0]!);
    if (child !== undefined) walk(child, root, steps, i + 1, out);
  } else if (step.type === 'wildcard' && Array.isArray(value)) {
    for (const child of value) walk(child, root, steps, i + 1, out);
  } else {
    const leaf = i === steps.length - 1;
    for (const child of children(value, root, step, leaf)) walk(child, root, steps, i + 1, out);
  }
}

/** The nodes one step selects from `value` (nothing when it does not apply). */
function children(value: unknown, root: unknown, step: PathStep, leaf: boolean): unknown[] {
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  switch (step.type) {
    case 'property': {
      if (!isObject) return [];
      if (step.names.length > 1 && leaf) return [mergeProperties(value, step.names)];
      const obj = value as Record<string, unknown>;
      return step.names.filter((n) => Object.hasOwn(obj, n)).map((n) => obj[n]);
    }
    case 'index':
      return step.indexes.map((idx) => readIndex(value, idx)).filter((v) => v !== undefined);
    case 'wildcard':
      if (Array.isArray(value)) return value;
      return isObject ? Object.values(value) : [];
    case 'slice':
      return Array.isArray(value) ? slice(value, step) : [];
    case 'filter': {
      const accept = (item: unknown) =>
        evaluateFilter(step.filter, item, (path, current) =>
          evaluateAst(path, path.root.kind === 'current' ? current : root),
        );
      if (Array.isArray(value)) return value.filter(accept);
      return isObject && accept(value) ? [value] : [];
    }
    default:
      return [];
  }
}

function slice(
  array: unknown[],
  step: { start?: number | undefined; end?: number | undefined; step?: number | undefined },
): unknown[] {
  const len = array.length;
  const by = step.step ?? 1;
  const norm = (n: number) => (n < 0 ? Math.max(0, len + n) : Math.min(n, len));
  const out: unknown[] = [];
  if (by > 0) {
    const from = step.start === undefined ? 0 : norm(step.start);
    const to = step.end === undefined ? len : norm(step.end);
    for (let i = from; i < to; i += by) out.push(array[i]);
  } else {
    const from = step.start === undefined ? len - 1 : Math.min(norm(step.start), len - 1);
    const to = step.end === undefined ? -1 : norm(step.end);
    for (let i = from; i > to; i += by) out.push(array[i]);
  }
  return out;
}

/** Recursive descent: applies `step` at `value` and at every node below it, pre-order. */
function scan(
  value: unknown,
  root: unknown,
  step: PathStep,
  steps: PathStep[],
  next: number,
  out: unknown[],
): void {
  if (typeof value !== 'object' || value === null) return;
  const leaf = next === steps.length;
  for (const child of children(value, root, step, leaf)) walk(child, root, steps, next, out);
  if (Array.isArray(value)) {
    for (const child of value) scan(child, root, step, steps, next, out);
  } else {
    const obj = value as Record<string, unknown>;
    for (const key in obj)
      if (Object.hasOwn(obj, key)) scan(obj[key], root, step, steps, next, out);
  }
}

function applyFunction(name: string, value: unknown): unknown {
  const list = Array.isArray(value) ? value : undefined;
  const numbers = list?.filter((v): v is number => typeof v === 'number');
  switch (name) {
    case 'length':
    case 'size':
      if (list !== undefined || typeof value === 'string')
        return (value as { length: number }).length;
      return typeof value === 'object' && value !== null ? Object.keys(value).length : undefined;
    case 'keys':
      return typeof value === 'object' && value !== null && list === undefined
        ? Object.keys(value)
        : undefined;
    case 'first':
      return list?.[0];
    case 'last':
      return list?.at(-1);
    default:
      return numbers === undefined || numbers.length === 0 ? undefined : aggregate(name, numbers);
  }
}

function aggregate(name: string, numbers: number[]): number {
  const sum = numbers.reduce((a, b) => a + b, 0);
  if (name === 'sum') return sum;
  if (name === 'min') return Math.min(...numbers);
  if (name === 'max') return Math.max(...numbers);
  const avg = sum / numbers.length;
  if (name === 'avg') return avg;
  return Math.sqrt(numbers.reduce((a, b) => a + (b - avg) ** 2, 0) / numbers.length);
}
