/**
 * The 18 intrinsic functions, each checking its arguments the way the Step
 * Functions documentation states (types, integer rounding, limits) and
 * failing with `States.IntrinsicFailure` and a cause that names the function,
 * the argument and the value.
 */
import { createHash } from 'node:crypto';
import { jsonEqual } from '../core/index.js';
import { StatesError } from './errors.js';
import type { IntrinsicCall } from './intrinsics-parse.js';
import { JavaRandom, javaRound, javaToString, type Randomness } from './intrinsics-values.js';

/** What a function receives besides its argument values. */
export interface IntrinsicContext {
  call: IntrinsicCall;
  random: Randomness;
}

type IntrinsicImpl = (args: unknown[], ctx: IntrinsicContext) => unknown;

/** Longest string States.Base64Encode, Base64Decode and Hash accept. */
export const MAX_INTRINSIC_STRING = 10_000;
/** Most items States.ArrayRange may produce. */
export const MAX_ARRAY_RANGE_ITEMS = 1000;

const HASH_ALGORITHMS: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

const ORDINALS = ['first', 'second', 'third', 'fourth'];

/** A States.IntrinsicFailure raised by `name`. */
export function intrinsicFailure(name: string, problem: string): StatesError {
  return new StatesError('States.IntrinsicFailure', `Invalid arguments in ${name}: ${problem}`);
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function arg<T>(
  name: string,
  args: unknown[],
  i: number,
  test: (v: unknown) => v is T,
  what: string,
): T {
  const value = args[i];
  if (!test(value)) {
    throw intrinsicFailure(
      name,
      `the ${ORDINALS[i] ?? `#${i + 1}`} argument must be ${what}, but was ${typeName(value)} ${show(value)}`,
    );
  }
  return value;
}

const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** An argument rounded to the nearest integer, as the documentation says Step Functions does. */
function integerArg(name: string, args: unknown[], i: number): number {
  return javaRound(arg(name, args, i, isNumber, 'a number'));
}

function limitedString(name: string, args: unknown[], i: number): string {
  const value = arg(name, args, i, isString, 'a string');
  if (value.length > MAX_INTRINSIC_STRING) {
    throw intrinsicFailure(
      name,
      `the ${ORDINALS[i]} argument must be at most ${MAX_INTRINSIC_STRING} characters long, but has ${value.length}`,
    );
  }
  return value;
}

function format(args: unknown[], ctx: IntrinsicContext): string {
  const name = 'States.Format';
  const first = ctx.call.args[0];
  const template = first?.kind === 'string' ? first.raw : arg(name, args, 0, isString, 'a string');
  let out = '';
  let next = 1;
  for (let i = 0; i < template.length; i++) {
    const ch = template.charAt(i);
    if (ch === '\\' && i + 1 < template.length) {
      out += template.charAt(++i);
    } else if (ch === '{' && template.charAt(i + 1) === '}') {
      if (next >= args.length)
        throw intrinsicFailure(
          name,
          `the template has more placeholders '{}' than the ${args.length - 1} value arguments given`,
        );
      out += javaToString(args[next++]);
      i++;
    } else {
      out += ch;
    }
  }
  if (next !== args.length)
    throw intrinsicFailure(
      name,
      `the template has ${next - 1} placeholders '{}' but ${args.length - 1} value arguments were given`,
    );
  return out;
}

function stringToJson(args: unknown[]): unknown {
  const name = 'States.StringToJson';
  const text = arg(name, args, 0, isString, 'a string');
  if (text.trim() === '') return null;
  try {
    // Jackson reads "-0" as the integer 0.
    return JSON.parse(text, (_key, value: unknown) => (Object.is(value, -0) ? 0 : value));
  } catch {
    throw intrinsicFailure(name, `the argument is not valid JSON text: ${show(text)}`);
  }
}

function arrayPartition(args: unknown[]): unknown[][] {
  const name = 'States.ArrayPartition';
  const array = arg(name, args, 0, isArray, 'an array');
  const size = integerArg(name, args, 1);
  if (size <= 0)
    throw intrinsicFailure(
      name,
      `the chunk size (second argument) must be a positive integer, but was ${show(args[1])}`,
    );
  const chunks: unknown[][] = [];
  for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
  return chunks;
}

function arrayRange(args: unknown[]): number[] {
  const name = 'States.ArrayRange';
  const [start, end, step] = [0, 1, 2].map((i) => integerArg(name, args, i)) as [
    number,
    number,
    number,
  ];
  if (step === 0) throw intrinsicFailure(name, 'the step (third argument) must not be 0');
  const count = Math.max(0, Math.floor((end - start) / step) + 1);
  if (count > MAX_ARRAY_RANGE_ITEMS) {
    throw intrinsicFailure(
      name,
      `the range would have ${count} items, more than the ${MAX_ARRAY_RANGE_ITEMS} allowed`,
    );
  }
  return Array.from({ length: count }, (_, i) => start + i * step);
}

function arrayGetItem(args: unknown[]): unknown {
  const name = 'States.ArrayGetItem';
  const array = arg(name, args, 0, isArray, 'an array');
  const index = arg(
    name,
    args,
    1,
    (v): v is number => isNumber(v) && Number.isInteger(v),
    'an integer',
  );
  if (index < 0 || index >= array.length) {
    throw intrinsicFailure(
      name,
      `the index ${index} is out of bounds for an array of length ${array.length}`,
    );
  }
  return array[index];
}

function arrayUnique(args: unknown[]): unknown[] {
  const array = arg('States.ArrayUnique', args, 0, isArray, 'an array');
  const out: unknown[] = [];
  for (const item of array) if (!out.some((seen) => jsonEqual(seen, item))) out.push(item);
  return out;
}

function base64Decode(args: unknown[]): string {
  const name = 'States.Base64Decode';
  const text = limitedString(name, args, 0);
  const body = text.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(body) || text.length - body.length > 2 || body.length % 4 === 1) {
    throw intrinsicFailure(name, `the argument is not valid Base64 text: ${show(text)}`);
  }
  return Buffer.from(body, 'base64').toString('utf8');
}

