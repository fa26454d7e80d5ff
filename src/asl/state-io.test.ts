import { describe, expect, it } from 'vitest';
import { StatesError } from './errors.js';
import type { Scope } from './scope.js';
import {
  applyInputPath,
  applyOutputPath,
  applyResultPath,
  checkPayloadSize,
  jsonByteLength,
  PAYLOAD_SIZE_LIMIT,
  readFieldPath,
  readIntegerPath,
  readPercentagePath,
  readSecondsPath,
  readTimestampPath,
} from './state-io.js';
import { compareTimestamps, isTimestamp, parseTimestamp, timestampMillis } from './timestamp.js';

const scopeOf = (input: unknown, variables: Record<string, unknown> = {}): Scope => ({
  input,
  context: { Execution: { Input: { original: 1 } }, StateMachine: { Name: 'machine' } },
  variables,
});

function failure(fn: () => unknown): StatesError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatesError) return err;
    throw err;
  }
  throw new Error('no failure');
}

describe('InputPath and OutputPath', () => {
  const input = { a: { b: 1 }, list: [1, 2, 3] };
  it('select from the input, the context or a variable', () => {
    expect(applyInputPath(undefined, scopeOf(input))).toBe(input);
    expect(applyInputPath('$', scopeOf(input))).toBe(input);
    expect(applyInputPath('$.a', scopeOf(input))).toEqual({ b: 1 });
    expect(applyInputPath('$.list[1:]', scopeOf(input))).toEqual([2, 3]);
    expect(applyInputPath('$$.Execution.Input', scopeOf(input))).toEqual({ original: 1 });
    expect(applyInputPath('$theAnswer', scopeOf(input, { theAnswer: 42 }))).toBe(42);
  });

  it('give {} for null', () => {
    expect(applyInputPath(null, scopeOf(input))).toEqual({});
    expect(applyOutputPath(null, input, scopeOf(input))).toEqual({});
  });

  it('OutputPath selects from the value it is given', () => {
    expect(applyOutputPath('$.x', { x: 5 }, scopeOf(input))).toBe(5);
    expect(applyOutputPath(undefined, 'v', scopeOf(input))).toBe('v');
    expect(applyOutputPath('$$.StateMachine.Name', { x: 5 }, scopeOf(input))).toBe('machine');
  });

  it("fail with AWS's cause when nothing matches", () => {
    const err = failure(() => applyInputPath('$.NoSuchInputPath', scopeOf({ 'int-literal': 0 })));
    expect(err.error).toBe('States.Runtime');
    expect(err.causeText).toBe(
      "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']",
    );
    expect(
      failure(() => applyOutputPath('$.NoSuchOutputPath', { 'int-literal': 0 }, scopeOf({})))
        .causeText,
    ).toBe("Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']");
    expect(failure(() => applyInputPath('$.a.x.y', scopeOf(input))).causeText).toBe(
      "Invalid path '$.a.x.y' : Missing property in path $['a']['x']",
    );
  });

  it('fail with States.Runtime on a malformed path', () => {
    expect(failure(() => applyInputPath('$.[', scopeOf(input))).causeText).toContain(
      'The InputPath field is not a valid JSONPath',
    );
  });
});

