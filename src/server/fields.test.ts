import { describe, expect, it } from 'vitest';
import { ModelmillError } from '../core/index.js';
import { jsonOperation, wireTimestamps } from './fields.js';

describe('wireTimestamps', () => {
  it('writes dates as epoch seconds, deeply, and leaves out undefined fields', () => {
    const at = new Date(Date.UTC(2026, 10, 21, 9, 0, 0, 500));
    expect(wireTimestamps({ a: at, b: [{ c: at, d: undefined }], e: 'x', f: null, g: 3 })).toEqual({
      a: 1795251600.5,
      b: [{ c: 1795251600.5 }],
      e: 'x',
      f: null,
      g: 3,
    });
  });

  it('passes bytes and other class instances through untouched', () => {
    const bytes = Buffer.from('hi');
    expect(wireTimestamps({ bytes })).toEqual({ bytes });
  });
});

describe('jsonOperation', () => {
  const echo = jsonOperation(async (input) => ({ input, at: new Date(0) }));
  const request = {} as Parameters<typeof echo>[1];

  it('hands the body to the operation and writes the result for the wire', async () => {
    await expect(echo({ Name: 'n' }, request)).resolves.toEqual({ input: { Name: 'n' }, at: 0 });
    await expect(echo(undefined, request)).resolves.toEqual({ input: {}, at: 0 });
  });

  it('refuses a body that is not a JSON object', async () => {
    await expect(echo([1, 2], request)).rejects.toThrow(ModelmillError);
    await expect(echo('text', request)).rejects.toThrow(/must be a JSON object/);
  });
});