function hash(args: unknown[]): string {
  const name = 'States.Hash';
  const data = limitedString(name, args, 0);
  const algorithm = arg(name, args, 1, isString, 'a string');
  const nodeName = HASH_ALGORITHMS[algorithm];
  if (nodeName === undefined) {
    throw intrinsicFailure(
      name,
      `the algorithm ${show(algorithm)} is not supported; use one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`,
    );
  }
  return createHash(nodeName).update(data, 'utf8').digest('hex');
}

function jsonMerge(args: unknown[]): Record<string, unknown> {
  const name = 'States.JsonMerge';
  const left = arg(name, args, 0, isObject, 'a JSON object');
  const right = arg(name, args, 1, isObject, 'a JSON object');
  const deep = arg(name, args, 2, isBoolean, 'a boolean');
  if (deep)
    throw intrinsicFailure(name, 'deep merging is not supported; the third argument must be false');
  return { ...left, ...right };
}

function mathRandom(args: unknown[], ctx: IntrinsicContext): number {
  const name = 'States.MathRandom';
  const start = integerArg(name, args, 0);
  const end = integerArg(name, args, 1);
  if (end <= start)
    throw intrinsicFailure(name, `the end (${end}) must be greater than the start (${start})`);
  if (args.length > 2) {
    const seed = integerArg(name, args, 2);
    return start + new JavaRandom(seed).nextInt(end - start);
  }
  return start + Math.floor(ctx.random.random() * (end - start));
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

function mathAdd(args: unknown[]): number {
  const name = 'States.MathAdd';
  const values = [0, 1].map((i) => integerArg(name, args, i));
  for (const [i, v] of values.entries()) {
    if (v < INT_MIN || v > INT_MAX) {
      throw intrinsicFailure(
        name,
        `the ${ORDINALS[i]} argument must be between ${INT_MIN} and ${INT_MAX}, but was ${show(args[i])}`,
      );
    }
  }
  return values[0]! + values[1]!;
}

function stringSplit(args: unknown[]): string[] {
  const name = 'States.StringSplit';
  const text = arg(name, args, 0, isString, 'a string');
  const delimiters = new Set(arg(name, args, 1, isString, 'a string'));
  const tokens: string[] = [];
  let token = '';
  for (const ch of text) {
    if (delimiters.has(ch)) {
      if (token !== '') tokens.push(token);
      token = '';
    } else {
      token += ch;
    }
  }
  if (token !== '') tokens.push(token);
  return tokens;
}

/** The implementations, by full name. */
export const INTRINSIC_FUNCTIONS: Readonly<Record<string, IntrinsicImpl>> = {
  'States.Format': format,
  'States.StringToJson': stringToJson,
  'States.JsonToString': (args) => JSON.stringify(args[0]),
  'States.Array': (args) => args,
  'States.ArrayPartition': arrayPartition,
  'States.ArrayContains': (args) =>
    arg('States.ArrayContains', args, 0, isArray, 'an array').some((item) =>
      jsonEqual(item, args[1]),
    ),
  'States.ArrayRange': arrayRange,
  'States.ArrayGetItem': arrayGetItem,
  'States.ArrayLength': (args) => arg('States.ArrayLength', args, 0, isArray, 'an array').length,
  'States.ArrayUnique': arrayUnique,
  'States.Base64Encode': (args) =>
    Buffer.from(limitedString('States.Base64Encode', args, 0), 'utf8').toString('base64'),
  'States.Base64Decode': base64Decode,
  'States.Hash': hash,
  'States.JsonMerge': jsonMerge,
  'States.MathRandom': mathRandom,
  'States.MathAdd': mathAdd,
  'States.StringSplit': stringSplit,
  'States.UUID': (_args, ctx) => ctx.random.uuid(),
};
