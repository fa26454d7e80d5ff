/**
 * A JSON reader that remembers where each value sits, so pattern errors can
 * point at the place as EventBridge does (`line: 1, column: 36`): the column
 * just after the token the reader had consumed when it found the problem.
 */

/** Where a value sits: offsets into the text (0-based, end-exclusive). */
export interface Span {
  /** Offset of the value's first character. */
  start: number;
  /** Offset just after the value's first token (`[`, `{`, or the whole scalar). */
  firstEnd: number;
  /** Offset just after the whole value. */
  end: number;
}

/** A JSON value with its position. */
export type JsonNode =
  | (Span & { kind: 'object'; entries: JsonEntry[] })
  | (Span & { kind: 'array'; items: JsonNode[] })
  | (Span & { kind: 'string'; value: string })
  | (Span & { kind: 'number'; value: number })
  | (Span & { kind: 'boolean'; value: boolean })
  | (Span & { kind: 'null'; value: null });

/** One `"key": value` member of an object. */
export interface JsonEntry {
  key: string;
  /** Offset just after the key's closing quote. */
  keyEnd: number;
  value: JsonNode;
}

/** A problem in a pattern: the reason and the offset it was found at. */
export class PatternProblem extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
    /** The dotted path of the field the problem is in, when known. */
    readonly field?: string,
  ) {
    super(reason);
    this.name = 'PatternProblem';
  }
}

/** 1-based line and column of `offset`, counted as Jackson counts them. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const stop = Math.min(offset, text.length);
  for (let i = 0; i < stop; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const EXPECTING_VALUE =
  "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

/** Parses `text` into positioned nodes; throws PatternProblem on malformed JSON. */
export function parsePositioned(text: string): JsonNode {
  let pos = 0;

  function skipSpace(): void {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos += 1;
      else break;
    }
  }

  function describe(char: string): string {
    return `'${char}' (code ${char.charCodeAt(0)})`;
  }

  function value(): JsonNode {
    skipSpace();
    if (pos >= text.length)
      throw new PatternProblem('Unexpected end-of-input: expected a value', pos);
    const start = pos;
    const c = text[pos];
    if (c === '{') return object(start);
    if (c === '[') return array(start);
    if (c === '"') {
      const str = string();
      return { kind: 'string', value: str, start, firstEnd: pos, end: pos };
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number(start);
    const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(pos))?.[0] ?? c ?? '';
    pos += Math.max(word.length, 1);
    if (word === 'true' || word === 'false')
      return { kind: 'boolean', value: word === 'true', start, firstEnd: pos, end: pos };
    if (word === 'null') return { kind: 'null', value: null, start, firstEnd: pos, end: pos };
    throw new PatternProblem(`Unrecognized token '${word}': ${EXPECTING_VALUE}`, pos);
  }

  function number(start: number): JsonNode {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(pos));
    if (!match) {
      pos += 1;
      throw new PatternProblem(`Unexpected character ${describe(text[start] ?? '')}`, pos);
    }
    pos += match[0].length;
    return { kind: 'number', value: Number(match[0]), start, firstEnd: pos, end: pos };
  }

  function string(): string {
    // pos is at the opening quote
    let end = pos + 1;
    let escaped = false;
    for (; end < text.length; end += 1) {
      const ch = text[end];
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') break;
    }
    if (end >= text.length) {
      pos = text.length;
      throw new PatternProblem('Unexpected end-of-input: was expecting closing quote', pos);
    }
    const raw = text.slice(pos, end + 1);
    pos = end + 1;
    try {
      return JSON.parse(raw) as string;
    } catch {
      throw new PatternProblem(`Malformed string ${raw}`, pos);
    }
  }

  function object(start: number): JsonNode {
    pos += 1;
    const firstEnd = pos;
    const entries: JsonEntry[] = [];
    skipSpace();
    if (text[pos] === '}') {
      pos += 1;
      return { kind: 'object', entries, start, firstEnd, end: pos };
    }
    for (;;) {
      skipSpace();
      if (text[pos] !== '"') {
        const ch = text[pos];
        throw new PatternProblem(
          ch === undefined
            ? 'Unexpected end-of-input: was expecting double-quote to start field name'
            : `Unexpected character (${describe(ch)}): was expecting double-quote to start field name`,
          pos,
        );
      }
      const key = string();
      const keyEnd = pos;
      skipSpace();
      if (text[pos] !== ':') {
        pos = Math.min(pos + 1, text.length);
        throw new PatternProblem(
          `Unexpected character after field name "${key}": was expecting a colon to separate field name and value`,
          pos,
        );
      }
      pos += 1;
      entries.push({ key, keyEnd, value: value() });
      skipSpace();
      const next = text[pos];
      pos = Math.min(pos + 1, text.length);
      if (next === '}') return { kind: 'object', entries, start, firstEnd, end: pos };
      if (next !== ',') {
        throw new PatternProblem(
          next === undefined
            ? 'Unexpected end-of-input: expected close marker for Object'
            : `Unexpected character (${describe(next)}): was expecting comma to separate Object entries`,
          pos,
        );
      }
    }
  }

  function array(start: number): JsonNode {
    pos += 1;
    const firstEnd = pos;
    const items: JsonNode[] = [];
    skipSpace();
    if (text[pos] === ']') {
      pos += 1;
      return { kind: 'array', items, start, firstEnd, end: pos };
    }
    for (;;) {
      items.push(value());
      skipSpace();
      const next = text[pos];
      pos = Math.min(pos + 1, text.length);
      if (next === ']') return { kind: 'array', items, start, firstEnd, end: pos };
      if (next !== ',') {
        throw new PatternProblem(
          next === undefined
            ? 'Unexpected end-of-input: expected close marker for Array'
            : `Unexpected character (${describe(next)}): was expecting comma to separate Array entries`,
          pos,
        );
      }
    }
  }

  const root = value();
  skipSpace();
  if (pos < text.length) {
    pos += 1;
    throw new PatternProblem(
      `Unexpected character (${describe(text[pos - 1] ?? '')}): expected end of input after the pattern`,
      pos,
    );
  }
  return root;
}
