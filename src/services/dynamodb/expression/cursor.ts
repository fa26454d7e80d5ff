import { ModelmillError } from '../../../core/index.js';
import type { ExpressionKind, PathNode, ValueNode } from './ast.js';
import type { Token } from './tokenizer.js';
import { tokenize } from './tokenizer.js';

/**
 * A cursor over an expression's tokens with the pieces every expression
 * grammar shares: DynamoDB-style syntax errors, keywords, document paths and
 * `:value` references. The condition, update and projection parsers build on it.
 */
export class TokenCursor {
  private readonly tokens: Token[];
  private index = 0;
  /** Every path node created, in source order (for resolution). */
  readonly paths: PathNode[] = [];
  /** Every value node created, in source order (for resolution). */
  readonly values: ValueNode[] = [];

  constructor(
    readonly source: string,
    readonly kind: ExpressionKind,
  ) {
    if (source.trim() === '') throw this.error('The expression can not be empty;');
    this.tokens = tokenize(source);
  }

  /** The token `offset` places ahead (the `eof` token past the end). */
  peek(offset = 0): Token {
    const last = this.tokens[this.tokens.length - 1] as Token;
    return this.tokens[this.index + offset] ?? last;
  }

  /** Consumes and returns the current token. */
  next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.index += 1;
    return token;
  }

  /** A ValidationException `Invalid <kind>: <message>`. */
  error(message: string): ModelmillError {
    return new ModelmillError('ValidationException', `Invalid ${this.kind}: ${message}`);
  }

  /** A syntax error at `token`, worded as DynamoDB words it, plus the position. */
  fail(token: Token = this.peek()): never {
    const at = this.tokens.indexOf(token);
    const previous = at > 0 ? this.tokens[at - 1] : undefined;
    const following = this.tokens[at + 1];
    const start = previous?.start ?? token.start;
    const end =
      token.type === 'eof'
        ? this.source.length
        : following && following.type !== 'eof'
          ? following.end
          : token.end;
    const near = this.source.slice(start, end);
    throw this.error(
      `Syntax error; token: "${token.text}", near: "${near}" (at character ${token.start + 1} of the expression)`,
    );
  }

  /** True when the current token is the keyword `word` (case-insensitive). */
  atKeyword(word: string): boolean {
    const token = this.peek();
    return token.type === 'name' && token.text.toUpperCase() === word;
  }

  /** True when the current token is the punctuation `text`. */
  atPunct(text: string): boolean {
    const token = this.peek();
    return token.type === 'punct' && token.text === text;
  }

  /** Consumes the punctuation `text` or fails with a syntax error. */
  expectPunct(text: string): Token {
    if (!this.atPunct(text)) this.fail();
    return this.next();
  }

  /** Consumes the keyword `word` or fails with a syntax error. */
  expectKeyword(word: string): Token {
    if (!this.atKeyword(word)) this.fail();
    return this.next();
  }

  /** Fails unless every token has been consumed. */
  expectEnd(): void {
    if (this.peek().type !== 'eof') this.fail();
  }

  /** True when the current token starts a function call (`name(`). */
  atCall(): boolean {
    const next = this.peek(1);
    return this.peek().type === 'name' && next.type === 'punct' && next.text === '(';
  }

  /** Parses a document path: `name`, `#alias`, then `.name`, `.#alias` or `[index]` parts. */
  parsePath(): PathNode {
    const node: PathNode = { kind: 'path', elements: [], aliases: [], bareNames: [] };
    this.pathName(node);
    for (;;) {
      if (this.atPunct('.')) {
        this.next();
        this.pathName(node);
      } else if (this.atPunct('[')) {
        this.next();
        const index = this.peek();
        if (index.type !== 'number') this.fail();
        this.next();
        node.elements.push(Number(index.text));
        this.expectPunct(']');
      } else {
        break;
      }
    }
    this.paths.push(node);
    return node;
  }

  private pathName(node: PathNode): void {
    const token = this.peek();
    if (token.type === 'name') {
      node.bareNames.push(token.text);
      node.elements.push(token.text);
    } else if (token.type === 'alias') {
      node.aliases.push({ index: node.elements.length, ref: token.text });
      node.elements.push(token.text);
    } else {
      this.fail();
    }
    this.next();
  }

  /** Parses a `:value` reference. */
  parseValue(): ValueNode {
    const token = this.peek();
    if (token.type !== 'value') this.fail();
    this.next();
    const node: ValueNode = { kind: 'value', ref: token.text };
    this.values.push(node);
    return node;
  }

  /** Parses `(` operand, operand, ... `)` after a function name, with `parseArg` per operand. */
  parseArguments<T>(parseArg: () => T): T[] {
    this.expectPunct('(');
    const args: T[] = [];
    if (this.atPunct(')')) this.fail();
    for (;;) {
      args.push(parseArg());
      if (!this.atPunct(',')) break;
      this.next();
    }
    this.expectPunct(')');
    return args;
  }

  /** Checks a function's operand count. */
  checkArity(name: string, count: number, expected: number): void {
    if (count !== expected) {
      throw this.error(
        `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${count}`,
      );
    }
  }
}
