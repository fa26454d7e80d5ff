import { describe, expect, it } from 'vitest';
import type { AttributeValue, Item } from '../types.js';
import { ExpressionContext } from './context.js';
import { checkCondition, evaluateCondition } from './evaluate.js';
import { project } from './paths.js';
import { applyUpdate, checkUpdate } from './update.js';

const item: Item = {
  pk: { S: 'run-1' },
  version: { N: '3' },
  status: { S: 'RUNNING' },
  tags: { SS: ['a', 'b'] },
  counts: { NS: ['1', '2'] },
  steps: { L: [{ S: 'prep' }, { S: 'train' }, { M: { label: { S: 'eval' } } }] },
  meta: { M: { team: { S: 'ml' }, lvl: { N: '2' } } },
  bin: { B: Buffer.from('hello').toString('base64') },
  flag: { BOOL: true },
  none: { NULL: true },
};

const values: Record<string, AttributeValue> = {
  ':three': { N: '3' },
  ':four': { N: '4' },
  ':two': { N: '2.0' },
  ':run': { S: 'RUN' },
  ':running': { S: 'RUNNING' },
  ':a': { S: 'a' },
  ':train': { S: 'train' },
  ':S': { S: 'S' },
  ':SS': { S: 'SS' },
  ':L': { S: 'L' },
  ':hel': { B: Buffer.from('hel').toString('base64') },
  ':t': { BOOL: true },
};

function holds(source: string, target: Item | 'absent' = item): boolean {
  const ctx = new ExpressionContext({ '#s': 'status' }, values, { any: true, withValues: true });
  const tree = ctx.condition(source, 'ConditionExpression');
  if (!tree) throw new Error('no tree');
  checkCondition(tree, 'ConditionExpression');
  return evaluateCondition(tree, target === 'absent' ? undefined : target);
}

describe('conditions', () => {
  it.each([
    ['version = :three', true],
    ['version = :two', false],
    ['meta.lvl = :two', true],
    ['version <> :four', true],
    ['absent <> :four', true],
    ['absent = :four', false],
    ['version < :four AND version >= :three', true],
    ['#s > :run', true],
    ['#s < :run', false],
    ['version BETWEEN :three AND :four', true],
    ['version IN (:four, :three)', true],
    ['NOT version IN (:four)', true],
    ['attribute_exists(pk) AND attribute_not_exists(nope)', true],
    ['attribute_exists(steps[2].label)', true],
    ['attribute_exists(steps[3])', false],
    ['attribute_type(#s, :S) AND attribute_type(tags, :SS) AND attribute_type(steps, :L)', true],
    ['begins_with(#s, :run)', true],
    ['begins_with(bin, :hel)', true],
    ['contains(tags, :a) AND contains(steps, :train) AND contains(#s, :run)', true],
    ['size(steps) = :three AND size(#s) > :four AND size(meta) = :two', true],
    ['size(absent) = :three', false],
    ['flag = :t OR version = :four', true],
    ['(version = :four OR version = :three) AND NOT (#s = :run)', true],
  ])('%s is %s', (source, expected) => {
    expect(holds(source)).toBe(expected);
  });

  it('sees no attributes when there is no item', () => {
    expect(holds('attribute_not_exists(pk)', 'absent')).toBe(true);
    expect(holds('version = :three', 'absent')).toBe(false);
  });

  it('refuses constant operands of the wrong type before reading any item', () => {
    expect(() => holds('version < :t')).toThrow(
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator: <, operand type: BOOL',
    );
    expect(() => holds('version BETWEEN :four AND :three')).toThrow(
      'The BETWEEN operator requires upper bound to be greater than or equal to lower bound',
    );
    expect(() => holds('begins_with(#s, :t)')).toThrow(
      'operator or function: begins_with, operand type: BOOL',
    );
    expect(() => holds('attribute_type(#s, :run)')).toThrow('Invalid attribute type name found');
  });
});

function update(
  source: string,
  target: Item | undefined,
  extra: Record<string, AttributeValue> = {},
): Item {
  const ctx = new ExpressionContext(
    { '#s': 'status' },
    { ...values, ...extra },
    { any: true, withValues: true },
  );
  const tree = ctx.update(source);
  checkUpdate(tree, ['pk']);
  return applyUpdate(tree, target, { pk: { S: 'run-1' } });
}

