import type {
  Comparator,
  ConditionFunction,
  ConditionNode,
  ExpressionKind,
  Operand,
  Parsed,
} from './ast.js';
import { TokenCursor } from './cursor.js';

/**
 * Recursive-descent parser for conditions (ConditionExpression,
 * FilterExpression, KeyConditionExpression), with DynamoDB's precedence:
 * comparisons, IN and BETWEEN bind tightest, then NOT, AND, OR.
 */

const COMPARATORS = new Set<string>(['=', '<>', '<', '<=', '>', '>=']);
const CONDITION_FUNCTIONS: Record<ConditionFunction, number> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
};
const OTHER_FUNCTIONS = new Set(['size', 'if_not_exists', 'list_append']);

class ConditionParser extends TokenCursor {
  /** Nodes written inside their own parentheses, to refuse `((x))` as DynamoDB does. */
  private readonly parenthesized = new WeakSet<ConditionNode>();

  parseOr(): ConditionNode {
    let left = this.parseAnd();
    while (this.atKeyword('OR')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): ConditionNode {
    let left = this.parseNot();
    while (this.atKeyword('AND')) {
      this.next();
      left = { kind: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): ConditionNode {
    if (this.atKeyword('NOT')) {
      this.next();
      return { kind: 'not', operand: this.parseNot() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): ConditionNode {
    if (this.atPunct('(')) {
      this.next();
      const inner = this.parseOr();
      this.expectPunct(')');
      if (this.parenthesized.has(inner))
        throw this.error('The expression has redundant parentheses;');
      this.parenthesized.add(inner);
      return inner;
    }
    if (this.atCall() && this.peek().text !== 'size') return this.parseFunction();
    const operand = this.parseOperand();
    return this.parseComparison(operand);
  }

  private parseFunction(): ConditionNode {
    const name = this.next().text;
    if (!(name in CONDITION_FUNCTIONS)) {
      if (OTHER_FUNCTIONS.has(name)) {
        throw this.error(
          `The function is not allowed to be used this way in an expression; function: ${name}`,
        );
      }
      throw this.error(`Invalid function name; function: ${name}`);
    }
    const fn = name as ConditionFunction;
    const args = this.parseArguments(() => this.parseOperand());
    this.checkArity(fn, args.length, CONDITION_FUNCTIONS[fn]);
    if (args[0]?.kind !== 'path') {
      throw this.error(
        `Operator or function requires a document path; operator or function: ${fn}`,
      );
    }
    if (fn === 'attribute_type' && args[1]?.kind !== 'value') {
      throw this.error(
        `Incorrect operand type for operator or function; operator or function: attribute_type, operand type: PATH`,
      );
    }
    return { kind: 'function', name: fn, args };
  }

  /** A path, a `:value`, or `size(path)`. */
  parseOperand(): Operand {
    const token = this.peek();
    if (token.type === 'value') return this.parseValue();
    if (this.atCall()) {
      if (token.text !== 'size') {
        const known = token.text in CONDITION_FUNCTIONS || OTHER_FUNCTIONS.has(token.text);
        throw this.error(
          known
            ? `The function is not allowed to be used this way in an expression; function: ${token.text}`
            : `Invalid function name; function: ${token.text}`,
        );
      }
      this.next();
      const args = this.parseArguments(() => this.parseOperand());
      this.checkArity('size', args.length, 1);
      const path = args[0];
      if (path?.kind !== 'path') {
        throw this.error(
          'Operator or function requires a document path; operator or function: size',
        );
      }
      return { kind: 'size', path };
    }
    if (token.type === 'name' || token.type === 'alias') return this.parsePath();
    return this.fail();
  }

  private parseComparison(operand: Operand): ConditionNode {
    const token = this.peek();
    if (token.type === 'punct' && COMPARATORS.has(token.text)) {
      this.next();
      return {
        kind: 'compare',
        op: token.text as Comparator,
        left: operand,
        right: this.parseOperand(),
      };
    }
    if (this.atKeyword('BETWEEN')) {
      this.next();
      const low = this.parseOperand();
      this.expectKeyword('AND');
      return { kind: 'between', operand, low, high: this.parseOperand() };
    }
    if (this.atKeyword('IN')) {
      this.next();
      const list = this.parseArguments(() => this.parseOperand());
      if (list.length > 100) {
        throw this.error(
          `The IN operator is provided with too many operands; number of operands: ${list.length}`,
        );
      }
      return { kind: 'in', operand, list };
    }
    if (operand.kind === 'size') {
      throw this.error(
        'The function is not allowed to be used this way in an expression; function: size',
      );
    }
    return this.fail();
  }
}

/** Parses a condition; `kind` names the request field in messages. */
export function parseCondition(source: string, kind: ExpressionKind): Parsed<ConditionNode> {
  const parser = new ConditionParser(source, kind);
  const tree = parser.parseOr();
  parser.expectEnd();
  return { tree, paths: parser.paths, values: parser.values };
}