describe('ResultPath', () => {
  const raw = { keep: true, a: { b: 1 }, list: [1, { x: 1 }] };
  it('replaces, discards or merges', () => {
    expect(applyResultPath(raw, 'r', undefined)).toBe('r');
    expect(applyResultPath(raw, 'r', '$')).toBe('r');
    expect(applyResultPath(raw, 'r', null)).toBe(raw);
    expect(applyResultPath(raw, 'r', '$.result')).toEqual({ ...raw, result: 'r' });
    expect(applyResultPath(raw, 'r', '$.a.b')).toEqual({ ...raw, a: { b: 'r' } });
    expect(applyResultPath(raw, 'r', '$.new.deep.path')).toEqual({
      ...raw,
      new: { deep: { path: 'r' } },
    });
    expect(applyResultPath(raw, 'r', "$['with space']")).toEqual({ ...raw, 'with space': 'r' });
    expect(applyResultPath(raw, 'r', '$.list[1].y')).toEqual({
      ...raw,
      list: [1, { x: 1, y: 'r' }],
    });
    expect(applyResultPath(raw, 'r', '$.list[-1]')).toEqual({ ...raw, list: [1, 'r'] });
  });

  it('does not modify the raw input', () => {
    const before = JSON.stringify(raw);
    applyResultPath(raw, 'r', '$.a.b');
    applyResultPath(raw, 'r', '$.list[1].z');
    expect(JSON.stringify(raw)).toBe(before);
  });

  it('fails with States.ResultPathMatchFailure when the path meets a non-object', () => {
    const err = failure(() => applyResultPath('a string', 'r', '$.result'));
    expect(err.error).toBe('States.ResultPathMatchFailure');
    expect(err.causeText).toBe('Unable to apply ReferencePath $.result to input "a string"');
    expect(failure(() => applyResultPath(raw, 'r', '$.keep.x')).causeText).toBe(
      `Unable to apply ReferencePath $.keep.x to input ${JSON.stringify(raw)}`,
    );
    expect(failure(() => applyResultPath(raw, 'r', '$.list[5]')).error).toBe(
      'States.ResultPathMatchFailure',
    );
    expect(failure(() => applyResultPath([1], 'r', '$.x')).error).toBe(
      'States.ResultPathMatchFailure',
    );
  });

  it('rejects paths that are not reference paths', () => {
    expect(failure(() => applyResultPath(raw, 'r', '$.list[*]')).causeText).toContain(
      'is not a reference path',
    );
    expect(failure(() => applyResultPath(raw, 'r', '$$.Execution')).causeText).toContain(
      'is not a reference path',
    );
  });
});

describe('field paths', () => {
  const input = {
    Error: 'error-value',
    n: 5,
    text: '7',
    neg: -1,
    frac: 1.5,
    obj: {},
    ts: '2016-03-14T01:59:00Z',
    bad: '2016-12-05T25:29:29Z',
    pct: 12.5,
  };

  it('reads a value, or an intrinsic result', () => {
    expect(readFieldPath('ErrorPath', '$.Error', scopeOf(input))).toBe('error-value');
    expect(readFieldPath('CausePath', "States.Format('n={}', $.n)", scopeOf(input))).toBe('n=5');
    expect(readFieldPath('CausePath', '$$.StateMachine.Name', scopeOf(input))).toBe('machine');
    expect(readFieldPath('SecondsPath', '$waitTime', scopeOf(input, { waitTime: 0 }))).toBe(0);
  });

  it('fails naming the field, as AWS does', () => {
    const err = failure(() =>
      readFieldPath('ErrorPath', '$.ErrorX', scopeOf({ Error: 'error-value' })),
    );
    expect(err.error).toBe('States.Runtime');
    expect(err.causeText).toBe(
      `The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{"Error":"error-value"}'`,
    );
    expect(failure(() => readFieldPath('CausePath', 'States.Nope()', scopeOf({}))).error).toBe(
      'States.Runtime',
    );
  });

  it('SecondsPath', () => {
    expect(readSecondsPath('$.n', scopeOf(input))).toBe(5);
    expect(failure(() => readSecondsPath('$.frac', scopeOf(input))).causeText).toBe(
      'The SecondsPath parameter cannot be parsed as a long value: $.frac == 1.5',
    );
    expect(failure(() => readSecondsPath('$.neg', scopeOf(input))).causeText).toBe(
      'The SecondsPath parameter references a negative value: $.neg == -1',
    );
    expect(failure(() => readSecondsPath('$.text', scopeOf(input))).causeText).toContain(
      'cannot be parsed as a long value: $.text == 7',
    );
  });

  it('TimestampPath', () => {
    expect(readTimestampPath('$.ts', scopeOf(input))).toEqual(
      parseTimestamp('2016-03-14T01:59:00Z'),
    );
    expect(failure(() => readTimestampPath('$.bad', scopeOf(input))).causeText).toBe(
      'The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.bad == 2016-12-05T25:29:29Z',
    );
    expect(failure(() => readTimestampPath('$.n', scopeOf(input))).causeText).toContain('$.n == 5');
  });

  it('integer paths accept integers and integer strings', () => {
    expect(readIntegerPath('MaxConcurrencyPath', '$.n', scopeOf(input))).toBe(5);
    expect(readIntegerPath('MaxConcurrencyPath', '$.text', scopeOf(input))).toBe(7);
    expect(readIntegerPath('ToleratedFailureCountPath', '$c', scopeOf(input, { c: '1' }))).toBe(1);
    expect(
      failure(() => readIntegerPath('MaxConcurrencyPath', '$.v', scopeOf({ v: 'NoNumber' })))
        .causeText,
    ).toBe(
      'The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: $.v',
    );
    expect(
      failure(() => readIntegerPath('ToleratedFailureCountPath', '$.obj', scopeOf(input)))
        .causeText,
    ).toBe(
      'The ToleratedFailureCountPath field refers to value "{}" which is not a valid integer: $.obj',
    );
    expect(
      failure(() => readIntegerPath('MaxConcurrencyPath', '$.frac', scopeOf(input))).causeText,
    ).toContain('"1.5"');
    expect(
      failure(() => readIntegerPath('MaxConcurrencyPath', '$.neg', scopeOf(input))).causeText,
    ).toContain('"-1"');
  });

  it('percentage paths accept 0 to 100', () => {
    expect(readPercentagePath('ToleratedFailurePercentagePath', '$.pct', scopeOf(input))).toBe(
      12.5,
    );
    expect(
      readPercentagePath('ToleratedFailurePercentagePath', '$p', scopeOf(input, { p: '1' })),
    ).toBe(1);
    expect(
      failure(() =>
        readPercentagePath('ToleratedFailurePercentagePath', '$.text', scopeOf({ text: 'x' })),
      ).causeText,
    ).toContain('value "x" which is not a valid percentage');
    expect(
      failure(() =>
        readPercentagePath('ToleratedFailurePercentagePath', '$.v', scopeOf({ v: 101 })),
      ).error,
    ).toBe('States.Runtime');
  });
});

