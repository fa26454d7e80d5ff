import { describe, expect, it } from 'vitest';
import { isModelmillError } from '../../core/index.js';
import { compilePattern } from './pattern-compile.js';
import { compileEventPattern, testEventPattern } from './pattern.js';

const base = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

function event(detail: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { ...base, ...extra, detail };
}

function matches(pattern: object, ev: unknown): boolean {
  return testEventPattern(JSON.stringify(pattern), ev);
}

describe('event patterns: values', () => {
  it('matches exact values, any of a field’s values, all of the fields', () => {
    const p = { source: ['aws.ec2'], detail: { state: ['terminated', 'stopped'] } };
    expect(matches(p, base)).toBe(true);
    expect(matches(p, event({ state: 'running' }))).toBe(false);
    expect(matches({ source: ['aws.s3'] }, base)).toBe(false);
    expect(matches({ detail: { missing: ['x'] } }, base)).toBe(false);
  });

  it('is case-sensitive on keys and values, and types matter', () => {
    expect(matches({ detail: { State: ['terminated'] } }, base)).toBe(false);
    expect(matches({ detail: { state: ['Terminated'] } }, base)).toBe(false);
    expect(matches({ detail: { n: ['300'] } }, event({ n: 300 }))).toBe(false);
    expect(matches({ detail: { n: [300] } }, event({ n: 300.0 }))).toBe(true);
    expect(matches({ detail: { b: [true] } }, event({ b: true }))).toBe(true);
    expect(matches({ detail: { b: [true] } }, event({ b: 'true' }))).toBe(false);
  });

  it('keeps null and the empty string apart', () => {
    const ev = event({ eventVersion: '', responseElements: null });
    expect(matches({ detail: { eventVersion: [''] } }, ev)).toBe(true);
    expect(matches({ detail: { responseElements: [null] } }, ev)).toBe(true);
    expect(matches({ detail: { eventVersion: [null] } }, ev)).toBe(false);
    expect(matches({ detail: { responseElements: [''] } }, ev)).toBe(false);
  });

  it('matches arrays in the event when any element matches', () => {
    const ev = { ...base, resources: ['arn:a', 'arn:b'] };
    expect(matches({ resources: ['arn:b', 'arn:c'] }, ev)).toBe(true);
    expect(matches({ resources: ['arn:c'] }, ev)).toBe(false);
    expect(matches({ resources: [null] }, { ...base, resources: [] })).toBe(false);
    expect(matches({ detail: { tags: ['x'] } }, event({ tags: [['y', ['x']]] }))).toBe(true);
  });

  it('takes fields inside an array of objects from the same element', () => {
    const ev = event({
      items: [
        { kind: 'a', size: 1 },
        { kind: 'b', size: 2 },
      ],
    });
    expect(matches({ detail: { items: { kind: ['a'], size: [1] } } }, ev)).toBe(true);
    expect(matches({ detail: { items: { kind: ['a'], size: [2] } } }, ev)).toBe(false);
  });
});

