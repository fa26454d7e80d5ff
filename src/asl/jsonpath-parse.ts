/**
 * The JSONPath grammar Step Functions accepts (Jayway's dialect): `$` (the
 * input), `$$` (the context object), `$name` (a workflow variable) and, inside
 * filters, `@`; then dot names, bracketed names, indexes (negative ones too),
 * index lists, slices, wildcards, filters `[?(...)]`, recursive descent `..`
 * and a trailing function such as `.length()`.
 */
import { FilterSyntaxError, parseFilter, type FilterNode } from './jsonpath-filter.js';

/** A path that cannot be parsed; `position` is the 0-based offset of the problem. */
export class PathSyntaxError extends Error {
  /** Offset in the path text where parsing failed. */
  readonly position: number;
  /** The path text. */
  readonly path: string;

  constructor(path: string, position: number, problem: string) {
    super(`Invalid JSONPath '${path}' at position ${position}: ${problem}`);
    this.name = 'PathSyntaxError';
    this.path = path;
    this.position = position;
  }
}

/** Where a path starts. */
export type PathRoot =
  | { kind: 'input' }
  | { kind: 'context' }
  | { kind: 'variable'; name: string }
  | { kind: 'current' };

/** One step of a path. */
export type PathStep =
  | { type: 'property'; names: string[] }
  | { type: 'index'; indexes: number[] }
  | { type: 'wildcard' }
  | { type: 'slice'; start: number | undefined; end: number | undefined; step: number | undefined }
  | { type: 'filter'; filter: FilterNode }
  | { type: 'scan'; step: PathStep }
  | { type: 'function'; name: string };

/** A parsed path. */
export interface PathAst {
  text: string;
  root: PathRoot;
  steps: PathStep[];
}

/** The functions a path may end with (Jayway's). */
export const PATH_FUNCTIONS = [
  'length',
  'size',
  'min',
  'max',
  'avg',
  'sum',
  'stddev',
  'keys',
  'first',
  'last',
];

const NAME_STOP = new Set(['.', '[', '(', ')', ']', ' ', '\t', '\n', '\r']);
const FILTER_NAME_STOP = new Set([...NAME_STOP, ',', '=', '!', '<', '>', '&', '|', '~']);

/** Parses a path; `inFilter` allows the `@` root and stops names at operators. */
export function parsePath(text: string, inFilter = false): PathAst {
  const parser = new PathParser(text, inFilter);
  return parser.parse();
}

class PathParser {
  private pos = 0;
  private readonly stop: Set<string>;

  constructor(
    private readonly text: string,
    private readonly inFilter: boolean,
  ) {
    this.stop = inFilter ? FILTER_NAME_STOP : NAME_STOP;
  }

  parse(): PathAst {
    const root = this.root();
    const steps: PathStep[] = [];
    while (this.pos < this.text.length) {
      if (steps.at(-1)?.type === 'function')
        this.fail('a function must be the last step of a path');
      steps.push(this.step());
    }
    return { text: this.text, root, steps };
  }

  private fail(problem: string, at = this.pos): never {
    throw new PathSyntaxError(this.text, at, problem);
  }

  private root(): PathRoot {
    const t = this.text;
    if (t.startsWith('$$')) {
      this.pos = 2;
      return { kind: 'context' };
    }
    if (t.startsWith('@') && this.inFilter) {
      this.pos = 1;
      return { kind: 'current' };
    }
    if (!t.startsWith('$')) this.fail("a path must start with '$'", 0);
    this.pos = 1;
    if (/[A-Za-z_]/.test(t.charAt(1))) {
      let end = 2;
      while (end < t.length && /[A-Za-z0-9_]/.test(t.charAt(end))) end++;
      this.pos = end;
      return { kind: 'variable', name: t.slice(1, end) };
    }
    return { kind: 'input' };
  }

  private step(): PathStep {
    const t = this.text;
    if (t.startsWith('..', this.pos)) {
      this.pos += 2;
      if (t.charAt(this.pos) === '[') return { type: 'scan', step: this.bracket() };
      if (t.charAt(this.pos) === '*') {
        this.pos++;
        return { type: 'scan', step: { type: 'wildcard' } };
      }
      return { type: 'scan', step: { type: 'property', names: [this.name()] } };
    }
    if (t.charAt(this.pos) === '.') {
      this.pos++;
      if (t.charAt(this.pos) === '*') {
        this.pos++;
        return { type: 'wildcard' };
      }
      const name = this.name();
      if (t.startsWith('()', this.pos)) {
        if (!PATH_FUNCTIONS.includes(name)) this.fail(`unknown function '${name}()'`);
        this.pos += 2;
        return { type: 'function', name };
      }
      return { type: 'property', names: [name] };
    }
    if (t.charAt(this.pos) === '[') return this.bracket();
    return this.fail(`unexpected character '${t.charAt(this.pos)}'`);
  }

