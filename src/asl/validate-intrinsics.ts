import {
  IntrinsicSyntaxError,
  parseIntrinsic,
  type IntrinsicArg,
  type IntrinsicCall,
} from './intrinsics.js';
import { insideFilter } from './validate-paths.js';

/**
 * Static checks of intrinsic function calls (`States.Format('{}', $.a)`):
 * the call parses (name, argument count, Format placeholders, paths — the
 * runtime parser's rules), and literal arguments have the type the function
 * needs, since a wrong literal can only fail at run time.
 */

/** Why a call is invalid; `inFilter` when the problem lies inside a path filter. */
export interface IntrinsicProblem {
  message: string;
  inFilter: boolean;
}

type ArgType = 'any' | 'string' | 'number' | 'boolean' | 'array' | 'object';

/** Argument types by position; the last one repeats for variadic functions. */
const ARG_TYPES: Record<string, readonly ArgType[]> = {
  'States.Format': ['string', 'any'],
  'States.StringToJson': ['string'],
  'States.ArrayPartition': ['array', 'number'],
  'States.ArrayContains': ['array', 'any'],
  'States.ArrayRange': ['number'],
  'States.ArrayGetItem': ['array', 'number'],
  'States.ArrayLength': ['array'],
  'States.ArrayUnique': ['array'],
  'States.Base64Encode': ['string'],
  'States.Base64Decode': ['string'],
  'States.Hash': ['any', 'string'],
  'States.JsonMerge': ['object', 'object', 'boolean'],
  'States.MathRandom': ['number'],
  'States.MathAdd': ['number'],
  'States.StringSplit': ['string'],
};

/** Why the intrinsic call `text` is invalid, or undefined when it is valid. */
export function intrinsicProblem(text: string): IntrinsicProblem | undefined {
  let call: IntrinsicCall;
  try {
    call = parseIntrinsic(text);
  } catch (err) {
    if (!(err instanceof IntrinsicSyntaxError)) throw err;
    return { message: err.message, inFilter: insideFilter(text, err.position) };
  }
  const message = callProblem(call);
  return message === undefined ? undefined : { message, inFilter: false };
}

function callProblem(call: IntrinsicCall): string | undefined {
  const types = ARG_TYPES[call.name] ?? ['any'];
  for (const [index, arg] of call.args.entries()) {
    const wanted = types[Math.min(index, types.length - 1)] ?? 'any';
    const problem =
      arg.kind === 'call' ? callProblem(arg.call) : argProblem(call.name, index, arg, wanted);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function argProblem(
  name: string,
  index: number,
  arg: IntrinsicArg,
  wanted: ArgType,
): string | undefined {
  if (wanted === 'any' || arg.kind === 'path' || arg.kind === 'call') return undefined;
  const actual = arg.kind === 'literal' ? (arg.value === null ? 'null' : 'boolean') : arg.kind;
  if (actual === wanted) return undefined;
  const shown = arg.kind === 'string' ? `'${arg.raw}'` : String(arg.value);
  const kind = wanted === 'object' ? 'JSON object' : wanted;
  return `argument ${index + 1} of ${name} must be a ${kind} or a path, got the ${actual} ${shown}`;
}
