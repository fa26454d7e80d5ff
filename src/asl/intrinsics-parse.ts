/**
 * The intrinsic function call syntax: `States.Name(arg, ...)` where an
 * argument is a nested call, a string literal in single quotes (with `\'`,
 * `\{`, `\}` and `\\` escapes), a number, `true`, `false`, `null`, or a path
 * (`$...`, `$$...`, `$name...`). Calls nest at most 10 deep.
 */
import { compilePath, PathSyntaxError, type CompiledPath } from './jsonpath.js';

/** An intrinsic expression that cannot be parsed; `position` is the 0-based offset of the problem. */
export class IntrinsicSyntaxError extends Error {
  /** Offset in `text` where parsing failed. */
  readonly position: number;
  /** The expression text. */
  readonly text: string;

  constructor(text: string, position: number, problem: string) {
    super(`Invalid intrinsic function call '${text}' at position ${position}: ${problem}`);
    this.name = 'IntrinsicSyntaxError';
    this.text = text;
    this.position = position;
  }
}

/** One argument of a call. */
export type IntrinsicArg =
  | { kind: 'call'; call: IntrinsicCall }
  | { kind: 'string'; value: string; raw: string }
  | { kind: 'number'; value: number }
  | { kind: 'literal'; value: boolean | null }
  | { kind: 'path'; path: CompiledPath };

/** A parsed call. */
export interface IntrinsicCall {
  /** The full function name, e.g. `States.Format`. */
  name: string;
  args: IntrinsicArg[];
  /** Offset of the call in the expression. */
  position: number;
}

/** Every intrinsic function with its [minimum, maximum] argument count. */
export const INTRINSIC_ARITY: Readonly<Record<string, readonly [number, number]>> = {
  'States.Format': [1, Infinity],
  'States.StringToJson': [1, 1],
  'States.JsonToString': [1, 1],
  'States.Array': [0, Infinity],
  'States.ArrayPartition': [2, 2],
  'States.ArrayContains': [2, 2],
  'States.ArrayRange': [3, 3],
  'States.ArrayGetItem': [2, 2],
  'States.ArrayLength': [1, 1],
  'States.ArrayUnique': [1, 1],
  'States.Base64Encode': [1, 1],
  'States.Base64Decode': [1, 1],
  'States.Hash': [2, 2],
  'States.JsonMerge': [3, 3],
  'States.MathRandom': [2, 3],
  'States.MathAdd': [2, 2],
  'States.StringSplit': [2, 2],
  'States.UUID': [0, 0],
};

/** The deepest nesting of calls AWS accepts. */
export const MAX_INTRINSIC_DEPTH = 10;

/** True when `text` is written as an intrinsic function call (starts with `States.`). */
export function looksLikeIntrinsic(text: string): boolean {
  return text.trimStart().startsWith('States.');
}

/** Parses an intrinsic function call; throws IntrinsicSyntaxError. */
export function parseIntrinsicCall(text: string): IntrinsicCall {
  const parser = new IntrinsicParser(text);
  const call = parser.call(1);
  parser.end();
  return call;
}

/** The `{}` placeholders in a Format template, after escapes; -1 for a lone brace. */
export function countPlaceholders(raw: string): number {
  let count = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charAt(i);
    if (ch === '\\') i++;
    else if (ch === '{' && raw.charAt(i + 1) === '}') {
      count++;
      i++;
    }
  }
  return count;
}

class IntrinsicParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  private fail(problem: string, at = this.pos): never {
    throw new IntrinsicSyntaxError(this.text, at, problem);
  }

  private space(): void {
    while (/\s/.test(this.text.charAt(this.pos))) this.pos++;
  }

  end(): void {
    this.space();
    if (this.pos < this.text.length)
      this.fail(`unexpected text after the call: '${this.text.slice(this.pos)}'`);
  }

  call(depth: number): IntrinsicCall {
    this.space();
    const position = this.pos;
    if (depth > MAX_INTRINSIC_DEPTH)
      this.fail(`intrinsic functions can be nested at most ${MAX_INTRINSIC_DEPTH} deep`);
    const m = /^States\.[A-Za-z0-9]+/.exec(this.text.slice(this.pos));
    if (!m) this.fail("expected an intrinsic function such as 'States.Format('");
    const name = m[0];
    const arity = INTRINSIC_ARITY[name];
    if (arity === undefined) this.fail(`unknown intrinsic function '${name}'`);
    this.pos += name.length;
    this.space();
    if (this.text.charAt(this.pos) !== '(') this.fail(`expected '(' after ${name}`);
    this.pos++;
    const args = this.args(depth);
    const [min, max] = arity;
    if (args.length < min || args.length > max) {
      const expected =
        min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      this.fail(
        `${name} takes ${expected} argument${min === 1 && max === 1 ? '' : 's'}, but ${args.length} were given`,
        position,
      );
    }
    checkFormat(this.text, name, args, position);
    return { name, args, position };
  }

  private args(depth: number): IntrinsicArg[] {
    const args: IntrinsicArg[] = [];
    this.space();
    if (this.text.charAt(this.pos) === ')') {
      this.pos++;
      return args;
    }
    for (;;) {
      args.push(this.arg(depth));
      this.space();
      const ch = this.text.charAt(this.pos++);
      if (ch === ')') return args;
      if (ch !== ',')
        this.fail(
          ch === '' ? "missing ')'" : `expected ',' or ')' but found '${ch}'`,
          this.pos - 1,
        );
    }
  }

  private arg(depth: number): IntrinsicArg {
    this.space();
    const rest = this.text.slice(this.pos);
    if (rest.startsWith('States.')) return { kind: 'call', call: this.call(depth + 1) };
    const ch = rest.charAt(0);
    if (ch === "'") return this.string();
    if (ch === '$') return this.path();
    const m = /^(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)(?![A-Za-z0-9_$.])/.exec(rest);
    if (!m)
      this.fail('expected a string, a number, true, false, null, a path or an intrinsic function');
    this.pos += m[0].length;
    const value = JSON.parse(m[0]) as number | boolean | null;
    return typeof value === 'number' ? { kind: 'number', value } : { kind: 'literal', value };
  }

  private string(): IntrinsicArg {
    const start = this.pos;
    let value = '';
    for (let i = start + 1; i < this.text.length; i++) {
      const ch = this.text.charAt(i);
      if (ch === '\\' && i + 1 < this.text.length) {
        value += this.text.charAt(++i);
      } else if (ch === "'") {
        this.pos = i + 1;
        return { kind: 'string', value, raw: this.text.slice(start + 1, i) };
      } else {
        value += ch;
      }
    }
    return this.fail('unterminated string literal', start);
  }

  private path(): IntrinsicArg {
    const start = this.pos;
    let depth = 0;
    let i = start;
    for (; i < this.text.length; i++) {
      const ch = this.text.charAt(i);
      if (ch === "'" || ch === '"') {
        i = this.closingQuote(i);
      } else if (ch === '[' || ch === '(') {
        depth++;
      } else if ((ch === ']' || ch === ')') && depth > 0) {
        depth--;
      } else if (depth === 0 && (ch === ',' || ch === ')')) {
        break;
      }
    }
    const text = this.text.slice(start, i).trimEnd();
    try {
      const path = compilePath(text);
      this.pos = i;
      return { kind: 'path', path };
    } catch (err) {
      if (err instanceof PathSyntaxError) this.fail(err.message, start + err.position);
      throw err;
    }
  }

  private closingQuote(start: number): number {
    const quote = this.text.charAt(start);
    for (let i = start + 1; i < this.text.length; i++) {
      if (this.text.charAt(i) === '\\') i++;
      else if (this.text.charAt(i) === quote) return i;
    }
    return this.fail('unterminated quoted name', start);
  }
}

function checkFormat(text: string, name: string, args: IntrinsicArg[], position: number): void {
  const template = args[0];
  if (name !== 'States.Format' || template?.kind !== 'string') return;
  const placeholders = countPlaceholders(template.raw);
  if (placeholders !== args.length - 1) {
    throw new IntrinsicSyntaxError(
      text,
      position,
      `States.Format has ${placeholders} placeholder${placeholders === 1 ? '' : 's'} '{}' but ${args.length - 1} value argument${args.length === 2 ? '' : 's'}`,
    );
  }
}
