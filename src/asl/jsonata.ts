import { createHash, randomUUID } from 'node:crypto';
import jsonata from 'jsonata';
import { StatesError } from './errors.js';

/**
 * JSONata mode: `{% expression %}` strings evaluated with the `jsonata`
 * package, the `$states` binding, workflow variables, and the functions AWS
 * adds ($partition, $range, $hash, $random, $uuid, $parse).
 */

/** What a JSONata expression sees. */
export interface JsonataBindings {
  /** `$states`: input, context, and (where the field allows) result / errorOutput. */
  states: { input: unknown; context: unknown; result?: unknown; errorOutput?: unknown };
  /** Workflow variables, bound as `$name`. */
  variables: Readonly<Record<string, unknown>>;
}

type Compiled = ReturnType<typeof jsonata>;
const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 10_000;

/** True when `value` is a string written as a JSONata expression: `{% ... %}`. */
export function isJsonataExpression(value: unknown): value is string {
  return (
    typeof value === 'string' && value.startsWith('{%') && value.endsWith('%}') && value.length >= 4
  );
}

/** The expression inside `{% ... %}`. */
export function jsonataBody(text: string): string {
  return text.slice(2, -2).trim();
}

/** Compiles (and caches) an expression; a syntax error throws JsonataSyntaxError. */
export function compileJsonata(expression: string): Compiled {
  let compiled = cache.get(expression);
  if (compiled) return compiled;
  try {
    compiled = jsonata(expression);
  } catch (err) {
    const e = err as { message?: string; position?: number };
    throw new JsonataSyntaxError(expression, e.message ?? String(err), e.position);
  }
  registerAwsFunctions(compiled);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(expression, compiled);
  return compiled;
}

/** A JSONata expression that does not parse. */
export class JsonataSyntaxError extends Error {
  constructor(
    readonly expression: string,
    readonly reason: string,
    readonly position: number | undefined,
  ) {
    super(
      `JSONata expression '${expression}' is invalid${position === undefined ? '' : ` at position ${position}`}: ${reason}`,
    );
    this.name = 'JsonataSyntaxError';
  }
}

/**
 * Evaluates one `{% %}` string. `field` names where it sits (`Output`,
 * `Arguments/Key`, `Assign/x`), as AWS names it in error causes.
 */
export async function evaluateJsonataString(
  text: string,
  bindings: JsonataBindings,
  field: string,
): Promise<unknown> {
  const expression = jsonataBody(text);
  let compiled: Compiled;
  try {
    compiled = compileJsonata(expression);
  } catch (err) {
    throw new StatesError('States.QueryEvaluationError', (err as Error).message);
  }
  let result: unknown;
  try {
    result = await compiled.evaluate(undefined, { ...bindings.variables, states: bindings.states });
  } catch (err) {
    const message = (err as { message?: string }).message ?? String(err);
    throw new StatesError(
      'States.QueryEvaluationError',
      `The JSONata expression '${expression}' specified for the field '${field}' threw an error during evaluation. ${message}`,
    );
  }
  if (result === undefined) {
    throw new StatesError(
      'States.QueryEvaluationError',
      `The JSONata expression '${expression}' specified for the field '${field}' returned nothing (undefined).`,
    );
  }
  return normalise(result);
}

/**
 * Evaluates a JSONata-mode template: every `{% %}` string inside objects and
 * arrays is replaced by its value; everything else is kept as written.
 */
export async function evaluateJsonataTemplate(
  template: unknown,
  bindings: JsonataBindings,
  field: string,
): Promise<unknown> {
  if (typeof template === 'string') {
    return isJsonataExpression(template)
      ? evaluateJsonataString(template, bindings, field)
      : template;
  }
  if (Array.isArray(template)) {
    const out: unknown[] = [];
    for (let i = 0; i < template.length; i += 1) {
      out.push(await evaluateJsonataTemplate(template[i], bindings, `${field}[${i}]`));
    }
    return out;
  }
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template)) {
      out[key] = await evaluateJsonataTemplate(value, bindings, `${field}/${key}`);
    }
    return out;
  }
  return template;
}

/** True when the template holds no `{% %}` string anywhere (it can be used as written). */
export function isStaticTemplate(template: unknown): boolean {
  if (typeof template === 'string') return !isJsonataExpression(template);
  if (Array.isArray(template)) return template.every(isStaticTemplate);
  if (template !== null && typeof template === 'object')
    return Object.values(template).every(isStaticTemplate);
  return true;
}

/** JSONata results can carry sequence markers and non-JSON numbers; make them plain JSON. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new StatesError(
      'States.QueryEvaluationError',
      `The JSONata expression returned a non-finite number (${value}).`,
    );
  }
  if (value !== null && typeof value === 'object') {
    if (typeof (value as { _jsonata_lambda?: unknown })._jsonata_lambda !== 'undefined')
      return null;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = normalise(v);
    return out;
  }
  return value;
}

function registerAwsFunctions(compiled: Compiled): void {
  compiled.registerFunction('partition', partition, '<an:a>');
  compiled.registerFunction('range', range, '<nnn:a>');
  compiled.registerFunction('hash', hash, '<ss?:s>');
  compiled.registerFunction('random', random, '<n?:n>');
  compiled.registerFunction('uuid', () => randomUUID(), '<:s>');
  compiled.registerFunction('parse', parse, '<s:x>');
}

function partition(array: unknown[], size: number): unknown[][] {
  if (!Number.isInteger(size) || size <= 0) {
    throw new Error(`$partition: the chunk size must be a positive integer, got ${size}`);
  }
  const out: unknown[][] = [];
  for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));
  return out;
}

function range(start: number, end: number, step: number): number[] {
  if (!Number.isInteger(start) || !Number.isInteger(end) || !Number.isInteger(step) || step === 0) {
    throw new Error('$range: start, end and step must be integers and step must not be 0');
  }
  const out: number[] = [];
  for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
    out.push(v);
    if (out.length > 1000) throw new Error('$range: the result may not exceed 1000 items');
  }
  return out;
}

const HASHES: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function hash(data: string, algorithm = 'SHA-256'): string {
  const name = HASHES[algorithm];
  if (!name)
    throw new Error(
      `$hash: algorithm must be one of ${Object.keys(HASHES).join(', ')}, got '${algorithm}'`,
    );
  return createHash(name).update(data, 'utf8').digest('hex');
}

function random(seed?: number): number {
  if (seed === undefined) return Math.random();
  // A small seeded generator (mulberry32) so a given seed always gives the same number.
  let t = (Math.trunc(seed) + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function parse(text: string): unknown {
  return JSON.parse(text);
}
