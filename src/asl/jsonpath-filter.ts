/**
 * Filter expressions of JSONPath (`[?(@.price < 10 && @.tags)]`), with
 * Jayway's operators and comparison rules: `==` `!=` `<` `<=` `>` `>=`,
 * `=~ /regex/flags` (whole-string match), `in` `nin` `subsetof` `anyof`
 * `noneof` `size` `empty`, `&&` `||` `!` and parentheses. A lone path tests
 * that the path exists.
 */
import { jsonEqual } from '../core/index.js';
import type { PathAst } from './jsonpath-parse.js';

/** A filter that cannot be parsed; `position` is relative to the filter body. */
export class FilterSyntaxError extends Error {
  constructor(
    readonly position: number,
    readonly problem: string,
  ) {
    super(problem);
    this.name = 'FilterSyntaxError';
  }
}

/** An operand of a comparison. */
export type FilterOperand =
  | { kind: 'path'; path: PathAst }
  | { kind: 'value'; value: unknown }
  | { kind: 'regex'; regex: RegExp };

/** A node of a filter expression. */
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'exists'; operand: FilterOperand }
  | { kind: 'compare'; op: string; left: FilterOperand; right: FilterOperand };

/** Evaluates a path operand against the current item (`@`) or the root (`$`); undefined when absent. */
export type OperandEvaluator = (path: PathAst, current: unknown) => unknown;

const WORD_OPS = ['subsetof', 'anyof', 'noneof', 'empty', 'size', 'nin', 'in'];
const SYMBOL_OPS = ['==', '!=', '<=', '>=', '=~', '<', '>'];

/** Parses a filter body (the text between `?(` and `)`); `parsePath` parses `@...`/`$...` operands. */
export function parseFilter(body: string, parsePath: (text: string) => PathAst): FilterNode {
  const parser = new FilterParser(body, parsePath);
  const node = parser.or();
  parser.end();
  return node;
}

class FilterParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly parsePath: (text: string) => PathAst,
  ) {}

  private space(): void {
    while (/\s/.test(this.text.charAt(this.pos))) this.pos++;
  }

  private take(token: string): boolean {
    this.space();
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  end(): void {
    this.space();
    if (this.pos < this.text.length)
      throw new FilterSyntaxError(this.pos, `unexpected '${this.text.slice(this.pos)}'`);
  }

  or(): FilterNode {
    let left = this.and();
    while (this.take('||')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): FilterNode {
    let left = this.unary();
    while (this.take('&&')) left = { kind: 'and', left, right: this.unary() };
    return left;
  }

  private unary(): FilterNode {
    this.space();
    if (this.text.charAt(this.pos) === '!' && this.text.charAt(this.pos + 1) !== '=') {
      this.pos++;
      return { kind: 'not', operand: this.unary() };
    }
    if (this.take('(')) {
      const inner = this.or();
      if (!this.take(')')) throw new FilterSyntaxError(this.pos, "expected ')'");
      return inner;
    }
    return this.comparison();
  }

  private comparison(): FilterNode {
    const left = this.operand();
    const op = this.operator();
    if (op === undefined) return { kind: 'exists', operand: left };
    return { kind: 'compare', op, left, right: this.operand() };
  }

  private operator(): string | undefined {
    this.space();
    for (const op of SYMBOL_OPS) if (this.take(op)) return op;
    for (const op of WORD_OPS) {
      const after = this.text.charAt(this.pos + op.length);
      if (this.text.startsWith(op, this.pos) && !/[A-Za-z0-9_]/.test(after)) {
        this.pos += op.length;
        return op;
      }
    }
    return undefined;
  }

  private operand(): FilterOperand {
    this.space();
    const start = this.pos;
    const c = this.text.charAt(this.pos);
    if (c === '@' || c === '$') return { kind: 'path', path: this.pathOperand() };
    if (c === "'" || c === '"') return { kind: 'value', value: this.quoted() };
    if (c === '/') return { kind: 'regex', regex: this.regex() };
    if (c === '[' || c === '{') return { kind: 'value', value: this.jsonLiteral() };
    const m = /^(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)/.exec(this.text.slice(this.pos));
    if (!m) throw new FilterSyntaxError(start, 'expected a value, a path or a regular expression');
    this.pos += m[0].length;
    return { kind: 'value', value: JSON.parse(m[0]) };
  }

  private pathOperand(): PathAst {
    const start = this.pos;
    let depth = 0;
    for (; this.pos < this.text.length; this.pos++) {
      const ch = this.text.charAt(this.pos);
      if (ch === "'" || ch === '"') {
        this.pos = this.skipQuote(this.pos);
      } else if (ch === '[') {
        depth++;
      } else if (ch === ']') {
        depth--;
      } else if (ch === '(' && this.text.charAt(this.pos + 1) === ')') {
        this.pos++;
      } else if (depth === 0 && /[\s)=!<>&|,]/.test(ch)) {
        break;
      }
    }
    const text = this.text.slice(start, this.pos);
    try {
      return this.parsePath(text);
    } catch (err) {
      const position = (err as { position?: number }).position ?? 0;
      throw new FilterSyntaxError(start + position, (err as Error).message);
    }
  }

  private skipQuote(start: number): number {
    const quote = this.text.charAt(start);
    for (let i = start + 1; i < this.text.length; i++) {
      if (this.text.charAt(i) === '\\') i++;
      else if (this.text.charAt(i) === quote) return i;
    }
    throw new FilterSyntaxError(start, 'unterminated string');
  }

  private quoted(): string {
    const start = this.pos;
    const end = this.skipQuote(start);
    this.pos = end + 1;
    return this.text.slice(start + 1, end).replace(/\\(.)/g, '$1');
  }

  private regex(): RegExp {
    const start = this.pos;
    let i = start + 1;
    for (; i < this.text.length && this.text.charAt(i) !== '/'; i++)
      if (this.text.charAt(i) === '\\') i++;
    if (i >= this.text.length)
      throw new FilterSyntaxError(start, 'unterminated regular expression');
    const source = this.text.slice(start + 1, i);
    const flags = /^[a-z]*/.exec(this.text.slice(i + 1))?.[0] ?? '';
    this.pos = i + 1 + flags.length;
    try {
      return new RegExp(`^(?:${source})$`, flags.replace(/[^imsu]/g, ''));
    } catch (err) {
      throw new FilterSyntaxError(start, `invalid regular expression: ${(err as Error).message}`);
    }
  }

  private jsonLiteral(): unknown {
    // Jayway accepts JSON arrays/objects, with single-quoted strings too.
    const start = this.pos;
    let depth = 0;
    for (; this.pos < this.text.length; this.pos++) {
      const ch = this.text.charAt(this.pos);
      if (ch === "'" || ch === '"') this.pos = this.skipQuote(this.pos);
      else if (ch === '[' || ch === '{') depth++;
      else if ((ch === ']' || ch === '}') && --depth === 0) break;
    }
    const raw = this.text.slice(start, ++this.pos);
    const json = raw.replace(/'((?:\\.|[^'\\])*)'/g, (_m, s: string) =>
      JSON.stringify(s.replace(/\\(.)/g, '$1')),
    );
    try {
      return JSON.parse(json);
    } catch {
      throw new FilterSyntaxError(start, `invalid literal ${raw}`);
    }
  }
}

