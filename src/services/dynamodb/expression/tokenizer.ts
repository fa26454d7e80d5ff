/**
 * The tokeniser shared by every DynamoDB expression kind (condition, filter,
 * key condition, update, projection).
 */

/** What a token is. `invalid` is a character no expression may contain (`!`, a lone `#`). */
export type TokenType = 'name' | 'alias' | 'value' | 'number' | 'punct' | 'invalid' | 'eof';

/** One token and where it sits in the source (`start` inclusive, `end` exclusive). */
export interface Token {
  type: TokenType;
  text: string;
  start: number;
  end: number;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const TWO_CHAR = new Set(['<>', '<=', '>=']);
const ONE_CHAR = new Set(['.', '[', ']', '(', ')', ',', '=', '<', '>', '+', '-']);

function readWhile(source: string, from: number, pattern: RegExp): number {
  let end = from;
  while (end < source.length && pattern.test(source[end] ?? '')) end += 1;
  return end;
}

function readToken(source: string, start: number): Token {
  const ch = source[start] ?? '';
  const pair = source.slice(start, start + 2);
  if (TWO_CHAR.has(pair)) return { type: 'punct', text: pair, start, end: start + 2 };
  if (ONE_CHAR.has(ch)) return { type: 'punct', text: ch, start, end: start + 1 };
  if (ch === '#' || ch === ':') {
    const end = readWhile(source, start + 1, NAME_PART);
    if (end === start + 1) return { type: 'invalid', text: ch, start, end };
    return { type: ch === '#' ? 'alias' : 'value', text: source.slice(start, end), start, end };
  }
  if (NAME_START.test(ch)) {
    const end = readWhile(source, start + 1, NAME_PART);
    return { type: 'name', text: source.slice(start, end), start, end };
  }
  if (/[0-9]/.test(ch)) {
    const end = readWhile(source, start, /[0-9]/);
    return { type: 'number', text: source.slice(start, end), start, end };
  }
  return { type: 'invalid', text: ch, start, end: start + 1 };
}

/** Splits `source` into tokens, ending with one `eof` token. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < source.length) {
    if (/\s/.test(source[pos] ?? '')) {
      pos += 1;
      continue;
    }
    const token = readToken(source, pos);
    tokens.push(token);
    pos = token.end;
  }
  tokens.push({ type: 'eof', text: '<EOF>', start: source.length, end: source.length });
  return tokens;
}
