import { describe, expect, it } from 'vitest';
import { constraintFailure, javaDouble } from './format.js';

describe('javaDouble', () => {
  it.each([
    [4, '4.0'],
    [0, '0.0'],
    [-0.5, '-0.5'],
    [0.8, '0.8'],
    [2 / 3, '0.6666666666666666'],
    [0.001, '0.001'],
    [0.00015, '1.5E-4'],
    [9_999_999, '9999999.0'],
    [10_000_000, '1.0E7'],
    [12_345_678.9, '1.23456789E7'],
    [-1e21, '-1.0E21'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ])('writes %s as %s, as Java does', (value, text) => {
    expect(javaDouble(value)).toBe(text);
  });

  it("phrases AWS's failure reason, NULL included", () => {
    expect(constraintFailure(5)).toBe('Value: 5.0 does not meet the constraint requirement!');
    expect(constraintFailure(null)).toBe('Value: NULL does not meet the constraint requirement!');
  });
});