describe('updates', () => {
  it('sets, increments and appends, reading operands from the item before the update', () => {
    const next = update(
      'SET version = version + :three, #s = :run, prev = version, steps = list_append(steps, :l)',
      item,
      {
        ':l': { L: [{ S: 'deploy' }] },
      },
    );
    expect(next.version).toEqual({ N: '6' });
    expect(next.prev).toEqual({ N: '3' });
    expect(next.status).toEqual({ S: 'RUN' });
    expect((next.steps as { L: unknown[] }).L).toHaveLength(4);
    expect(item.version).toEqual({ N: '3' });
  });

  it('creates the item from its key and uses if_not_exists for counters', () => {
    const next = update('SET c = if_not_exists(c, :zero) + :three', undefined, {
      ':zero': { N: '0' },
    });
    expect(next).toEqual({ pk: { S: 'run-1' }, c: { N: '3' } });
  });

  it('writes nested paths; an index past the end appends', () => {
    const next = update(
      'SET meta.team = :a, steps[1] = :run, steps[9] = :a, steps[2].label = :train',
      item,
    );
    expect(next.meta).toEqual({ M: { team: { S: 'a' }, lvl: { N: '2' } } });
    expect(next.steps).toEqual({
      L: [{ S: 'prep' }, { S: 'RUN' }, { M: { label: { S: 'train' } } }, { S: 'a' }],
    });
  });

  it('removes attributes and list elements by their original index', () => {
    const next = update('REMOVE steps[0], steps[2], meta.lvl, nothing', item);
    expect(next.steps).toEqual({ L: [{ S: 'train' }] });
    expect(next.meta).toEqual({ M: { team: { S: 'ml' } } });
  });

  it('adds to numbers and sets, deletes from sets (an emptied set disappears)', () => {
    const next = update('ADD version :four, tags :tags, fresh :ns DELETE counts :c', item, {
      ':tags': { SS: ['b', 'c'] },
      ':ns': { NS: ['5'] },
      ':c': { NS: ['1.0', '2'] },
    });
    expect(next.version).toEqual({ N: '7' });
    expect(next.tags).toEqual({ SS: ['a', 'b', 'c'] });
    expect(next.fresh).toEqual({ NS: ['5'] });
    expect(next.counts).toBeUndefined();
  });

  it('refuses what DynamoDB refuses', () => {
    expect(() => update('SET pk = :a', item)).toThrow(
      'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key',
    );
    expect(() => update('SET a = :a REMOVE a', item)).toThrow(
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]',
    );
    expect(() => update('SET meta = :a, meta.team = :a', item)).toThrow('path two: [meta, team]');
    expect(() => update('ADD #s :a', item)).toThrow(
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING',
    );
    expect(() => update('DELETE tags :a', item)).toThrow('operator: DELETE, operand type: STRING');
    expect(() => update('ADD #s :four', item)).toThrow(
      'An operand in the update expression has an incorrect data type',
    );
    expect(() => update('SET x = #s + :four', item)).toThrow(
      'An operand in the update expression has an incorrect data type',
    );
    expect(() => update('SET x = nope', item)).toThrow(
      'The provided expression refers to an attribute that does not exist in the item',
    );
    expect(() => update('SET nope.child = :a', item)).toThrow(
      'The document path provided in the update expression is invalid for update',
    );
    expect(() => update('SET x = list_append(steps, :a)', item)).toThrow(
      'operator or function: list_append, operand type: S',
    );
  });
});

describe('projection', () => {
  it('keeps the named parts, nested as in the item, list elements in index order', () => {
    expect(
      project(item, [['pk'], ['meta', 'team'], ['steps', 2, 'label'], ['steps', 0], ['absent']]),
    ).toEqual({
      pk: { S: 'run-1' },
      meta: { M: { team: { S: 'ml' } } },
      steps: { L: [{ S: 'prep' }, { M: { label: { S: 'eval' } } }] },
    });
  });
});
