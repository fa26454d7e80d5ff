import type { Token } from './sql-lexer.js';
import { TokenKind, isName, isOp, isWord } from './sql-lexer.js';

/**
 * A cursor over tokens for the hand-written parsers (Hive DDL, Hive types,
 * CTAS properties): look ahead, accept, expect — and fail with a message that
 * says what was expected, what was found, and where.
 */

/** A parse failure at a character offset of the statement. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

/** Reads tokens one by one. */
export class Cursor {
  private index = 0;

  constructor(
    readonly tokens: readonly Token[],
    /** Where the statement ends (for errors at the end). */
    readonly endOffset: number,
  ) {}

  /** The token `ahead` places on, without moving. */
  peek(ahead = 0): Token | undefined {
    return this.tokens[this.index + ahead];
  }

  /** Moves past the current token and returns it. */
  next(): Token | undefined {
    const token = this.tokens[this.index];
    if (token) this.index += 1;
    return token;
  }

  /** True when every token was read. */
  atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  /** The offset of the current token (or the end). */
  offset(): number {
    return this.peek()?.start ?? this.endOffset;
  }

  /** Accepts the words in sequence (e.g. `IF NOT EXISTS`) when all are there; moves only then. */
  acceptWords(...words: string[]): boolean {
    if (!words.every((word, i) => isWord(this.peek(i), word))) return false;
    this.index += words.length;
    return true;
  }

  /** Expects the words in sequence. */
  expectWords(...words: string[]): void {
    for (const word of words) {
      if (!isWord(this.peek(), word)) this.fail(`expected ${word}`);
      this.index += 1;
    }
  }

  /** Accepts the operator `op`. */
  acceptOp(op: string): boolean {
    if (!isOp(this.peek(), op)) return false;
    this.index += 1;
    return true;
  }

  /** Expects the operator `op`. */
  expectOp(op: string, context = ''): void {
    if (!this.acceptOp(op)) this.fail(`expected '${op}'${context}`);
  }

  /** Expects a name (bare word or quoted identifier); returns its value. */
  expectName(what: string): string {
    const token = this.peek();
    if (!isName(token)) this.fail(`expected ${what}`);
    this.index += 1;
    return token.value;
  }

  /** Expects a `'string'` (or, with `allowDoubleQuoted`, a `"string"`); returns its contents. */
  expectString(what: string, allowDoubleQuoted = false): string {
    const token = this.peek();
    const ok =
      token?.kind === TokenKind.String || (allowDoubleQuoted && token?.kind === TokenKind.Quoted);
    if (!ok || !token) this.fail(`expected ${what} as a quoted string`);
    this.index += 1;
    return token.value;
  }

  /** Expects an integer; returns it. */
  expectInteger(what: string): number {
    const token = this.peek();
    if (token?.kind !== TokenKind.Number || !/^\d+$/.test(token.value)) {
      this.fail(`expected ${what} as a whole number`);
    }
    this.index += 1;
    return Number(token.value);
  }

  /** Throws a ParseError with `message` as it is, at `token` (default: the current one). */
  error(message: string, token: Token | undefined = this.peek()): never {
    throw new ParseError(message, token?.start ?? this.endOffset);
  }

  /** Throws a ParseError at the current token: `<message> but found 'x'` (or `... but the statement ended`). */
  fail(message: string, token: Token | undefined = this.peek()): never {
    const found = token ? `found '${token.text}'` : 'the statement ended';
    throw new ParseError(`${message} but ${found}`, token?.start ?? this.endOffset);
  }
}