describe('payload size', () => {
  it('counts UTF-8 bytes of the JSON text', () => {
    expect(jsonByteLength({ a: 'é' })).toBe(Buffer.byteLength('{"a":"é"}'));
    expect(jsonByteLength('✓')).toBe(5);
    expect(jsonByteLength(undefined)).toBe(4);
  });

  it('allows exactly 256 KiB and rejects one byte more', () => {
    const exact = 'x'.repeat(PAYLOAD_SIZE_LIMIT - 2); // plus two quotes
    expect(() => checkPayloadSize(exact, 'S')).not.toThrow();
    const err = failure(() => checkPayloadSize(`${exact}x`, 'BigState'));
    expect(err.error).toBe('States.DataLimitExceeded');
    expect(err.causeText).toBe(
      "The state/task 'BigState' returned a result with a size exceeding the maximum number of bytes service limit.",
    );
  });

  it('counts multi-byte characters', () => {
    const wide = '€'.repeat(Math.floor(PAYLOAD_SIZE_LIMIT / 3)); // 3 bytes each, just over the limit with quotes
    expect(failure(() => checkPayloadSize(wide, 'S')).error).toBe('States.DataLimitExceeded');
    expect(() => checkPayloadSize('€'.repeat(80_000), 'S')).not.toThrow();
  });
});

describe('timestamps', () => {
  it.each([
    '2016-03-14T01:59:00Z',
    '2016-03-14T01:59Z',
    '2016-03-05T21:29:29.243167252Z',
    '2012-10-09T19:00:55+01:00',
    '2012-10-09T19:00:55-05:30',
    '2024-02-29T00:00:00Z',
  ])('accepts %s', (text) => {
    expect(isTimestamp(text)).toBe(true);
  });

  it.each([
    '2016-12-05T25:29:29Z',
    '2016-12-05T21:29:29',
    '2016-12-05 21:29:29Z',
    '05-12-2016T21:29:29Z',
    '2016-13-05T21:29:29Z',
    '2023-02-29T00:00:00Z',
    '2016-12-05t21:29:29z',
    '2016-12-05T21:29:60Z',
    '2016-12-05T21:29:29+19:00',
    '2016-12-05T21:29:29.Z',
    '2023-02-24',
  ])('rejects %s', (text) => {
    expect(isTimestamp(text)).toBe(false);
  });

  it('orders instants across offsets with nanosecond precision', () => {
    const a = parseTimestamp('2012-10-09T19:00:55Z')!;
    const b = parseTimestamp('2012-10-09T20:00:55+01:00')!;
    const c = parseTimestamp('2012-10-09T19:00:55.000000001Z')!;
    expect(compareTimestamps(a, b)).toBe(0);
    expect(compareTimestamps(a, c)).toBeLessThan(0);
    expect(timestampMillis(parseTimestamp('2016-03-14T01:59:00.1239Z')!)).toBe(
      Date.parse('2016-03-14T01:59:00.123Z'),
    );
    expect(timestampMillis(parseTimestamp('0099-01-01T00:00:00Z')!)).toBe(
      new Date('0099-01-01T00:00:00Z').getTime(),
    );
  });
});
