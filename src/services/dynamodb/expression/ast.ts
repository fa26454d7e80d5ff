import type { AttributeValue } from '../types.js';

/**
 * The syntax trees of DynamoDB expressions. Paths and values are parsed with
 * their `#name` / `:value` references; a resolution pass fills in the names
 * and values (see context.ts), after which `elements` and `value` are final.
 */

/** The kind of expression, as DynamoDB names it in messages (`Invalid UpdateExpression: ...`). */
export type ExpressionKind =
  | 'ConditionExpression'
  | 'FilterExpression'
  | 'KeyConditionExpression'
  | 'UpdateExpression'
  | 'ProjectionExpression';

/** A document path such as `a.b[2].#c`: map keys (strings) and list indexes (numbers). */
export interface PathNode {
  kind: 'path';
  elements: (string | number)[];
  /** Positions in `elements` that hold a `#name` reference still to resolve. */
  aliases: { index: number; ref: string }[];
  /** Bare names, checked against the reserved words. */
  bareNames: string[];
}

/** A `:value` reference. */
export interface ValueNode {
  kind: 'value';
  ref: string;
  /** Filled in by resolution. */
  value?: AttributeValue;
}

/** `size(path)`, usable as an operand in conditions. */
export interface SizeNode {
  kind: 'size';
  path: PathNode;
}

/** An operand of a condition. */
export type Operand = PathNode | ValueNode | SizeNode;

/** Comparison operators. */
export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** A condition (ConditionExpression, FilterExpression, KeyConditionExpression). */
export type ConditionNode =
  | { kind: 'compare'; op: Comparator; left: Operand; right: Operand }
  | { kind: 'between'; operand: Operand; low: Operand; high: Operand }
  | { kind: 'in'; operand: Operand; list: Operand[] }
  | { kind: 'and' | 'or'; left: ConditionNode; right: ConditionNode }
  | { kind: 'not'; operand: ConditionNode }
  | { kind: 'function'; name: ConditionFunction; args: Operand[] };

/** The boolean functions of conditions. */
export type ConditionFunction =
  'attribute_exists' | 'attribute_not_exists' | 'attribute_type' | 'begins_with' | 'contains';

/** A value of a SET action. */
export type UpdateOperand =
  | PathNode
  | ValueNode
  | { kind: 'if_not_exists'; path: PathNode; fallback: UpdateOperand }
  | { kind: 'list_append'; left: UpdateOperand; right: UpdateOperand };

/** The right-hand side of `SET path = ...`. */
export type SetValue =
  UpdateOperand | { kind: '+' | '-'; left: UpdateOperand; right: UpdateOperand };

/** A parsed UpdateExpression: its four clauses, each optional. */
export interface UpdateNode {
  set: { path: PathNode; value: SetValue }[];
  remove: PathNode[];
  add: { path: PathNode; value: ValueNode }[];
  delete: { path: PathNode; value: ValueNode }[];
}

/** A parse result: the tree and every path and value node in it, in source order. */
export interface Parsed<T> {
  tree: T;
  paths: PathNode[];
  values: ValueNode[];
}
