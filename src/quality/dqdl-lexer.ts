import { ModelmillError } from '../core/index.js';
import type { DqdlPosition } from './types.js';

/**
 * DQDL's tokens: words (rule types, keywords), numbers, double-quoted strings
 * (`\"` and `\\` escapes), punctuation and comparison operators. `#` starts a
 * comment that runs to the end of the line. Every token knows where it starts,
 * so parse errors can name the line and column.
 */

/** Kinds of token. */
export type TokenKind = 'word' | 'number' | 'string' | 'punct' | 'eof';

/** One token. */
export interface Token {
  kind: TokenKind;
  /** The token's text; for strings, the value without quotes and escapes. */
  text: string;
  /** Offset of the first character in the document. */
  offset: number;
  /** Offset just after the last character. */
  end: number;
  line: number;
  column: number;
}

const PUNCT2 = ['>=', '<=', '!='];
const PUNCT1 = '[](){},=><:+-';

/** Splits a DQDL document into tokens (the last one is `eof`). */
export function tokenizeDqdl(text: string): Token[] {
  const tokens: Token[] = [];
  const lineStarts = [0];
  let i = 0;
  const at = (offset: number): DqdlPosition => position(lineStarts, offset);
  const push = (kind: TokenKind, value: string, start: number, end: number): void => {
    tokens.push({ kind, text: value, offset: start, end, ...at(start) });
  };
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '\n') {
      lineStarts.push(i + 1);
      i += 1;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      i += 1;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (ch === '"') {
      const { value, end } = readString(text, i, at);
      for (let k = i; k < end; k += 1) if (text[k] === '\n') lineStarts.push(k + 1);
      push('string', value, i, end);
      i = end;
    } else if (/[0-9]/.test(ch)) {
      const match = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i)) ?? [''];
      push('number', match[0], i, i + match[0].length);
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z0-9_.]+/.exec(text.slice(i)) ?? [''];
      push('word', match[0], i, i + match[0].length);
      i += match[0].length;
    } else if (PUNCT2.includes(text.slice(i, i + 2))) {
      push('punct', text.slice(i, i + 2), i, i + 2);
      i += 2;
    } else if (PUNCT1.includes(ch)) {
      push('punct', ch, i, i + 1);
      i += 1;
    } else {
      const { line, column } = at(i);
      throw new ModelmillError(
        'InvalidInputException',
        `line ${line}, column ${column}: unexpected character '${ch}' in the DQDL rules; ` +
          'rules use words, numbers, double-quoted strings, [ ] ( ) , and the operators = != > >= < <=',
        { details: { line, column } },
      );
    }
  }
  push('eof', '', text.length, text.length);
  return tokens;
}

/** Reads a double-quoted string starting at `start`; returns its value and the offset after it. */
function readString(
  text: string,
  start: number,
  at: (offset: number) => DqdlPosition,
): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      value += text[i + 1];
      i += 2;
    } else if (ch === '"') {
      return { value, end: i + 1 };
    } else {
      value += ch;
      i += 1;
    }
  }
  const { line, column } = at(start);
  throw new ModelmillError(
    'InvalidInputException',
    `line ${line}, column ${column}: the string that starts here is never closed; ` +
      'end it with a double quote (write \\" for a quote inside the string)',
    { details: { line, column } },
  );
}

/** The line and column of `offset`, given the offsets where lines start so far. */
function position(lineStarts: number[], offset: number): DqdlPosition {
  let line = lineStarts.length;
  while (line > 1 && (lineStarts[line - 1] ?? 0) > offset) line -= 1;
  return { line, column: offset - (lineStarts[line - 1] ?? 0) + 1 };
}
