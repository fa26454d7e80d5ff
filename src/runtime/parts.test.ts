import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../core/index.js';
import { openDatabase } from '../store/index.js';
import { displayCommand, formatProgramArgs, parseProgramArgs } from './args.js';
import { detectContainerEngine } from './container.js';
import { MAX_LOG_EVENT_BYTES, createSqliteLogStore } from './log-store.js';
import { createProgramRegistry } from './programs.js';
import { createResourcePool } from './resources.js';

describe('program arguments', () => {
  it('parses --key value pairs, --key=value and bare flags', () => {
    expect(
      parseProgramArgs([
        'train',
        '--pk_id',
        '7',
        '--region=ap-south-1',
        '--dry-run',
        '--mapping',
        'a b',
      ]),
    ).toEqual({ pk_id: '7', region: 'ap-south-1', 'dry-run': 'true', mapping: 'a b' });
    expect(parseProgramArgs(['--last'])).toEqual({ last: 'true' });
    expect(parseProgramArgs(['--n', '-1'])).toEqual({ n: '-1' });
    expect(formatProgramArgs({ a: '1', b: 'x y' })).toEqual(['--a', '1', '--b', 'x y']);
    expect(displayCommand(['modelmill', 'job', 'x', '--a', "it's"])).toBe(
      `modelmill job x --a 'it'\\''s'`,
    );
  });
});

describe('program registry', () => {
  it('finds programs by name and names the known ones when one is missing', () => {
    const registry = createProgramRegistry([
      { name: 'dapm-train', module: new URL('./nothing.js', import.meta.url), export: 'train' },
    ]);
    expect(registry.get('dapm-train')).toMatchObject({ name: 'dapm-train', exportName: 'train' });
    expect(() => registry.get('dapm-eval')).toThrow(
      /no built-in program is named 'dapm-eval' \(registered: dapm-train\)/,
    );
    expect(() => registry.register({ name: 'bad name', module: 'x' })).toThrow(/not valid/);
  });
});

describe('resource pool', () => {
  it('admits what fits, counts fractions exactly and gives back', () => {
    const pool = createResourcePool({ vcpus: 1, memoryMiB: 2048, gpus: 1 });
    const quarter = { vcpus: 0.25, memoryMiB: 512, gpus: 0 };
    for (let i = 0; i < 4; i += 1) expect(pool.tryAcquire(quarter)).toBe(true);
    expect(pool.tryAcquire(quarter)).toBe(false);
    expect(pool.free()).toEqual({ vcpus: 0, memoryMiB: 0, gpus: 1 });
    pool.release(quarter);
    expect(pool.free()).toEqual({ vcpus: 0.25, memoryMiB: 512, gpus: 1 });
    expect(pool.fits({ vcpus: 1, memoryMiB: 1, gpus: 2 })).toBe(false);
    expect(pool.fits({ vcpus: 1, memoryMiB: 2048, gpus: 1 })).toBe(true);
  });
});

describe('SQLite log store', () => {
  it('keeps lines per stream in order, reads on from a position and lists streams', () => {
    const clock = createFakeClock(1_000);
    const logs = createSqliteLogStore({ db: openDatabase(':memory:'), clock });
    logs.append('/aws/batch/job', 'def/default/a', [
      { timestamp: 1, message: 'one' },
      { timestamp: 2, message: 'two' },
    ]);
    logs.append('/aws/batch/job', 'def/default/b', [{ timestamp: 3, message: 'other' }]);
    logs.append('/aws/batch/job', 'def/default/a', [{ timestamp: 4, message: 'three' }]);
    const all = logs.read('/aws/batch/job', 'def/default/a');
    expect(all.events.map((e) => e.message)).toEqual(['one', 'two', 'three']);
    expect(all.events[0]?.ingestionTime).toBe(1_000);
    const rest = logs.read('/aws/batch/job', 'def/default/a', { from: all.events[0]?.seq ?? 0 });
    expect(rest.events.map((e) => e.message)).toEqual(['two', 'three']);
    expect(logs.read('/aws/batch/job', 'def/default/a', { from: all.next }).events).toEqual([]);
    expect(logs.streams('/aws/batch/job', 'def/')).toEqual([
      {
        group: '/aws/batch/job',
        stream: 'def/default/a',
        createdAt: 1_000,
        firstEventAt: 1,
        lastEventAt: 4,
        events: 3,
      },
      {
        group: '/aws/batch/job',
        stream: 'def/default/b',
        createdAt: 1_000,
        firstEventAt: 3,
        lastEventAt: 3,
        events: 1,
      },
    ]);
  });

  it("cuts events at CloudWatch's size limit", () => {
    const logs = createSqliteLogStore({ db: openDatabase(':memory:') });
    logs.append('g', 's', [{ timestamp: 1, message: 'x'.repeat(MAX_LOG_EVENT_BYTES + 10) }]);
    expect(logs.read('g', 's').events[0]?.message.length).toBe(MAX_LOG_EVENT_BYTES);
  });

  it('follows a stream as it is written, until told to stop', async () => {
    const logs = createSqliteLogStore({ db: openDatabase(':memory:') });
    let finished = false;
    const seen: string[] = [];
    const following = (async () => {
      for await (const event of logs.follow('g', 's', { until: () => finished, pollMs: 10_000 })) {
        seen.push(event.message);
      }
    })();
    logs.append('g', 's', [{ timestamp: 1, message: 'a' }]);
    await new Promise((r) => setTimeout(r, 5));
    logs.append('g', 's', [{ timestamp: 2, message: 'b' }]);
    finished = true;
    logs.append('g', 's', [{ timestamp: 3, message: 'c' }]);
    await following;
    expect(seen).toEqual(['a', 'b', 'c']);
  });
});

describe('container engine', () => {
  it('finds no engine when no CLI answers, quickly', async () => {
    expect(
      await detectContainerEngine({ candidates: ['no-such-engine-cli'], timeoutMs: 500 }),
    ).toBeUndefined();
  });
});
