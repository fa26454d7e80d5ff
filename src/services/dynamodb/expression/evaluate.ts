import { ModelmillError } from '../../../core/index.js';
import { compareScalars, typeOf, valuesEqual } from '../attribute-value.js';
import type { AttributeValue, Item } from '../types.js';
import type { ConditionNode, ExpressionKind, Operand } from './ast.js';
import { getPath } from './paths.js';

/**
 * Evaluating conditions against an item (absent for a write to a new key),
 * and the checks DynamoDB makes on a condition's constant operands before it
 * looks at any item.
 */

const ORDERED = new Set(['S', 'N', 'B']);
const TYPE_NAMES = new Set(['S', 'SS', 'N', 'NS', 'B', 'BS', 'BOOL', 'NULL', 'L', 'M']);

function operandValue(operand: Operand, item: Item | undefined): AttributeValue | undefined {
  if (operand.kind === 'value') return operand.value;
  if (operand.kind === 'path') return getPath(item, operand.elements);
  const value = getPath(item, operand.path.elements);
  const size = value === undefined ? undefined : sizeOf(value);
  return size === undefined ? undefined : { N: String(size) };
}

function sizeOf(value: AttributeValue): number | undefined {
  if ('S' in value) return Buffer.byteLength(value.S, 'utf8');
  if ('B' in value) return Buffer.byteLength(value.B, 'base64');
  if ('SS' in value) return value.SS.length;
  if ('NS' in value) return value.NS.length;
  if ('BS' in value) return value.BS.length;
  if ('L' in value) return value.L.length;
  if ('M' in value) return Object.keys(value.M).length;
  return undefined;
}

function compare(
  op: string,
  left: AttributeValue | undefined,
  right: AttributeValue | undefined,
): boolean {
  if (op === '<>') return left === undefined || right === undefined || !valuesEqual(left, right);
  if (left === undefined || right === undefined) return false;
  if (op === '=') return valuesEqual(left, right);
  const order = compareScalars(left, right);
  if (order === undefined) return false;
  if (op === '<') return order < 0;
  if (op === '<=') return order <= 0;
  if (op === '>') return order > 0;
  return order >= 0;
}

function beginsWith(
  value: AttributeValue | undefined,
  prefix: AttributeValue | undefined,
): boolean {
  if (value === undefined || prefix === undefined) return false;
  if ('S' in value && 'S' in prefix) return value.S.startsWith(prefix.S);
  if ('B' in value && 'B' in prefix) {
    const bytes = Buffer.from(value.B, 'base64');
    const start = Buffer.from(prefix.B, 'base64');
    return bytes.subarray(0, start.length).equals(start);
  }
  return false;
}

function contains(value: AttributeValue | undefined, part: AttributeValue | undefined): boolean {
  if (value === undefined || part === undefined) return false;
  if ('S' in value) return 'S' in part && value.S.includes(part.S);
  if ('B' in value)
    return 'B' in part && Buffer.from(value.B, 'base64').includes(Buffer.from(part.B, 'base64'));
  if ('SS' in value) return 'S' in part && value.SS.includes(part.S);
  if ('NS' in value) return 'N' in part && value.NS.some((n) => valuesEqual({ N: n }, part));
  if ('BS' in value) return 'B' in part && value.BS.some((b) => valuesEqual({ B: b }, part));
  if ('L' in value) return value.L.some((element) => valuesEqual(element, part));
  return false;
}

function callFunction(
  node: Extract<ConditionNode, { kind: 'function' }>,
  item: Item | undefined,
): boolean {
  const [first, second] = node.args;
  const value = first === undefined ? undefined : operandValue(first, item);
  const arg = second === undefined ? undefined : operandValue(second, item);
  switch (node.name) {
    case 'attribute_exists':
      return value !== undefined;
    case 'attribute_not_exists':
      return value === undefined;
    case 'attribute_type':
      return value !== undefined && arg !== undefined && 'S' in arg && typeOf(value) === arg.S;
    case 'begins_with':
      return beginsWith(value, arg);
    default:
      return contains(value, arg);
  }
}

