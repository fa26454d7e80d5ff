/**
 * Payload templates in JSONPath mode: Parameters, ResultSelector,
 * ItemSelector and Assign. A key ending in `.$` takes its value from a path
 * (`$...`, `$$...`, `$name...`) or an intrinsic function call and loses the
 * suffix; other values are copied, with nested objects and arrays walked the
 * same way. Templates compile once (cached by object identity).
 */
import { StatesError } from './errors.js';
import { compilePath, pathNotFoundError, PathSyntaxError, type CompiledPath } from './jsonpath.js';
import {
  compileIntrinsic,
  IntrinsicSyntaxError,
  looksLikeIntrinsic,
  type CompiledIntrinsic,
} from './intrinsics.js';
import { cryptoRandomness, type Randomness } from './intrinsics-values.js';
import type { Scope } from './scope.js';

type PayloadNode =
  | { kind: 'const'; value: unknown }
  | { kind: 'object'; entries: { key: string; node: PayloadNode }[] }
  | { kind: 'array'; items: PayloadNode[] }
  | { kind: 'path'; path: CompiledPath; field: string }
  | { kind: 'intrinsic'; intrinsic: CompiledIntrinsic; field: string }
  | { kind: 'invalid'; error: string };

const compiled = new WeakMap<object, PayloadNode>();

/**
 * Evaluates a payload template against `scope`. `fieldName` (e.g.
 * `Parameters`) names the template in the error for a malformed template.
 * Throws StatesError: `States.Runtime` when a path matches nothing (the cause
 * names the `key.$` field), `States.IntrinsicFailure` from intrinsics.
 */
export function evaluatePayload(
  template: unknown,
  scope: Scope,
  fieldName: string,
  random: Randomness = cryptoRandomness,
): unknown {
  return run(compileTemplate(template), scope, fieldName, random);
}

/** True when the template has at least one `.$` key (otherwise it evaluates to itself). */
export function isDynamicPayload(template: unknown): boolean {
  return compileTemplate(template).kind !== 'const';
}

function compileTemplate(template: unknown): PayloadNode {
  if (typeof template !== 'object' || template === null) return { kind: 'const', value: template };
  let node = compiled.get(template);
  if (node === undefined) {
    node = compileNode(template);
    compiled.set(template, node);
  }
  return node;
}

function compileNode(value: unknown): PayloadNode {
  if (Array.isArray(value)) {
    const items = value.map(compileNode);
    return items.every((n) => n.kind === 'const')
      ? { kind: 'const', value }
      : { kind: 'array', items };
  }
  if (typeof value !== 'object' || value === null) return { kind: 'const', value };
  const entries: { key: string; node: PayloadNode }[] = [];
  let dynamic = false;
  for (const [key, child] of Object.entries(value)) {
    const node =
      key.endsWith('.$') && key.length > 2 ? compileExpression(key, child) : compileNode(child);
    if (node.kind !== 'const') dynamic = true;
    entries.push({
      key: node.kind === 'path' || node.kind === 'intrinsic' ? key.slice(0, -2) : key,
      node,
    });
  }
  return dynamic ? { kind: 'object', entries } : { kind: 'const', value };
}

function compileExpression(field: string, expression: unknown): PayloadNode {
  if (typeof expression !== 'string') {
    return {
      kind: 'invalid',
      error: `The value for the field '${field}' must be a STRING that contains a JSONPath or an intrinsic function, but it is ${JSON.stringify(expression)}`,
    };
  }
  try {
    if (looksLikeIntrinsic(expression))
      return { kind: 'intrinsic', intrinsic: compileIntrinsic(expression), field };
    return { kind: 'path', path: compilePath(expression), field };
  } catch (err) {
    if (err instanceof PathSyntaxError || err instanceof IntrinsicSyntaxError) {
      return {
        kind: 'invalid',
        error: `The value for the field '${field}' is not a valid JSONPath or intrinsic function: ${err.message}`,
      };
    }
    throw err;
  }
}

function run(node: PayloadNode, scope: Scope, fieldName: string, random: Randomness): unknown {
  switch (node.kind) {
    case 'const':
      return node.value;
    case 'path': {
      const value = node.path.evaluate(scope);
      if (value === undefined) throw pathNotFoundError(node.path.text, node.field, scope.input);
      return value;
    }
    case 'intrinsic':
      return node.intrinsic.evaluate(scope, random, node.field);
    case 'array':
      return node.items.map((item) => run(item, scope, fieldName, random));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const { key, node: child } of node.entries)
        out[key] = run(child, scope, fieldName, random);
      return out;
    }
    case 'invalid':
      throw new StatesError('States.Runtime', `${node.error} (in ${fieldName})`);
  }
}
