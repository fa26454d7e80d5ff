import { ModelmillError } from '../../../core/index.js';
import { cloneValue, typeOf, valuesEqual } from '../attribute-value.js';
import { addNumbers } from '../numbers.js';
import type { AttributeValue, Item } from '../types.js';
import type { SetValue, UpdateNode, UpdateOperand, ValueNode } from './ast.js';
import type { DocumentPath } from './paths.js';
import { checkNoOverlap, getPath, removePaths, setPath } from './paths.js';

/**
 * Applying an UpdateExpression: the checks made before any item is read
 * (operand types, overlapping paths, key attributes), then SET, REMOVE, ADD
 * and DELETE against a copy of the item. SET operands read the item as it was
 * before the update, as in DynamoDB.
 */

const LONG_TYPE: Record<string, string> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  BOOL: 'BOOLEAN',
  NULL: 'NULL',
  M: 'MAP',
  L: 'LIST',
};
const SETS = new Set(['SS', 'NS', 'BS']);

function invalid(message: string): ModelmillError {
  return new ModelmillError('ValidationException', message);
}

function wrongOperandType(): ModelmillError {
  return invalid('An operand in the update expression has an incorrect data type');
}

/** Every path an update writes or removes, in clause order. */
export function updateTargets(tree: UpdateNode): DocumentPath[] {
  return [
    ...tree.set.map((a) => a.path.elements),
    ...tree.remove.map((p) => p.elements),
    ...tree.add.map((a) => a.path.elements),
    ...tree.delete.map((a) => a.path.elements),
  ];
}

function isArithmetic(value: SetValue): value is Extract<SetValue, { kind: '+' | '-' }> {
  return value.kind === '+' || value.kind === '-';
}

function checkConstant(operator: string, node: UpdateOperand, allowed: string): void {
  if (node.kind !== 'value' || node.value === undefined) return;
  const type = typeOf(node.value);
  if (type !== allowed) {
    throw invalid(
      `Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: ${operator}, operand type: ${type}`,
    );
  }
}

function checkOperand(node: UpdateOperand): void {
  if (node.kind === 'if_not_exists') checkOperand(node.fallback);
  if (node.kind === 'list_append') {
    checkConstant('list_append', node.left, 'L');
    checkConstant('list_append', node.right, 'L');
  }
}

function checkSetOperand(operator: 'ADD' | 'DELETE', node: ValueNode): void {
  const type = node.value === undefined ? 'NULL' : typeOf(node.value);
  const ok = SETS.has(type) || (operator === 'ADD' && type === 'N');
  if (!ok) {
    throw invalid(
      `Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ${operator}, operand type: ${LONG_TYPE[type] ?? type}`,
    );
  }
}

/** The checks made before reading the item; `keyNames` are the table's key attributes. */
export function checkUpdate(tree: UpdateNode, keyNames: readonly string[]): void {
  for (const action of tree.set) {
    const value = action.value;
    if (isArithmetic(value)) {
      checkConstant(value.kind, value.left, 'N');
      checkConstant(value.kind, value.right, 'N');
      checkOperand(value.left);
      checkOperand(value.right);
    } else {
      checkOperand(value);
    }
  }
  tree.add.forEach((a) => checkSetOperand('ADD', a.value));
  tree.delete.forEach((a) => checkSetOperand('DELETE', a.value));
  const targets = updateTargets(tree);
  checkNoOverlap(targets, 'UpdateExpression');
  for (const path of targets) {
    const name = path[0];
    if (typeof name === 'string' && keyNames.includes(name)) {
      throw invalid(
        `One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`,
      );
    }
  }
}

function operandValue(node: UpdateOperand, old: Item | undefined): AttributeValue {
  switch (node.kind) {
    case 'value':
      return node.value as AttributeValue;
    case 'path': {
      const value = getPath(old, node.elements);
      if (value === undefined) {
        throw invalid(
          'The provided expression refers to an attribute that does not exist in the item',
        );
      }
      return value;
    }
    case 'if_not_exists':
      return getPath(old, node.path.elements) ?? operandValue(node.fallback, old);
    default: {
      const left = operandValue(node.left, old);
      const right = operandValue(node.right, old);
      if (!('L' in left) || !('L' in right)) throw wrongOperandType();
      return { L: [...left.L, ...right.L] };
    }
  }
}

function setValue(node: SetValue, old: Item | undefined): AttributeValue {
  if (!isArithmetic(node)) return operandValue(node, old);
  const left = operandValue(node.left, old);
  const right = operandValue(node.right, old);
  if (!('N' in left) || !('N' in right)) throw wrongOperandType();
  return { N: addNumbers(left.N, right.N, node.kind === '-') };
}

function setElements(value: AttributeValue): string[] {
  return ((value as any)[typeOf(value)] as string[]).slice();
}

function hasMember(type: string, members: string[], candidate: string): boolean {
  if (type === 'NS') return members.some((m) => valuesEqual({ N: m }, { N: candidate }));
  return members.includes(candidate);
}

function addTo(current: AttributeValue | undefined, value: AttributeValue): AttributeValue {
  if (current === undefined) return value;
  const type = typeOf(value);
  if (type === 'N' && 'N' in current)
    return { N: addNumbers(current.N, (value as { N: string }).N) };
  if (type !== typeOf(current) || !SETS.has(type)) throw wrongOperandType();
  const members = setElements(current);
  for (const candidate of setElements(value)) {
    if (!hasMember(type, members, candidate)) members.push(candidate);
  }
  return { [type]: members } as AttributeValue;
}

function deleteFrom(current: AttributeValue, value: AttributeValue): AttributeValue | undefined {
  const type = typeOf(value);
  if (type !== typeOf(current)) throw wrongOperandType();
  const removed = setElements(value);
  const kept = setElements(current).filter((m) => !hasMember(type, removed, m));
  return kept.length === 0 ? undefined : ({ [type]: kept } as AttributeValue);
}

/**
 * The item after the update. `old` is the stored item (undefined when there is
 * none: the update then starts from the key, as UpdateItem creates items).
 * With `reuseOld`, `old` itself becomes the new item (the caller needs no
 * copy of the old one), which saves a deep copy per update.
 */
export function applyUpdate(
  tree: UpdateNode,
  old: Item | undefined,
  key: Item,
  reuseOld = false,
): Item {
  const values = tree.set.map((action) => cloneValue(setValue(action.value, old)));
  const item = old && reuseOld ? old : cloneValue(old ?? key);
  tree.set.forEach((action, i) => setPath(item, action.path.elements, values[i] as AttributeValue));
  if (tree.remove.length > 0)
    removePaths(
      item,
      tree.remove.map((p) => p.elements),
    );
  for (const action of tree.add) {
    const current = getPath(item, action.path.elements);
    setPath(
      item,
      action.path.elements,
      addTo(current, cloneValue(action.value.value as AttributeValue)),
    );
  }
  for (const action of tree.delete) {
    const current = getPath(item, action.path.elements);
    if (current === undefined) continue;
    const remaining = deleteFrom(current, action.value.value as AttributeValue);
    if (remaining === undefined) removePaths(item, [action.path.elements]);
    else setPath(item, action.path.elements, remaining);
  }
  return item;
}
