/**
 * Intrinsic functions (`States.Format(...)` and the others) in JSONPath
 * mode: parse once, evaluate many times against a Scope. Path arguments see
 * the state input (`$`), the context object (`$$`) and variables (`$name`).
 */
import type { Scope } from './scope.js';
import { pathNotFoundError } from './jsonpath.js';
import { INTRINSIC_FUNCTIONS } from './intrinsics-functions.js';
import { parseIntrinsicCall, type IntrinsicArg, type IntrinsicCall } from './intrinsics-parse.js';
import { cryptoRandomness, type Randomness } from './intrinsics-values.js';

export {
  IntrinsicSyntaxError,
  INTRINSIC_ARITY,
  MAX_INTRINSIC_DEPTH,
  looksLikeIntrinsic,
} from './intrinsics-parse.js';
export type { IntrinsicArg, IntrinsicCall } from './intrinsics-parse.js';
export { cryptoRandomness, JavaRandom, javaToString } from './intrinsics-values.js';
export type { Randomness } from './intrinsics-values.js';
export {
  intrinsicFailure,
  MAX_ARRAY_RANGE_ITEMS,
  MAX_INTRINSIC_STRING,
} from './intrinsics-functions.js';

/** A parsed, ready-to-run intrinsic call. */
export interface CompiledIntrinsic {
  /** The expression as written. */
  readonly text: string;
  /** The parsed call tree. */
  readonly call: IntrinsicCall;
  /**
   * Runs the call. `field` names the template field (e.g. `value.$`) in the
   * States.Runtime error raised when a path argument matches nothing.
   */
  evaluate(scope: Scope, random?: Randomness, field?: string): unknown;
}

const CACHE_LIMIT = 5_000;
const cache = new Map<string, CompiledIntrinsic>();

/** Parses an intrinsic function call (throws IntrinsicSyntaxError with the position of the problem). */
export function parseIntrinsic(text: string): IntrinsicCall {
  return compileIntrinsic(text).call;
}

/** Parses and memoises an intrinsic function call. */
export function compileIntrinsic(text: string): CompiledIntrinsic {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const call = parseIntrinsicCall(text);
  const compiled: CompiledIntrinsic = {
    text,
    call,
    evaluate: (scope, random = cryptoRandomness, field = text) =>
      runCall(call, scope, random, field),
  };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, compiled);
  return compiled;
}

/**
 * Evaluates an intrinsic function call. Failures are StatesErrors:
 * `States.IntrinsicFailure` for bad arguments, `States.Runtime` for a path
 * argument that matches nothing.
 */
export function evaluateIntrinsic(
  text: string,
  scope: Scope,
  random: Randomness = cryptoRandomness,
  field?: string,
): unknown {
  return compileIntrinsic(text).evaluate(scope, random, field);
}

function runCall(call: IntrinsicCall, scope: Scope, random: Randomness, field: string): unknown {
  const values = call.args.map((a) => argValue(a, scope, random, field));
  const impl = INTRINSIC_FUNCTIONS[call.name]!;
  return impl(values, { call, random });
}

function argValue(arg: IntrinsicArg, scope: Scope, random: Randomness, field: string): unknown {
  switch (arg.kind) {
    case 'call':
      return runCall(arg.call, scope, random, field);
    case 'path': {
      const value = arg.path.evaluate(scope);
      if (value === undefined) throw pathNotFoundError(arg.path.text, field, scope.input);
      return value;
    }
    default:
      return arg.value;
  }
}
