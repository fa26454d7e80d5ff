import { ModelmillError } from '../core/index.js';
import type { Token } from './dqdl-lexer.js';
import { tokenizeDqdl } from './dqdl-lexer.js';

/**
 * A cursor over DQDL tokens for the parser, which also knows which rule it is
 * in, so every error can say where (line, column) and in which rule.
 */
export class DqdlCursor {
  private readonly tokens: Token[];
  private index = 0;
  /** 1-based number of the top-level rule being parsed (0 outside the list). */
  ruleNumber = 0;
  /** Type of the innermost rule being parsed, once known. */
  ruleType: string | undefined;

  constructor(readonly text: string) {
    this.tokens = tokenizeDqdl(text);
  }

  /** The token `ahead` places after the current one (the last token is eof). */
  peek(ahead = 0): Token {
    const last = this.tokens[this.tokens.length - 1] as Token;
    return this.tokens[this.index + ahead] ?? last;
  }

  /** Consumes and returns the current token. */
  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  /** True when the current token is punctuation or a word with this text. */
  is(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return (token.kind === 'punct' || token.kind === 'word') && token.text === text;
  }

  /** Consumes the token when it has this text; true when it did. */
  accept(text: string): boolean {
    if (!this.is(text)) return false;
    this.next();
    return true;
  }

  /** Consumes a token with this text or fails with `hint`. */
  expect(text: string, hint: string): Token {
    if (!this.is(text))
      this.fail(this.peek(), `expected '${text}' ${hint}; found ${describe(this.peek())}`);
    return this.next();
  }

  /** Names the rule being parsed, for messages: `rule 2 (Completeness)`. */
  ruleName(): string {
    const type = this.ruleType === undefined ? '' : ` (${this.ruleType})`;
    return `rule ${this.ruleNumber}${type}`;
  }

  /** Throws InvalidInputException located at `token`. */
  fail(token: Token, message: string): never {
    throw new ModelmillError(
      'InvalidInputException',
      `line ${token.line}, column ${token.column}: ${message}`,
      {
        details: {
          line: token.line,
          column: token.column,
          ...(this.ruleNumber > 0 ? { rule: this.ruleNumber } : {}),
        },
      },
    );
  }
}

/** How a token reads in an error message. */
export function describe(token: Token): string {
  if (token.kind === 'eof') return 'the end of the rules';
  if (token.kind === 'string') return `the string "${token.text}"`;
  return `'${token.text}'`;
}
