import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSequentialIds } from '../../core/index.js';
import { rejectionCode } from '../common/index.js';
import { compileTemplate, feedStream, formatMoment } from './generator.js';
import type { GeneratorPorts } from './generator.js';
import { createManualClock } from './test-support.js';

function ports(
  values: number[] = [0.5],
): GeneratorPorts & { clock: ReturnType<typeof createManualClock> } {
  let i = 0;
  return {
    random: () => values[i++ % values.length] ?? 0,
    clock: createManualClock(Date.UTC(2026, 10, 21, 8, 5, 9, 42)),
    ids: createSequentialIds(),
  };
}

describe('record templates', () => {
  it('fills number, float, element, boolean, uuid, mac and date tags', () => {
    const make = compileTemplate(
      '{"n":{{random.number({"min":1,"max":100})}},"f":{{random.float({"min":0,"max":1,"precision":0.001})}},' +
        '"e":"{{random.arrayElement(["a","b","c"])}}","b":{{random.boolean}},"id":"{{random.uuid}}",' +
        '"mac":"{{internet.mac}}","t":"{{date.utc("YYYY-MM-DD HH:mm:ss.SSS")}}","s":{{date.now("X")}}}',
    );
    const record = JSON.parse(make(ports([0.999, 0.25, 0.5, 0.1, 0.75]))) as Record<
      string,
      unknown
    >;
    expect(record).toMatchObject({
      n: 100,
      f: 0.25,
      e: 'b',
      b: true,
      id: '00000000-0000-4000-8000-000000000001',
      t: '2026-11-21 08:05:09.042',
      s: Date.UTC(2026, 10, 21, 8, 5, 9) / 1000,
    });
    expect(record.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  });

  it('keeps numbers in range and on the precision grid', () => {
    const make = compileTemplate('{{random.number({"min":-5,"max":5})}}');
    for (const r of [0, 0.3, 0.9999]) {
      const value = Number(make(ports([r])));
      expect(Number.isInteger(value) && value >= -5 && value <= 5).toBe(true);
    }
    expect(make(ports([0]))).toBe('-5');
    expect(formatMoment(0, '[at] HH:mm x', true)).toBe('at 00:00 0');
  });

  it('refuses unknown tags and bad arguments, naming the tag', () => {
    expect(() => compileTemplate('{{faker.name}}')).toThrow(/\{\{faker\.name\}\}: unknown tag/);
    expect(() => compileTemplate('{{random.number({min:1})}}')).toThrow(/JSON values/);
    expect(() => compileTemplate('{{random.number({"min":5,"max":1})}}')).toThrow(/above max/);
    expect(() => compileTemplate('{{random.arrayElement([])}}')).toThrow(/non-empty array/);
  });

  it('makes valid JSON from the shipped WiFi observation sample', () => {
    const text = readFileSync(
      new URL('../../../examples/firehose/wifi-observation.kdg', import.meta.url),
      'utf8',
    );
    const record = JSON.parse(compileTemplate(text)(ports([0.2, 0.7, 0.4])));
    expect(Object.keys(record)).toEqual(['apMac', 'apTags', 'apFloors', 'observations']);
    expect(Object.keys(record.observations[0])).toEqual([
      'clientMac',
      'ipv4',
      'ipv6',
      'seenTime',
      'seenEpoch',
      'ssid',
      'rssi',
      'manufacturer',
      'os',
      'location',
    ]);
    expect(record.observations[0].rssi).toBeGreaterThanOrEqual(-90);
    expect(Object.keys(record.observations[0].location)).toEqual(['lat', 'lng', 'unc', 'x', 'y']);
  });

  it('puts JSON records on one line unless compact is false', async () => {
    const seen: unknown[] = [];
    const firehose = {
      putRecordBatch: async (input: { Records: Array<{ Data: unknown }> }) => {
        seen.push(...input.Records.map((r) => r.Data));
        return { FailedPutCount: 0, Encrypted: false, RequestResponses: [] };
      },
    };
    const template = '{\n  "id": "{{random.uuid}}"\n}';
    await feedStream(firehose, { stream: 's', template, rate: 1, count: 1 }, ports());
    await feedStream(firehose, { stream: 's', template: 'not json\n', rate: 1, count: 1 }, ports());
    await feedStream(
      firehose,
      { stream: 's', template, rate: 1, count: 1, compact: false },
      ports(),
    );
    expect(seen).toEqual([
      '{"id":"00000000-0000-4000-8000-000000000001"}',
      'not json\n',
      '{\n  "id": "00000000-0000-4000-8000-000000000001"\n}',
    ]);
  });

  it('feeds a stream at the rate asked, in batches of at most 500', async () => {
    const p = ports();
    const batches: Array<{ size: number; at: number }> = [];
    const firehose = {
      putRecordBatch: async (input: { Records: unknown[] }) => {
        batches.push({ size: input.Records.length, at: p.clock.now() });
        return { FailedPutCount: 0, Encrypted: false, RequestResponses: [] };
      },
    };
    const start = p.clock.now();
    const run = feedStream(
      firehose,
      { stream: 's', template: '{{random.uuid}}', rate: 600, count: 1300 },
      p,
    );
    await p.clock.advance(0);
    for (let i = 0; i < 3; i += 1) await p.clock.advance(1000);
    expect(await run).toEqual({ sent: 1300, failed: 0 });
    expect(batches.map((b) => [b.size, b.at - start])).toEqual([
      [500, 0],
      [100, 0],
      [500, 1000],
      [100, 1000],
      [100, 2000],
    ]);
    expect(
      (
        await rejectionCode(
          feedStream(firehose, { stream: 's', template: '', rate: 0, count: 1 }, p),
        )
      ).message,
    ).toContain('rate');
  });
});
