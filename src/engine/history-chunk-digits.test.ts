import { describe, expect, it } from 'vitest';
import { DigitWriter } from './history-chunk-digits.js';

describe('chunk digit writer', () => {
  it('writes integers of every size and sign as JSON does, past its first buffer', () => {
    const values = [0, 7, 10, -1, -10, 99, 100, 1_763_712_000_000, 2 ** 53 - 1, -(2 ** 40)];
    for (let i = 0; i < 500; i += 1) values.push(i * 37 - 5000);
    const writer = new DigitWriter();
    for (const value of values) writer.int(value);
    expect(writer.text()).toBe(values.map((v) => JSON.stringify(v)).join(','));
    expect(JSON.parse(`[${writer.text()}]`)).toEqual(values);
  });

  it('writes numbers beyond the safe integers as JSON does', () => {
    const writer = new DigitWriter();
    writer.int(2 ** 60);
    writer.int(1);
    expect(writer.text()).toBe(`${JSON.stringify(2 ** 60)},1`);
  });

  it('writes nothing for no numbers', () => {
    expect(new DigitWriter().text()).toBe('');
  });
});