describe('event patterns: operators', () => {
  it('prefix, suffix and their ignore-case forms only match strings', () => {
    const ev = event({ file: 'Reports/2024.PNG', n: 12 });
    expect(matches({ detail: { file: [{ prefix: 'Reports/' }] } }, ev)).toBe(true);
    expect(matches({ detail: { file: [{ prefix: 'reports/' }] } }, ev)).toBe(false);
    expect(
      matches({ detail: { file: [{ prefix: { 'equals-ignore-case': 'reports/' } }] } }, ev),
    ).toBe(true);
    expect(matches({ detail: { file: [{ suffix: '.png' }] } }, ev)).toBe(false);
    expect(matches({ detail: { file: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, ev)).toBe(
      true,
    );
    expect(matches({ detail: { n: [{ prefix: '1' }] } }, ev)).toBe(false);
    expect(matches({ detail: { file: [{ 'equals-ignore-case': 'reports/2024.png' }] } }, ev)).toBe(
      true,
    );
  });

  it('anything-but needs the field, and null or other types are "anything but" strings', () => {
    const p = { detail: { state: [{ 'anything-but': ['stopped', 'running'] }] } };
    expect(matches(p, event({ state: 'pending' }))).toBe(true);
    expect(matches(p, event({ state: 'stopped' }))).toBe(false);
    expect(matches(p, event({ state: null }))).toBe(true);
    expect(matches(p, event({}))).toBe(false);
    expect(matches({ detail: { x: [{ 'anything-but': [100, 200] }] } }, event({ x: 300 }))).toBe(
      true,
    );
    expect(matches({ detail: { x: [{ 'anything-but': [100, 200] }] } }, event({ x: 200 }))).toBe(
      false,
    );
  });

  it('anything-but with prefix, suffix, ignore-case and wildcard', () => {
    const ev = (v: unknown) => event({ v });
    const ab = (inner: object) => ({ detail: { v: [{ 'anything-but': inner }] } });
    expect(matches(ab({ prefix: 'init' }), ev('initializing'))).toBe(false);
    expect(matches(ab({ prefix: 'init' }), ev('running'))).toBe(true);
    expect(matches(ab({ prefix: ['a', 'b'] }), ev('bee'))).toBe(false);
    expect(matches(ab({ suffix: '.png' }), ev('x.png'))).toBe(false);
    expect(matches(ab({ suffix: '.png' }), ev(null))).toBe(true);
    expect(matches(ab({ 'equals-ignore-case': ['STOPPED'] }), ev('stopped'))).toBe(false);
    expect(matches(ab({ 'equals-ignore-case': 'stopped' }), ev('Running'))).toBe(true);
    expect(matches(ab({ wildcard: '*/lib/*' }), ev('/usr/lib/x'))).toBe(false);
    expect(matches(ab({ wildcard: ['*/lib/*', '*.tmp'] }), ev('/usr/bin/x'))).toBe(true);
  });

  it('numeric ranges and equality only match numbers', () => {
    const range = { detail: { c: [{ numeric: ['>', 0, '<=', 5] }] } };
    expect(matches(range, event({ c: 5 }))).toBe(true);
    expect(matches(range, event({ c: 0 }))).toBe(false);
    expect(matches(range, event({ c: '3' }))).toBe(false);
    expect(matches({ detail: { c: [{ numeric: ['=', 3.0] }] } }, event({ c: 3 }))).toBe(true);
    expect(
      matches({ detail: { c: [{ numeric: ['<', 10, '>=', 9.5] }] } }, event({ c: 9.75 })),
    ).toBe(true);
  });

  it('exists matches leaves only; exists:false matches absent or non-leaf fields', () => {
    const has = { detail: { c: [{ exists: true }] } };
    const hasNot = { detail: { c: [{ exists: false }] } };
    expect(matches(has, event({ c: 1 }))).toBe(true);
    expect(matches(has, event({ c: null }))).toBe(true);
    expect(matches(has, event({ c: { d: 1 } }))).toBe(false);
    expect(matches(has, event({ c: [] }))).toBe(false);
    expect(matches(hasNot, event({}))).toBe(true);
    expect(matches(hasNot, event({ c: 'x' }))).toBe(false);
    expect(
      matches({ detail: { a: { b: { c: [{ exists: false }] } } } }, event({ a: 'leaf' })),
    ).toBe(true);
    expect(matches(hasNot, { ...base, detail: undefined })).toBe(true);
  });

  it('wildcards, with escaped stars', () => {
    const p = (w: string) => ({ detail: { k: [{ wildcard: w }] } });
    expect(matches(p('dir/*.png'), event({ k: 'dir/a/b.png' }))).toBe(true);
    expect(matches(p('dir/*.png'), event({ k: 'dir/a.jpg' }))).toBe(false);
    expect(matches(p('a\\*b'), event({ k: 'a*b' }))).toBe(true);
    expect(matches(p('a\\*b'), event({ k: 'axb' }))).toBe(false);
    expect(matches(p('us-*-1'), event({ k: 'us-east-1' }))).toBe(true);
  });

  it('IP address blocks, v4 and v6', () => {
    const p = (cidr: string) => ({ detail: { ip: [{ cidr }] } });
    expect(matches(p('10.0.0.0/24'), event({ ip: '10.0.0.255' }))).toBe(true);
    expect(matches(p('10.0.0.0/24'), event({ ip: '10.0.1.0' }))).toBe(false);
    expect(matches(p('2001:db8::/32'), event({ ip: '2001:db8:ffff::1' }))).toBe(true);
    expect(matches(p('2001:db8::/32'), event({ ip: '2001:db9::1' }))).toBe(false);
    expect(matches(p('10.0.0.0/8'), event({ ip: 10 }))).toBe(false);
  });

  it('$or combines alternatives at any level', () => {
    const p = {
      source: ['aws.ec2'],
      $or: [{ detail: { state: ['running'] } }, { detail: { c: [{ numeric: ['>', 10] }] } }],
    };
    expect(matches(p, event({ state: 'running' }))).toBe(true);
    expect(matches(p, event({ state: 'x', c: 11 }))).toBe(true);
    expect(matches(p, event({ state: 'x', c: 1 }))).toBe(false);
    const nested = { detail: { $or: [{ a: [1] }, { b: [{ exists: true }] }] } };
    expect(matches(nested, event({ b: 'x' }))).toBe(true);
    expect(matches(nested, event({ a: 2 }))).toBe(false);
  });
});

describe('event patterns: index hints and limits', () => {
  it('reports the exact sources and detail types a pattern pins', () => {
    const p = compilePattern(
      JSON.stringify({ source: ['a', 'b'], 'detail-type': ['t'], detail: { x: [1, 2, 3] } }),
    );
    expect(p.sources).toEqual(['a', 'b']);
    expect(p.detailTypes).toEqual(['t']);
    expect(p.keys).toBe(3);
    expect(p.combinations).toBe(6);
    expect(compilePattern('{"source":[{"prefix":"a"}]}').sources).toBeUndefined();
  });
});

function problem(pattern: string): string {
  try {
    compileEventPattern(pattern);
  } catch (err) {
    expect(isModelmillError(err, 'InvalidEventPatternException')).toBe(true);
    return (err as Error).message;
  }
  throw new Error(`pattern ${pattern} compiled`);
}

describe('event patterns: invalid patterns name the reason and the position as AWS does', () => {
  it.each([
    ['{"int": 42}', '"int" must be an object or an array', 11],
    ['{"resources": []}', 'Empty arrays are not allowed', 17],
    ['{"source": ["aws.health"], "detail": {}}', 'Empty objects are not allowed', 40],
    ['["not", "a", "dict"]', 'Filter is not an object', 2],
    ['{"detail": {"equal": [{"NUMERIC": ["=", 5]}]}}', 'Unrecognized match type NUMERIC', 36],
    ['{"my_key": [{"EXISTS": true}]}', 'Unrecognized match type EXISTS', 28],
    [
      '{"detail": {"c-count": [{"numeric": [">", 0, ">", 0]}]}}',
      'Bad numeric range operator: >',
      49,
    ],
    ['{"detail": {"c-count": [{"numeric": [">", 0, "<"]}]}}', 'Value of < must be numeric', 50],
    ['{"time": [{"prefix": 123}]}', 'prefix match pattern must be a string', 25],
    ['{"time": [{"prefix": ["2022-07-13"]}]}', 'prefix match pattern must be a string', 23],
    ['{"FileName": [{"suffix": [".png"]}]}', 'suffix match pattern must be a string', 27],
    [
      '{"detail-type": [{"equals-ignore-case": ["ec2"]}]}',
      'equals-ignore-case match pattern must be a string',
      42,
    ],
    [
      '{"detail": {"state": [{"anything-but": {"equals-ignore-case": [123, 456]}}]}}',
      'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
      67,
    ],
    [
      '{"detail": {"state": [{"anything-but": {"prefix": 123}}]}}',
      'prefix/suffix match pattern must be a string',
      54,
    ],
    ['{"EventBusArn": [{"wildcard": 123}]}', 'wildcard match pattern must be a string', 34],
    [
      '{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:**:event-bus/*"}]}',
      'Consecutive wildcard characters at pos 26',
      72,
    ],
    [
      'this is valid json but not a dict',
      "Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
      5,
    ],
    [
      "{'bad': 'quotation'}",
      "Unexpected character (''' (code 39)): was expecting double-quote to start field name",
      2,
    ],
  ])('%s', (pattern, reason, column) => {
    const message = problem(pattern);
    expect(message).toContain(`Event pattern is not valid. Reason: ${reason}\n`);
    expect(message).toContain(`at [Source: (String)"${pattern}"; line: 1, column: ${column}]`);
  });

  it('names the field the problem is in, and the line of multi-line patterns', () => {
    const message = problem('{\n  "detail": {\n    "state": [{"anything-but": true}]\n  }\n}');
    expect(message).toContain(
      'Reason: Value of anything-but must be an array or single string/number value.',
    );
    expect(message).toContain('line: 3, column: 36]');
    expect(message).toContain('in field "detail.state"');
  });

  it('rejects malformed CIDR blocks and unknown anything-but forms', () => {
    expect(problem('{"ip": [{"cidr": "10.0.0.1"}]}')).toContain("Malformed CIDR, one '/' required");
    expect(problem('{"ip": [{"cidr": "10.0.0.1/33"}]}')).toContain('mask bits');
    expect(problem('{"ip": [{"cidr": "10.0.0/8"}]}')).toContain('Nonstandard IP address');
    expect(problem('{"a": [{"anything-but": {"numeric": [">", 1]}}]}')).toContain(
      'Unsupported anything-but pattern: numeric',
    );
  });
});

describe('SNS dialect', () => {
  it('refuses wildcard and nested objects in the attributes scope', () => {
    expect(() => compilePattern('{"a": [{"wildcard": "x*"}]}', { dialect: 'sns' })).toThrow(
      /Unrecognized match type wildcard/,
    );
    expect(() => compilePattern('{"a": {"b": ["x"]}}', { dialect: 'sns', flat: true })).toThrow(
      /does not support nested filter policy/,
    );
  });

  it('needs a value for exists:true when asked', () => {
    const p = compilePattern('{"a": [{"exists": true}]}', { existsNeedsValue: true });
    expect(p.matches({ a: null })).toBe(false);
    expect(p.matches({ a: 'x' })).toBe(true);
  });
});
