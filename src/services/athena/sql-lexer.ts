/**
 * A position-keeping SQL tokenizer shared by the Hive DDL parser and the
 * Trino-to-DuckDB translation. Every token knows its offsets in the original
 * text, so errors can name `line:column` and rewrites can map DuckDB's error
 * positions back onto what the user wrote.
 */

/** What a token is. */
export const TokenKind = {
  /** A bare word: keyword or identifier. */
  Word: 'word',
  /** `"double quoted"` identifier (Trino) — a string in Hive DDL mode. */
  Quoted: 'quoted',
  /** `` `backticked` `` identifier (Hive). */
  Backtick: 'backtick',
  /** `'single quoted'` string. */
  String: 'string',
  Number: 'number',
  /** Punctuation and operators. */
  Op: 'op',
} as const;
/** A token kind. */
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

/** One token with its place in the source. */
export interface Token {
  kind: TokenKind;
  /** The exact source text, quotes included. */
  text: string;
  /** The value: unquoted identifier or string contents; the text otherwise. */
  value: string;
  /** Offset of the first character. */
  start: number;
  /** Offset after the last character. */
  end: number;
}

/** How strings are read. */
export interface LexOptions {
  /** Hive: backslash escapes inside strings (`'\t'`, `'\''`). Default false (Trino: no escapes). */
  backslashEscapes?: boolean;
}

/** A tokenizing failure at a position. */
export class LexError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'LexError';
  }
}

const TWO_CHAR_OPS = new Set(['<=', '>=', '<>', '!=', '||', '->', '::', '=>']);

/** 1-based line and column of `offset` in `text`. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(0, offset), text.length);
  for (let i = 0; i < end; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, col: end - lineStart + 1 };
}

/** Splits `text` into tokens, skipping whitespace and comments. */
export function tokenize(text: string, options: LexOptions = {}): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '-' && text[i + 1] === '-') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol + 1;
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) throw new LexError('unterminated /* comment: add the closing */', i);
      i = close + 2;
    } else {
      const token = readToken(text, i, options);
      tokens.push(token);
      i = token.end;
    }
  }
  return tokens;
}

function readToken(text: string, start: number, options: LexOptions): Token {
  const ch = text[start] ?? '';
  if (ch === "'") return readQuoted(text, start, "'", TokenKind.String, options);
  if (ch === '"') return readQuoted(text, start, '"', TokenKind.Quoted, options);
  if (ch === '`') return readQuoted(text, start, '`', TokenKind.Backtick, {});
  if (/[A-Za-z_\u0080-\uffff]/.test(ch)) {
    const match = /^[A-Za-z0-9_$\u0080-\uffff]+/.exec(text.slice(start, start + 512));
    const word = match?.[0] ?? ch;
    return { kind: TokenKind.Word, text: word, value: word, start, end: start + word.length };
  }
  if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[start + 1] ?? ''))) {
    const match = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(start, start + 128));
    const num = match?.[0] ?? ch;
    return { kind: TokenKind.Number, text: num, value: num, start, end: start + num.length };
  }
  const two = text.slice(start, start + 2);
  const op = TWO_CHAR_OPS.has(two) ? two : ch;
  return { kind: TokenKind.Op, text: op, value: op, start, end: start + op.length };
}

function readQuoted(
  text: string,
  start: number,
  quote: string,
  kind: TokenKind,
  options: LexOptions,
): Token {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (options.backslashEscapes && ch === '\\' && i + 1 < text.length) {
      const [decoded, length] = unescapeHive(text, i);
      value += decoded;
      i += length;
    } else if (ch === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
      } else {
        return { kind, text: text.slice(start, i + 1), value, start, end: i + 1 };
      }
    } else {
      value += ch;
      i += 1;
    }
  }
  const what = kind === TokenKind.String ? 'string' : 'quoted identifier';
  throw new LexError(`unterminated ${what}: add the closing ${quote}`, start);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  '0': '\0',
  Z: '\x1a',
};

/** Hive's string escapes at `text[at]` (a backslash): `\t`, `\001` (octal), `\u0001`, `\'`. */
function unescapeHive(text: string, at: number): [string, number] {
  const octal = /^[0-3][0-7]{2}/.exec(text.slice(at + 1, at + 4));
  if (octal) return [String.fromCharCode(parseInt(octal[0], 8)), 4];
  const unicode = /^u([0-9a-fA-F]{4})/.exec(text.slice(at + 1, at + 6));
  if (unicode) return [String.fromCharCode(parseInt(unicode[1] ?? '0', 16)), 6];
  const next = text[at + 1] ?? '';
  return [SIMPLE_ESCAPES[next] ?? next, 2];
}

/** True when `token` is the bare word `word` (case-insensitive). */
export function isWord(token: Token | undefined, word: string): boolean {
  return token?.kind === TokenKind.Word && token.value.toUpperCase() === word;
}

/** True when `token` is the operator `op`. */
export function isOp(token: Token | undefined, op: string): boolean {
  return token?.kind === TokenKind.Op && token.value === op;
}

/** True when `token` names something (bare word, quoted or backticked identifier). */
export function isName(token: Token | undefined): token is Token {
  return (
    token?.kind === TokenKind.Word ||
    token?.kind === TokenKind.Quoted ||
    token?.kind === TokenKind.Backtick
  );
}
