import { ModelmillError } from '../../core/index.js';
import { typeOf } from './attribute-value.js';
import type { ConditionNode, Operand } from './expression/ast.js';
import type { RangeBound } from './item-store.js';
import type { KeyAttribute, TableSchema } from './keys.js';
import { encodeKeyValue } from './keys.js';
import type { AttributeValue } from './types.js';

/**
 * A Query's KeyConditionExpression, turned into what the store scans: the
 * hash key bytes (equality is required) and bounds on the range key
 * (`=`, `<`, `<=`, `>`, `>=`, `BETWEEN`, `begins_with`).
 */

/** The scan a key condition asks for. */
export interface KeyRange {
  hk: Buffer;
  bounds: RangeBound[];
}

function invalid(message: string): ModelmillError {
  return new ModelmillError('ValidationException', message);
}

const FLIPPED: Record<string, RangeBound['op']> = {
  '=': '=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

interface Part {
  attribute: string;
  op: string;
  values: AttributeValue[];
}

function conjuncts(node: ConditionNode): ConditionNode[] {
  if (node.kind === 'and') return [...conjuncts(node.left), ...conjuncts(node.right)];
  if (node.kind === 'or' || node.kind === 'not' || node.kind === 'in') {
    throw invalid(`Invalid operator used in KeyConditionExpression: ${node.kind.toUpperCase()}`);
  }
  return [node];
}

function attributeOf(operand: Operand): string | undefined {
  if (operand.kind !== 'path') return undefined;
  const [first] = operand.elements;
  if (operand.elements.length !== 1 || typeof first !== 'string') {
    throw invalid(
      'KeyConditionExpressions must only contain top-level key attributes, not nested paths',
    );
  }
  return first;
}

function valueOf(operand: Operand): AttributeValue {
  if (operand.kind !== 'value' || operand.value === undefined) {
    throw invalid(
      'Invalid KeyConditionExpression: a key condition compares a key attribute with an expression attribute value (:value)',
    );
  }
  return operand.value;
}

function partOf(node: ConditionNode): Part {
  switch (node.kind) {
    case 'compare': {
      if (node.op === '<>')
        throw invalid(
          'Unsupported operator in KeyConditionExpression: <> (use =, <, <=, >, >=, BETWEEN or begins_with)',
        );
      const left = attributeOf(node.left);
      if (left !== undefined)
        return { attribute: left, op: node.op, values: [valueOf(node.right)] };
      const right = attributeOf(node.right);
      if (right === undefined)
        throw invalid('Invalid KeyConditionExpression: a key condition must name a key attribute');
      return { attribute: right, op: FLIPPED[node.op] ?? node.op, values: [valueOf(node.left)] };
    }
    case 'between': {
      const attribute = attributeOf(node.operand);
      if (attribute === undefined)
        throw invalid('Invalid KeyConditionExpression: BETWEEN must apply to a key attribute');
      return { attribute, op: 'BETWEEN', values: [valueOf(node.low), valueOf(node.high)] };
    }
    case 'function': {
      if (node.name !== 'begins_with')
        throw invalid(`Invalid operator used in KeyConditionExpression: ${node.name}`);
      const [path, prefix] = node.args as [Operand, Operand];
      return {
        attribute: attributeOf(path) as string,
        op: 'begins_with',
        values: [valueOf(prefix)],
      };
    }
    default:
      throw invalid(`Invalid operator used in KeyConditionExpression: ${node.kind.toUpperCase()}`);
  }
}

function encodeFor(attribute: KeyAttribute, value: AttributeValue): Buffer {
  if (typeOf(value) !== attribute.type) {
    throw invalid(
      `One or more parameter values were invalid: Condition parameter type does not match schema type (key ${attribute.name} is ${attribute.type}, the value is ${typeOf(value)})`,
    );
  }
  return encodeKeyValue(value);
}

/** The smallest byte string greater than every string starting with `prefix` (undefined: none). */
function successor(prefix: Buffer): Buffer | undefined {
  const bytes = Buffer.from(prefix);
  for (let i = bytes.length - 1; i >= 0; i -= 1) {
    if ((bytes[i] as number) < 0xff) {
      bytes[i] = (bytes[i] as number) + 1;
      return bytes.subarray(0, i + 1);
    }
  }
  return undefined;
}

function rangeBounds(attribute: KeyAttribute, part: Part): RangeBound[] {
  const [first, second] = part.values as [AttributeValue, AttributeValue | undefined];
  if (part.op === 'BETWEEN') {
    const low = encodeFor(attribute, first);
    const high = encodeFor(attribute, second as AttributeValue);
    if (Buffer.compare(low, high) > 0) {
      throw invalid(
        'Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound',
      );
    }
    return [
      { op: '>=', value: low },
      { op: '<=', value: high },
    ];
  }
  if (part.op === 'begins_with') {
    if (attribute.type === 'N') {
      throw invalid(
        'Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
      );
    }
    const prefix = encodeFor(attribute, first);
    const upper = successor(prefix);
    return upper
      ? [
          { op: '>=', value: prefix },
          { op: '<', value: upper },
        ]
      : [{ op: '>=', value: prefix }];
  }
  return [{ op: part.op as RangeBound['op'], value: encodeFor(attribute, first) }];
}

/** Turns a resolved KeyConditionExpression into the hash key and range bounds to scan. */
export function keyRangeOf(schema: TableSchema, condition: ConditionNode): KeyRange {
  const parts = conjuncts(condition).map(partOf);
  if (parts.length > 2)
    throw invalid('KeyConditionExpressions must only contain one condition per key');
  const hashPart = parts.find((p) => p.attribute === schema.hash.name);
  if (!hashPart) throw invalid(`Query condition missed key schema element: ${schema.hash.name}`);
  if (hashPart.op !== '=')
    throw invalid(
      `Query key condition not supported (the hash key ${schema.hash.name} needs an equality condition)`,
    );
  const others = parts.filter((p) => p !== hashPart);
  const rangePart = others[0];
  if (rangePart !== undefined) {
    if (rangePart.attribute === schema.hash.name)
      throw invalid('KeyConditionExpressions must only contain one condition per key');
    if (!schema.range) {
      throw invalid(
        `Query key condition not supported (table '${schema.name}' has only the hash key ${schema.hash.name}; put the condition on ${rangePart.attribute} in a FilterExpression)`,
      );
    }
    if (rangePart.attribute !== schema.range.name) {
      throw invalid(`Query condition missed key schema element: ${schema.range.name}`);
    }
  }
  const hk = encodeFor(schema.hash, hashPart.values[0] as AttributeValue);
  const bounds = rangePart && schema.range ? rangeBounds(schema.range, rangePart) : [];
  return { hk, bounds };
}
