import { describe, expect, it } from 'vitest';
import { marshall, marshallItem, unmarshall, unmarshallItem } from './marshall.js';

describe('marshalling', () => {
  const plain = {
    pk_mappingid: 'part-7|default',
    num_runs: 2,
    score: 0.125,
    big: 12345678901234567890n,
    done: false,
    nothing: null,
    algo_names: ['lr', 'xgb'],
    stage: { start_time: '2024-01-01T00:00:00Z', counts: { ok: 3 } },
    blob: new Uint8Array([1, 2, 3]),
    tags: new Set(['a', 'b']),
    ids: new Set([1, 2]),
  };

  it('turns plain values into AttributeValues', () => {
    expect(marshallItem({ ...plain, skipped: undefined })).toEqual({
      pk_mappingid: { S: 'part-7|default' },
      num_runs: { N: '2' },
      score: { N: '0.125' },
      big: { N: '12345678901234567890' },
      done: { BOOL: false },
      nothing: { NULL: true },
      algo_names: { L: [{ S: 'lr' }, { S: 'xgb' }] },
      stage: {
        M: { start_time: { S: '2024-01-01T00:00:00Z' }, counts: { M: { ok: { N: '3' } } } },
      },
      blob: { B: 'AQID' },
      tags: { SS: ['a', 'b'] },
      ids: { NS: ['1', '2'] },
    });
  });

  it('round-trips', () => {
    const { big: _big, ...rest } = plain;
    expect(unmarshallItem(marshallItem(rest))).toEqual({ ...rest, blob: Buffer.from([1, 2, 3]) });
    expect(unmarshallItem(marshallItem({ big: plain.big }), { numbers: 'string' })).toEqual({
      big: '12345678901234567890',
    });
  });

  it('refuses values DynamoDB cannot hold, naming where', () => {
    expect(() => marshall({ a: [1, Number.NaN] })).toThrow('cannot marshall NaN at value.a[1]');
    expect(() => marshall(new Set())).toThrow('empty Set');
    expect(() => marshall(new Set(['a', 1]))).toThrow(
      'all strings, all numbers or all Uint8Arrays',
    );
    expect(() => marshallItem({ when: new Date(0) })).toThrow('cannot marshall Date at item.when');
  });

  it('refuses numbers a JS number would round, unless asked for strings', () => {
    expect(() => unmarshall({ N: '0.1000000000000000000000000001' })).toThrow(
      "{ numbers: 'string' }",
    );
    expect(unmarshall({ N: '0.1000000000000000000000000001' }, { numbers: 'string' })).toBe(
      '0.1000000000000000000000000001',
    );
    expect(unmarshall({ N: '9007199254740991' })).toBe(9007199254740991);
    expect(unmarshall({ NS: ['1.5'] })).toEqual(new Set([1.5]));
  });
});
