import { DiagnosticCode, type DiagnosticCollector } from './validate-diagnostics.js';

/**
 * Reads the raw text of a definition: JSON syntax errors with their line and
 * column, and keys that appear twice in one object (JSON.parse silently keeps
 * the last one, AWS refuses the definition). A repeated key directly under a
 * `States` object is a duplicate state name.
 */

/** What reading the text found: the value when it parses. */
export type ReadResult = { ok: true; value: unknown } | { ok: false };

/** Parses `text`, reporting syntax errors and duplicate keys into `out`. */
export function readDefinitionText(text: string, out: DiagnosticCollector): ReadResult {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const scanner = new Scanner(source, out);
  try {
    scanner.document();
  } catch (err) {
    if (!(err instanceof SyntaxFailure)) throw err;
    const { line, column } = lineAndColumn(source, err.position);
    out.error(
      DiagnosticCode.INVALID_JSON_DESCRIPTION,
      `${err.reason} at line ${line}, column ${column}. ${err.hint}`,
      `[line: ${line}, column: ${column}]`,
    );
    return { ok: false };
  }
  return { ok: true, value: JSON.parse(source) };
}

class SyntaxFailure {
  constructor(
    readonly position: number,
    readonly reason: string,
    readonly hint = 'Fix the JSON syntax of the definition there.',
  ) {}
}

/** 1-based line and column of a character offset. */
function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

/** Deepest nesting accepted, as Jackson's default StreamReadConstraints (AWS parses with Jackson). */
export const MAX_NESTING_DEPTH = 1000;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'] as const;

/** A recursive-descent JSON reader that keeps locations and keys, not values. */
class Scanner {
  private pos = 0;
  private depth = 0;
  /** Field names and `[i]` indexes from the root to the current value. */
  private readonly keys: string[] = [];

  constructor(
    private readonly text: string,
    private readonly out: DiagnosticCollector,
  ) {}

  document(): void {
    this.skipSpace();
    if (this.pos >= this.text.length) this.fail('Unexpected end of input: expected a JSON value');
    this.value();
    this.skipSpace();
    if (this.pos < this.text.length) {
      this.fail(`Unexpected character ${this.describe()} after the end of the JSON value`);
    }
  }

  private value(): void {
    const c = this.text[this.pos];
    if ((c === '{' || c === '[') && ++this.depth > MAX_NESTING_DEPTH) {
      throw new SyntaxFailure(this.pos, tooDeep(this.depth), 'Nest the data less deeply.');
    }
    if (c === '{') this.object();
    else if (c === '[') this.array();
    else if (c === '"') this.string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number();
    else this.literal();
    if (c === '{' || c === '[') this.depth--;
  }

  private object(): void {
    this.pos++;
    const seen = new Set<string>();
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"')
        this.fail(`Unexpected ${this.describe()}: expected a field name in double quotes`);
      const key = this.string();
      if (seen.has(key)) this.duplicate(key);
      seen.add(key);
      this.skipSpace();
      this.expect(':', 'a colon after the field name');
      this.skipSpace();
      this.keys.push(key);
      this.value();
      this.keys.pop();
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect('}', "',' or '}' after a field value");
      return;
    }
  }

  private array(): void {
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (let index = 0; ; index++) {
      this.skipSpace();
      this.keys.push(`[${index}]`);
      this.value();
      this.keys.pop();
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect(']', "',' or ']' after an array element");
      return;
    }
  }

  private duplicate(key: string): void {
    const location = locationOf([...this.keys, key]);
    if (isStatesObject(this.keys)) {
      this.out.error(
        DiagnosticCode.DUPLICATE_STATE_NAME,
        `Duplicate State name: ${key}. State names must be unique in the whole state machine; rename one of them.`,
        location,
      );
      return;
    }
    this.out.error(
      DiagnosticCode.INVALID_JSON_DESCRIPTION,
      `Duplicate field '${key}'. A JSON object may name a field only once; remove or rename one of them.`,
      location,
    );
  }

  /** Reads a string token and returns its decoded text. */
  private string(): string {
    const start = this.pos++;
    let escaped = false;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code)) this.fail('Unexpected end of input inside a string', start);
      if (code === 0x22) break;
      if (code < 0x20) this.fail('Unescaped control character inside a string');
      if (code === 0x5c) {
        escaped = true;
        this.escape();
      } else this.pos++;
    }
    this.pos++;
    const raw = this.text.slice(start + 1, this.pos - 1);
    return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

  private escape(): void {
    const next = this.text[this.pos + 1];
    if (next === 'u') {
      if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
        this.fail('Invalid \\u escape: expected four hexadecimal digits');
      }
      this.pos += 6;
    } else if (next !== undefined && '"\\/bfnrt'.includes(next)) this.pos += 2;
    else this.fail(`Invalid escape '\\${next ?? ''}' inside a string`);
  }

  private number(): void {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail(`Unexpected ${this.describe()}: expected a number`);
    this.pos += match[0].length;
  }

  private literal(): void {
    for (const word of LITERALS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return;
      }
    }
    const token = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.pos, this.pos + 40))?.[0];
    const what = token === undefined ? this.describe() : `token '${token}'`;
    this.fail(
      `Unrecognized ${what}: expected a JSON value (string, number, object, array, true, false or null)`,
    );
  }

  private expect(char: string, what: string): void {
    if (this.text[this.pos] !== char) this.fail(`Unexpected ${this.describe()}: expected ${what}`);
    this.pos++;
  }

  private skipSpace(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else return;
    }
  }

  private describe(): string {
    const c = this.text[this.pos];
    return c === undefined ? 'end of input' : `character '${c}'`;
  }

  private fail(reason: string, position = this.pos): never {
    throw new SyntaxFailure(position, reason);
  }
}

/** The location of the value reached through `keys`: `/States/A/Retry[0]`. */
function locationOf(keys: readonly string[]): string {
  return keys.map((k) => (k.startsWith('[') ? k : `/${k}`)).join('');
}

/** The message for a document nested deeper than {@link MAX_NESTING_DEPTH}. */
export function tooDeep(depth: number): string {
  return `Document nesting depth (${depth}) exceeds the maximum allowed (${MAX_NESTING_DEPTH})`;
}

/** True when `value` nests objects and arrays deeper than {@link MAX_NESTING_DEPTH}. */
export function nestsTooDeep(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== 'object' || item === null) continue;
    if (depth > MAX_NESTING_DEPTH) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * True when the object reached through `keys` is a States map: `States` at
 * the root, or inside a Parallel branch or a Map's ItemProcessor / Iterator.
 */
function isStatesObject(keys: readonly string[]): boolean {
  let i = 0;
  for (;;) {
    if (keys[i] !== 'States') return false;
    if (i === keys.length - 1) return true;
    // States/<name>/Branches/[n]/States or States/<name>/(ItemProcessor|Iterator)/States
    const container = keys[i + 2];
    if (container === 'Branches' && /^\[\d+\]$/.test(keys[i + 3] ?? '')) i += 4;
    else if (container === 'ItemProcessor' || container === 'Iterator') i += 3;
    else return false;
  }
}
