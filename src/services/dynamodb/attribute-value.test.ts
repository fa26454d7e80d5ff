import { describe, expect, it } from 'vitest';
import {
  MAX_ITEM_BYTES,
  checkAttributeValue,
  checkItem,
  compareScalars,
  itemSize,
  valuesEqual,
} from './attribute-value.js';
import type { Item } from './types.js';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect((err as { code: string }).code).toBe('ValidationException');
    return (err as Error).message;
  }
  throw new Error('expected a ValidationException');
}

describe('AttributeValue validation', () => {
  it('normalises numbers and NULL', () => {
    expect(checkAttributeValue({ N: '1.50E2' }, 'x')).toEqual({ N: '150' });
    expect(checkAttributeValue({ NS: ['1', '2.0'] }, 'x')).toEqual({ NS: ['1', '2'] });
    expect(checkAttributeValue({ NULL: false }, 'x')).toEqual({ NULL: true });
    expect(checkAttributeValue({ M: { a: { L: [{ N: '007' }] } } }, 'x')).toEqual({
      M: { a: { L: [{ N: '7' }] } },
    });
  });

  it.each([
    [{}, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'],
    [{ S: 'a', N: '1' }, 'Supplied AttributeValue has more than one datatypes set'],
    [{ X: 'a' }, "unknown datatype 'X'"],
    [{ S: 1 }, 'the value of S must be a string'],
    [{ N: 1 }, 'the value of N must be a string'],
    [{ BOOL: 'true' }, 'the value of BOOL must be true or false'],
    [{ B: 'not base64!' }, 'must be base64-encoded binary'],
    [{ L: {} }, 'the value of L must be an array'],
    [{ M: [] }, 'the value of M must be an object'],
    [{ SS: [] }, 'An string set  may not be empty'],
    [{ NS: [] }, 'An number set  may not be empty'],
    [{ BS: [] }, 'Binary sets should not be empty'],
    [{ SS: ['a', 'a'] }, 'Input collection [a, a] contains duplicates.'],
    [{ NS: ['1', '1.0'] }, 'contains duplicates'],
    ['text', 'expected an AttributeValue object'],
  ])('refuses %j', (value, message) => {
    expect(messageOf(() => checkAttributeValue(value, 'Item.a'))).toContain(message);
  });

  it('names the nested path of a bad value', () => {
    const message = messageOf(() =>
      checkItem(
        { pk: { S: 'a' }, config: { M: { steps: { L: [{ S: 'x' }, { SS: [] }] } } } },
        'Item',
      ),
    );
    expect(message).toContain('attribute: Item.config.steps[1]');
    expect(message).toMatch(/^One or more parameter values were invalid: /);
  });

  it('refuses maps and lists nested more than 32 levels deep', () => {
    const nest = (levels: number): unknown => {
      let value: unknown = { S: 'leaf' };
      for (let i = 0; i < levels; i += 1) value = i % 2 ? { M: { k: value } } : { L: [value] };
      return value;
    };
    expect(() => checkItem({ a: nest(32) }, 'Item')).not.toThrow();
    expect(messageOf(() => checkItem({ a: nest(33) }, 'Item'))).toContain(
      'Nesting Levels have exceeded supported limits',
    );
  });

  it('refuses an item that is not a map', () => {
    expect(messageOf(() => checkItem([{ S: 'a' }], 'Item'))).toContain("at 'Item'");
    expect(messageOf(() => checkItem(undefined, 'Key'))).toContain("Value null at 'Key'");
  });
});

describe('item size', () => {
  it('counts names and values as DynamoDB does', () => {
    expect(itemSize({ id: { S: 'abc' } })).toBe(5);
    expect(itemSize({ n: { N: '-42' } })).toBe(4);
    expect(itemSize({ b: { B: Buffer.from([1, 2, 3]).toString('base64') } })).toBe(4);
    expect(itemSize({ t: { BOOL: true }, z: { NULL: true } })).toBe(4);
    // list: 3 overhead + 1 per element; map: 3 + per entry (1 + name + value)
    expect(itemSize({ l: { L: [{ S: 'ab' }, { N: '1' }] } })).toBe(1 + 3 + (1 + 2) + (1 + 2));
    expect(itemSize({ m: { M: { k: { S: 'v' } } } })).toBe(1 + 3 + 1 + 1 + 1);
    expect(itemSize({ s: { SS: ['ab', 'c'] } })).toBe(1 + 3);
    expect(itemSize({ u: { S: 'é' } })).toBe(3);
  });

  it('puts the limit at exactly 409,600 bytes', () => {
    const item = (bytes: number): Item => ({ pk: { S: 'k' }, p: { S: 'x'.repeat(bytes - 4) } });
    expect(itemSize(item(MAX_ITEM_BYTES))).toBe(409_600);
    expect(itemSize(item(MAX_ITEM_BYTES + 1))).toBe(409_601);
  });
});

describe('equality and order', () => {
  it('compares numbers by value and sets regardless of order', () => {
    expect(valuesEqual({ N: '1' }, { N: '1.0' })).toBe(true);
    expect(valuesEqual({ SS: ['a', 'b'] }, { SS: ['b', 'a'] })).toBe(true);
    expect(valuesEqual({ NS: ['1', '2'] }, { NS: ['2', '1'] })).toBe(true);
    expect(valuesEqual({ L: [{ S: 'a' }] }, { L: [{ S: 'a' }, { S: 'b' }] })).toBe(false);
    expect(valuesEqual({ M: { a: { N: '1' } } }, { M: { a: { N: '1' } } })).toBe(true);
    expect(valuesEqual({ S: '1' }, { N: '1' })).toBe(false);
  });

  it('orders strings by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF01 is EF BC 81 in UTF-8, U+1F600 is F0 9F 98 80: UTF-8 puts U+FF01 first,
    // while JavaScript's < (UTF-16) puts the emoji first.
    expect('\u{1F600}' < '\uFF01').toBe(true);
    expect(compareScalars({ S: '\uFF01' }, { S: '\u{1F600}' })).toBeLessThan(0);
    expect(compareScalars({ N: '10' }, { N: '9' })).toBeGreaterThan(0);
    expect(compareScalars({ S: 'a' }, { N: '1' })).toBeUndefined();
  });
});
