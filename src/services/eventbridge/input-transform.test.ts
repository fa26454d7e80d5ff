import { describe, expect, it } from 'vitest';
import { compileTargetInput, parseEventPath, selectPath } from './input-transform.js';
import type { EventBridgeEvent, Target } from './types.js';

const event: EventBridgeEvent = {
  version: '0',
  id: 'e-1',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2024-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-1'],
  detail: {
    'instance-id': 'i-1',
    state: 'running',
    tags: ['a', 'b'],
    size: { cpus: 4 },
    '--year': '2024',
  },
};
const context = {
  ruleName: 'r',
  ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/r',
  ingestionTime: Date.UTC(2024, 0, 1, 0, 0, 1),
};

function render(target: Omit<Target, 'Id' | 'Arn'>): string {
  return compileTargetInput({ Id: 't', Arn: 'arn:aws:sns:us-east-1:1:t', ...target })(
    event,
    context,
  );
}

describe('target input', () => {
  it('is the whole event by default, a constant with Input, a part with InputPath', () => {
    expect(JSON.parse(render({}))).toEqual(event);
    expect(render({ Input: '{"fixed":1}' })).toBe('{"fixed":1}');
    expect(render({ InputPath: '$.detail.size' })).toBe('{"cpus":4}');
    expect(render({ InputPath: "$.detail['--year']" })).toBe('"2024"');
    expect(render({ InputPath: '$.detail.missing' })).toBe('null');
  });

  it('fills JSON templates: quoted placeholders take raw text, bare ones JSON', () => {
    const out = render({
      InputTransformer: {
        InputPathsMap: {
          id: '$.detail.instance-id',
          state: '$.detail.state',
          tags: '$.detail.tags',
          size: '$.detail.size',
          gone: '$.detail.none',
        },
        InputTemplate:
          '{"instance": <id>, "text": "<id> is \\"<state>\\"", "tags": <tags>, "size": "<size>", "gone": <gone>, "also": "<gone>"}',
      },
    });
    expect(JSON.parse(out)).toEqual({
      instance: 'i-1',
      text: 'i-1 is "running"',
      tags: ['a', 'b'],
      size: '{"cpus":4}',
      gone: null,
      also: '',
    });
  });

  it('fills plain-text templates with raw values', () => {
    expect(
      render({
        InputTransformer: {
          InputPathsMap: { id: '$.detail.instance-id', state: '$.detail.state' },
          InputTemplate: '<id> is in state <state>',
        },
      }),
    ).toBe('i-1 is in state running');
    expect(
      render({
        InputTransformer: {
          InputPathsMap: { id: '$.detail.instance-id' },
          InputTemplate: '"<id> stopped"',
        },
      }),
    ).toBe('"i-1 stopped"');
  });

  it('knows the predefined aws.events variables', () => {
    const out = JSON.parse(
      render({
        InputTransformer: {
          InputTemplate:
            '{"rule": "<aws.events.rule-name>", "arn": "<aws.events.rule-arn>", "at": "<aws.events.event.ingestion-time>", "original": <aws.events.event>, "full": <aws.events.event.json>}',
        },
      }),
    );
    expect(out.rule).toBe('r');
    expect(out.arn).toBe(context.ruleArn);
    expect(out.at).toBe('2024-01-01T00:00:01.000Z');
    expect(out.original.detail).toBeUndefined();
    expect(out.original.source).toBe('aws.ec2');
    expect(out.full).toEqual(event);
  });

  it('rejects templates that do not render to JSON and paths EventBridge cannot read', () => {
    expect(() =>
      render({ InputTransformer: { InputPathsMap: { a: '$.id' }, InputTemplate: '{"a": <a>' } }),
    ).toThrow(/does not render to valid JSON/);
    expect(() => render({ InputPath: 'detail.state' })).toThrow(/must start with \$/);
    expect(() => parseEventPath('$.a[?(@.b)]', 'x')).toThrow(/neither an index/);
  });

  it('selects with wildcards and indexes', () => {
    expect(selectPath(event, parseEventPath('$.detail.tags[1]', 'x'))).toBe('b');
    expect(selectPath(event, parseEventPath('$.detail.tags[*]', 'x'))).toEqual(['a', 'b']);
    expect(selectPath(event, parseEventPath('$.resources[0]', 'x'))).toBe(
      'arn:aws:ec2:us-east-1:123456789012:instance/i-1',
    );
  });
});