/** True when the filter accepts `current`. */
export function evaluateFilter(
  node: FilterNode,
  current: unknown,
  evalPath: OperandEvaluator,
): boolean {
  switch (node.kind) {
    case 'and':
      return (
        evaluateFilter(node.left, current, evalPath) &&
        evaluateFilter(node.right, current, evalPath)
      );
    case 'or':
      return (
        evaluateFilter(node.left, current, evalPath) ||
        evaluateFilter(node.right, current, evalPath)
      );
    case 'not':
      return !evaluateFilter(node.operand, current, evalPath);
    case 'exists': {
      const value = operandValue(node.operand, current, evalPath);
      return node.operand.kind === 'path' ? value !== undefined : value === true;
    }
    case 'compare':
      return compare(node, current, evalPath);
  }
}

function operandValue(
  operand: FilterOperand,
  current: unknown,
  evalPath: OperandEvaluator,
): unknown {
  if (operand.kind === 'path') return evalPath(operand.path, current);
  if (operand.kind === 'value') return operand.value;
  return operand.regex;
}

function compare(
  node: Extract<FilterNode, { kind: 'compare' }>,
  current: unknown,
  evalPath: OperandEvaluator,
): boolean {
  const left = operandValue(node.left, current, evalPath);
  const right = operandValue(node.right, current, evalPath);
  switch (node.op) {
    case '==':
      return looseEqual(left, right);
    case '!=':
      return !looseEqual(left, right);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return ordered(node.op, left, right);
    case '=~':
      return right instanceof RegExp && typeof left === 'string' && right.test(left);
    case 'in':
      return Array.isArray(right) && right.some((item) => looseEqual(left, item));
    case 'nin':
      return !(Array.isArray(right) && right.some((item) => looseEqual(left, item)));
    case 'subsetof':
      return (
        Array.isArray(left) &&
        Array.isArray(right) &&
        left.every((a) => right.some((b) => looseEqual(a, b)))
      );
    case 'anyof':
      return (
        Array.isArray(left) &&
        Array.isArray(right) &&
        left.some((a) => right.some((b) => looseEqual(a, b)))
      );
    case 'noneof':
      return (
        Array.isArray(left) &&
        Array.isArray(right) &&
        !left.some((a) => right.some((b) => looseEqual(a, b)))
      );
    case 'size':
      return (Array.isArray(left) || typeof left === 'string') && left.length === right;
    case 'empty':
      return (Array.isArray(left) || typeof left === 'string') && (left.length === 0) === right;
    default:
      return false;
  }
}

function ordered(op: string, left: unknown, right: unknown): boolean {
  const comparable =
    (typeof left === 'number' && typeof right === 'number') ||
    (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  const a = left;
  const b = right;
  if (op === '<') return a < b;
  if (op === '<=') return a <= b;
  if (op === '>') return a > b;
  return a >= b;
}

/** Jayway's equality: deep for JSON, and a number equals a string that spells the same number. */
export function looseEqual(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'string') return b.trim() !== '' && Number(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return looseEqual(b, a);
  return jsonEqual(a, b);
}
