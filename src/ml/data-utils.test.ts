import { describe, expect, it } from 'vitest';
import { parseCsv, splitCsvLine } from './csv.js';
import { extractFeatures, toNumber } from './rows.js';
import { trainTestSplit } from './split.js';

describe('parseCsv', () => {
  it('reads SageMaker CSV: no header, label first', () => {
    const d = parseCsv('1,0.5,2\n0,1.5,3\n');
    expect(Array.from(d.y ?? [])).toEqual([1, 0]);
    expect(Array.from(d.x.data)).toEqual([0.5, 2, 1.5, 3]);
    expect(d.features).toEqual(['f0', 'f1']);
  });

  it('detects a header, takes the label by name and treats empty fields as missing', () => {
    const d = parseCsv('a,"b, quoted",target\n1,,yes\n2,4,no\n', { label: 'target' });
    expect(d.features).toEqual(['a', 'b, quoted']);
    expect(d.labelName).toBe('target');
    expect(d.classNames).toEqual(['no', 'yes']);
    expect(Array.from(d.y ?? [])).toEqual([1, 0]);
    expect(Number.isNaN(d.x.data[1])).toBe(true);
  });

  it('supports whitespace delimiters, skipped lines, a last-column label and no label', () => {
    const d = parseCsv('title\n1 2 3\n4 5 6\n', {
      delimiter: 'whitespace',
      skipLines: 1,
      label: -1,
    });
    expect(Array.from(d.y ?? [])).toEqual([3, 6]);
    expect(parseCsv('1,2\n3,4', { label: null }).y).toBeUndefined();
  });

  it('says which line and column is wrong', () => {
    expect(() => parseCsv('1,2\n3,x\n')).toThrow(
      'CSV line 2, column 2: "x" is not a number; features must be numeric (encode categories first).',
    );
    expect(() => parseCsv('1,2\n3\n')).toThrow(/CSV line 2 has 1 fields but line 1 has 2/);
    expect(() => parseCsv('a,b\n1,2\n', { label: 'c' })).toThrow(
      /label column "c" is not in the header \(a, b\)/,
    );
  });

  it('splits quoted fields with escaped quotes', () => {
    expect(splitCsvLine('"a ""b""",c', ',')).toEqual(['a "b"', 'c']);
  });
});

describe('trainTestSplit', () => {
  it('holds out ceil(testSize × n) rows, reproducibly per seed', () => {
    const s = trainTestSplit(10, { testSize: 0.25, seed: 1 });
    expect(s.test.length).toBe(3);
    expect(s.train.length).toBe(7);
    expect([...s.train, ...s.test].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 10 }, (_, i) => i),
    );
    expect(Array.from(trainTestSplit(10, { testSize: 0.25, seed: 1 }).test)).toEqual(
      Array.from(s.test),
    );
    expect(Array.from(trainTestSplit(100, { seed: 2 }).test)).not.toEqual(
      Array.from(trainTestSplit(100, { seed: 3 }).test),
    );
  });

  it('keeps class shares when stratified', () => {
    const labels = Float64Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : i < 95 ? 1 : 2));
    const s = trainTestSplit(100, { testSize: 0.2, stratify: labels, seed: 4 });
    const count = (c: number) => Array.from(s.test).filter((i) => labels[i] === c).length;
    expect([count(0), count(1), count(2)]).toEqual([16, 3, 1]);
  });

  it('accepts a row count and refuses a split with no training rows', () => {
    expect(trainTestSplit(10, { testSize: 4 }).test.length).toBe(4);
    expect(() => trainTestSplit(3, { testSize: 0.99 })).toThrow(/leaves no training rows out of 3/);
  });
});

describe('extractFeatures', () => {
  const rows = [
    { x: 1, y: '2', big: 3n, flag: true, label: 'cat' },
    { x: null, y: 4, big: 5n, flag: false, label: 'dog' },
    { x: 3, y: '', big: 7n, flag: true, label: null },
    { x: 4, y: 1, big: 1n, flag: false, label: 'cat' },
  ];

  it('converts values, keeps missing features as NaN and drops rows without a label', () => {
    const d = extractFeatures(rows, { features: ['x', 'y', 'big', 'flag'], label: 'label' });
    expect(d.droppedRows).toEqual([2]);
    expect(Array.from(d.keptRows)).toEqual([0, 1, 3]);
    expect(d.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(d.y ?? [])).toEqual([0, 1, 0]);
    expect(Array.from(d.x.data.subarray(0, 4))).toEqual([1, 2, 3, 1]);
    expect(Number.isNaN(d.x.data[4])).toBe(true);
  });

  it('keeps numeric labels numeric and uses given class names', () => {
    const numeric = extractFeatures(
      [
        { a: 1, t: '3.5' },
        { a: 2, t: 4 },
      ],
      { features: ['a'], label: 't' },
    );
    expect(Array.from(numeric.y ?? [])).toEqual([3.5, 4]);
    expect(numeric.classNames).toBeUndefined();
    const named = extractFeatures([{ a: 1, t: 'b' }], {
      features: ['a'],
      label: 't',
      classNames: ['a', 'b'],
    });
    expect(Array.from(named.y ?? [])).toEqual([1]);
    expect(() =>
      extractFeatures([{ a: 1, t: 'z' }], { features: ['a'], label: 't', classNames: ['a', 'b'] }),
    ).toThrow(/"z" is not one of the classes a, b/);
  });

  it('reports text features, string regression labels and a label listed as feature', () => {
    expect(() => extractFeatures([{ a: 'red' }], { features: ['a'] })).toThrow(
      'Row 0, column "a": "red" is not a number; features must be numeric (encode categories upstream).',
    );
    expect(() =>
      extractFeatures([{ a: 1, t: 'high' }], { features: ['a'], label: 't', task: 'regression' }),
    ).toThrow(/"high" is not a number, but the task is regression/);
    expect(() => extractFeatures([{ a: 1 }], { features: ['a'], label: 'a' })).toThrow(
      /both the label and a feature/,
    );
    expect(toNumber(new Date(5), 0, 'd')).toBe(5);
  });
});