/** Whether `item` (undefined: no item) satisfies the condition. */
export function evaluateCondition(node: ConditionNode, item: Item | undefined): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateCondition(node.left, item) && evaluateCondition(node.right, item);
    case 'or':
      return evaluateCondition(node.left, item) || evaluateCondition(node.right, item);
    case 'not':
      return !evaluateCondition(node.operand, item);
    case 'compare':
      return compare(node.op, operandValue(node.left, item), operandValue(node.right, item));
    case 'between': {
      const value = operandValue(node.operand, item);
      return (
        compare('>=', value, operandValue(node.low, item)) &&
        compare('<=', value, operandValue(node.high, item))
      );
    }
    case 'in': {
      const value = operandValue(node.operand, item);
      return (
        value !== undefined &&
        node.list.some((entry) => compare('=', value, operandValue(entry, item)))
      );
    }
    default:
      return callFunction(node, item);
  }
}

function describe(value: AttributeValue): string {
  const type = typeOf(value);
  return `{${type}:${JSON.stringify((value as any)[type])}}`;
}

function constant(operand: Operand): AttributeValue | undefined {
  return operand.kind === 'value' ? operand.value : undefined;
}

/**
 * The checks DynamoDB makes on constant operands whatever the item holds:
 * ordering operators and BETWEEN need S, N or B values, BETWEEN bounds in
 * order, begins_with a string or binary prefix, attribute_type a known type.
 */
export function checkCondition(node: ConditionNode, kind: ExpressionKind): void {
  const fail = (message: string): never => {
    throw new ModelmillError('ValidationException', `Invalid ${kind}: ${message}`);
  };
  const needsOrdered = (operator: string, operand: Operand): void => {
    const value = constant(operand);
    if (value !== undefined && !ORDERED.has(typeOf(value))) {
      fail(
        `Incorrect operand type for operator or function; operator: ${operator}, operand type: ${typeOf(value)}`,
      );
    }
  };
  switch (node.kind) {
    case 'and':
    case 'or':
      checkCondition(node.left, kind);
      return checkCondition(node.right, kind);
    case 'not':
      return checkCondition(node.operand, kind);
    case 'compare':
      if (node.op !== '=' && node.op !== '<>')
        [node.left, node.right].forEach((o) => needsOrdered(node.op, o));
      return;
    case 'between': {
      [node.operand, node.low, node.high].forEach((o) => needsOrdered('BETWEEN', o));
      const low = constant(node.low);
      const high = constant(node.high);
      const order = low && high ? compareScalars(low, high) : undefined;
      if (low && high && (order === undefined || order > 0)) {
        fail(
          `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: ${describe(low)}, upper bound operand: AttributeValue: ${describe(high)}`,
        );
      }
      return;
    }
    case 'in':
      return;
    default:
      return checkFunction(node, fail);
  }
}

function checkFunction(
  node: Extract<ConditionNode, { kind: 'function' }>,
  fail: (m: string) => never,
): void {
  const arg = node.args[1] === undefined ? undefined : constant(node.args[1]);
  if (node.name === 'attribute_type' && arg !== undefined) {
    if (!('S' in arg) || !TYPE_NAMES.has(arg.S)) {
      fail(
        `Invalid attribute type name found; type: ${describe(arg)}, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`,
      );
    }
  }
  if (node.name === 'begins_with' && arg !== undefined && !('S' in arg) && !('B' in arg)) {
    fail(
      `Incorrect operand type for operator or function; operator or function: begins_with, operand type: ${typeOf(arg)}`,
    );
  }
  const [first, second] = node.args;
  if (node.name === 'contains' && first?.kind === 'path' && second?.kind === 'path') {
    if (first.elements.join('\u0000') === second.elements.join('\u0000')) {
      fail(
        `The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [${first.elements.join(', ')}]`,
      );
    }
  }
}