  private name(): string {
    const start = this.pos;
    while (this.pos < this.text.length && !this.stop.has(this.text.charAt(this.pos))) this.pos++;
    if (this.pos === start) this.fail('expected a property name');
    return this.text.slice(start, this.pos);
  }

  private skipSpace(): void {
    while (/\s/.test(this.text.charAt(this.pos))) this.pos++;
  }

  private expect(char: string): void {
    this.skipSpace();
    if (this.text.charAt(this.pos) !== char) this.fail(`expected '${char}'`);
    this.pos++;
  }

  private bracket(): PathStep {
    const open = this.pos;
    this.pos++;
    this.skipSpace();
    const c = this.text.charAt(this.pos);
    let step: PathStep;
    if (c === '*') {
      this.pos++;
      step = { type: 'wildcard' };
    } else if (c === '?') {
      step = this.filter();
    } else if (c === "'" || c === '"') {
      step = { type: 'property', names: this.quotedNames() };
    } else if (c === ':' || c === '-' || /\d/.test(c)) {
      step = this.indexesOrSlice();
    } else {
      this.fail(
        c === '' ? `unclosed '[' at position ${open}` : `unexpected character '${c}' in brackets`,
      );
    }
    this.expect(']');
    return step;
  }

  private quotedNames(): string[] {
    const names: string[] = [];
    for (;;) {
      this.skipSpace();
      names.push(this.quoted());
      this.skipSpace();
      if (this.text.charAt(this.pos) !== ',') return names;
      this.pos++;
    }
  }

  private quoted(): string {
    const quote = this.text.charAt(this.pos);
    if (quote !== "'" && quote !== '"') this.fail('expected a quoted property name');
    const start = this.pos;
    let out = '';
    for (this.pos++; this.pos < this.text.length; this.pos++) {
      const ch = this.text.charAt(this.pos);
      if (ch === '\\' && this.pos + 1 < this.text.length) {
        out += this.text.charAt(++this.pos);
      } else if (ch === quote) {
        this.pos++;
        return out;
      } else {
        out += ch;
      }
    }
    return this.fail('unterminated quoted name', start);
  }

  private integer(): number | undefined {
    this.skipSpace();
    const m = /^-?\d+/.exec(this.text.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private indexesOrSlice(): PathStep {
    const first = this.integer();
    this.skipSpace();
    if (this.text.charAt(this.pos) === ':') {
      this.pos++;
      const end = this.integer();
      this.skipSpace();
      let step: number | undefined;
      if (this.text.charAt(this.pos) === ':') {
        this.pos++;
        step = this.integer();
        if (step === 0) this.fail('a slice step cannot be 0');
      }
      return { type: 'slice', start: first, end, step };
    }
    if (first === undefined) this.fail('expected an index');
    const indexes = [first];
    while (this.text.charAt(this.pos) === ',') {
      this.pos++;
      const next = this.integer();
      if (next === undefined) this.fail('expected an index');
      indexes.push(next);
      this.skipSpace();
    }
    return { type: 'index', indexes };
  }

  private filter(): PathStep {
    const start = this.pos;
    this.pos++; // '?'
    this.skipSpace();
    if (this.text.charAt(this.pos) !== '(') this.fail("expected '(' after '?'");
    const end = findClosing(this.text, this.pos);
    if (end < 0) this.fail('unclosed filter expression', start);
    const body = this.text.slice(this.pos + 1, end);
    let filter: FilterNode;
    try {
      filter = parseFilter(body, (operand) => parsePath(operand, true));
    } catch (err) {
      if (err instanceof FilterSyntaxError) this.fail(err.problem, this.pos + 1 + err.position);
      throw err;
    }
    this.pos = end + 1;
    return { type: 'filter', filter };
  }
}

/** Offset of the `)` closing the `(` at `open`, skipping quoted text and regexes; -1 when none. */
export function findClosing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === "'" || ch === '"') {
      i = skipQuoted(text, i);
      if (i < 0) return -1;
    } else if (ch === '(' || ch === '[') {
      depth++;
    } else if (ch === ')' || ch === ']') {
      depth--;
      if (depth === 0) return ch === ')' ? i : -1;
    }
  }
  return -1;
}

/** Offset of the quote closing the one at `start` (backslash escapes honoured); -1 when none. */
export function skipQuoted(text: string, start: number): number {
  const quote = text.charAt(start);
  for (let i = start + 1; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '\\') i++;
    else if (ch === quote) return i;
  }
  return -1;
}
