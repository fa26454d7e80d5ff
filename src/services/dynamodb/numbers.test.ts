import { describe, expect, it } from 'vitest';
import {
  addNumbers,
  compareDecimals,
  encodeNumberKey,
  normalizeNumber,
  numberByteSize,
  parseNumber,
} from './numbers.js';

describe('DynamoDB numbers', () => {
  it.each([
    ['00042', '42'],
    ['1.0', '1'],
    ['3.1400', '3.14'],
    ['1.5E2', '150'],
    ['1e2', '100'],
    ['-0', '0'],
    ['+7', '7'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['-0.000120', '-0.00012'],
    ['12345678901234567890123456789012345678', '12345678901234567890123456789012345678'],
    ['1E-130', `0.${'0'.repeat(129)}1`],
  ])('normalises %s to %s', (text, expected) => {
    expect(normalizeNumber(text)).toBe(expected);
  });

  it.each([
    [
      '123456789012345678901234567890123456789',
      'Attempting to store more than 38 significant digits in a Number',
    ],
    [
      '1E+126',
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    ],
    ['-1E+126', 'Number overflow'],
    [
      '1E-131',
      'Number underflow. Attempting to store a number with magnitude smaller than supported range',
    ],
    ['abc', 'A value provided cannot be converted into a number'],
    ['1 ', 'A value provided cannot be converted into a number'],
    ['', 'A value provided cannot be converted into a number'],
    ['1e', 'A value provided cannot be converted into a number'],
  ])('refuses %s', (text, message) => {
    expect(() => parseNumber(text, 'attribute: x')).toThrow(message);
    try {
      parseNumber(text, 'attribute: x');
    } catch (err) {
      expect((err as { code: string }).code).toBe('ValidationException');
      expect((err as Error).message).toContain('attribute: x');
    }
  });

  it('accepts the extremes of the range', () => {
    expect(() => parseNumber('9.9999999999999999999999999999999999999E+125')).not.toThrow();
    expect(() => parseNumber('-9.9999999999999999999999999999999999999E+125')).not.toThrow();
  });

  it('adds and subtracts exactly, beyond double precision', () => {
    expect(addNumbers('0.1', '0.2')).toBe('0.3');
    expect(addNumbers('12345678901234567890', '1')).toBe('12345678901234567891');
    expect(addNumbers('5', '7', true)).toBe('-2');
    expect(addNumbers('-1.5', '1.5')).toBe('0');
    expect(() => addNumbers('9.9e125', '9.9e125')).toThrow('Number overflow');
  });

  // Byte costs measured against DynamoDB's 400 KB limit (accept/reject pairs).
  it.each([
    ['0', 1],
    ['1', 2],
    ['12', 2],
    ['123', 3],
    ['1234', 3],
    ['12345678901234567890123456789012345678', 20],
    ['42', 2],
    ['100', 2],
    ['1010', 3],
    ['0.0000001', 2],
    ['1.5', 3],
    ['3.14159', 5],
    ['123456', 4],
    ['100.5', 4],
    ['0.15', 2],
    ['-42', 3],
  ])('counts %s as %i bytes', (text, bytes) => {
    expect(numberByteSize(normalizeNumber(text))).toBe(bytes);
  });

  it('encodes numbers so that byte order is numeric order', () => {
    const texts = [
      '-1E+125',
      '-100',
      '-10',
      '-2.5',
      '-2',
      '-0.5',
      '-0.05',
      '0',
      '1E-130',
      '0.05',
      '0.5',
      '1',
      '1.5',
      '2',
      '10',
      '99',
      '100',
      '1000.0001',
      '9.9E+125',
    ];
    const shuffled = [...texts].reverse();
    const byBytes = shuffled
      .map((t) => ({ t, key: encodeNumberKey(parseNumber(t)) }))
      .sort((a, b) => Buffer.compare(a.key, b.key))
      .map((x) => x.t);
    expect(byBytes).toEqual(texts);
  });

  it('agrees with numeric comparison on random numbers', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const values = Array.from({ length: 400 }, () => {
      const digits = String(Math.floor(random() * 1e6));
      const exp = Math.floor(random() * 40) - 20;
      return parseNumber(`${random() < 0.5 ? '-' : ''}${digits}e${exp}`);
    });
    for (let i = 0; i + 1 < values.length; i += 1) {
      const a = values[i]!;
      const b = values[i + 1]!;
      expect(Math.sign(Buffer.compare(encodeNumberKey(a), encodeNumberKey(b)))).toBe(
        Math.sign(compareDecimals(a, b)),
      );
    }
  });
});
