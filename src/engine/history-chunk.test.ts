import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from './history.js';
import { packEvent } from './history.js';
import { decodeChunk, encodeChunk } from './history-chunk.js';
import { ChunkWriter } from './history-chunk-writer.js';

const t0 = 1_763_712_000_000;

const events: HistoryEvent[] = [
  {
    id: 1,
    previousEventId: 0,
    timestamp: t0,
    type: 'ExecutionStarted',
    details: { input: '{"x":1}', inputDetails: { truncated: false }, roleArn: 'arn:role' },
  },
  {
    id: 2,
    previousEventId: 1,
    timestamp: t0,
    type: 'PassStateEntered',
    details: { name: 'A', input: '{"x":1}', inputDetails: { truncated: false } },
  },
  {
    id: 3,
    previousEventId: 2,
    timestamp: t0 + 5,
    type: 'PassStateExited',
    details: { name: 'A', output: '{"x":1}', outputDetails: { truncated: false } },
  },
  { id: 4, previousEventId: 3, timestamp: t0 + 5, type: 'ParallelStateStarted' },
  // Interleaved branch threads: previousEventId is not id - 1.
  {
    id: 7,
    previousEventId: 4,
    timestamp: t0 + 4,
    type: 'PassStateEntered',
    details: { name: 'B', input: 'x'.repeat(300_000), inputDetails: { truncated: true } },
  },
  {
    id: 8,
    previousEventId: 7,
    timestamp: t0 + 9,
    type: 'PassStateExited',
    details: {
      name: 'B',
      output: '{"y":2}',
      outputDetails: { truncated: false },
      assignedVariables: { y: '2' },
      assignedVariablesDetails: { truncated: false },
    },
  },
  {
    id: 9,
    previousEventId: 8,
    timestamp: t0 + 9,
    type: 'TaskStateExited',
    details: { name: 'C', output: '{"y":2}', outputDetails: { truncated: false } },
  },
];

describe('history chunks', () => {
  it('round-trips ids, links, timestamps and every kind of details', () => {
    expect(decodeChunk(encodeChunk(events))).toEqual(events);
  });

  it('writes a repeated payload and state name once', () => {
    const text = encodeChunk(events);
    // Once for ExecutionStarted's details, once for A's StateEntered and StateExited.
    expect(text.split('{\\"x\\":1}').length - 1).toBe(2);
    // Once inside B's details (it assigns variables), once for C.
    expect(text.split('{\\"y\\":2}').length - 1).toBe(2);
    expect(text.split('"A"').length - 1).toBe(1);
    expect(text.length).toBeLessThan(JSON.stringify(events.map(packEvent)).length);
  });

  it('reads chunks of the first format (an array of packed events)', () => {
    expect(decodeChunk(JSON.stringify(events.map(packEvent)))).toEqual(events);
  });

  it('numbers state names afresh in each chunk, whatever the chunks before held', () => {
    const entered = (id: number, name: string): HistoryEvent => ({
      id,
      previousEventId: id - 1,
      timestamp: t0 + id,
      type: 'PassStateEntered',
      details: { name, input: '{}', inputDetails: { truncated: false } },
    });
    const first = [entered(1, 'A'), entered(2, 'B'), entered(3, 'C')];
    const second = [entered(4, 'C'), entered(5, 'D'), entered(6, 'A'), entered(7, 'C')];
    const firstText = encodeChunk(first);
    const secondText = encodeChunk(second);
    expect(decodeChunk(secondText)).toEqual(second);
    expect(decodeChunk(firstText)).toEqual(first);
    expect((JSON.parse(secondText) as { s: string[] }).s).toEqual(['C', '{}', 'D', 'A']);
  });

  it('writes each state name once in chunks written side by side (executions running at once)', () => {
    const entered = (id: number, name: string): HistoryEvent => ({
      id,
      previousEventId: id - 1,
      timestamp: t0,
      type: 'PassStateEntered',
      details: { name, input: '{}', inputDetails: { truncated: false } },
    });
    const a = new ChunkWriter();
    const b = new ChunkWriter();
    const written: HistoryEvent[] = [];
    for (let id = 1; id <= 6; id += 1) {
      const event = entered(id, id % 2 === 0 ? 'Y' : 'X');
      written.push(event);
      a.add(event);
      b.add(event);
    }
    const text = a.finish();
    expect(decodeChunk(text)).toEqual(written);
    expect((JSON.parse(text) as { s: string[] }).s).toEqual(['X', '{}', 'Y']);
    expect(b.finish()).toBe(text);
  });

  it('writes timestamps far apart and negative links exactly', () => {
    const far: HistoryEvent[] = [
      { id: 10, previousEventId: 0, timestamp: 5, type: 'ExecutionStarted' },
      { id: 11, previousEventId: 12, timestamp: 5 + 2 ** 40, type: 'WaitStateAborted' },
    ];
    expect(decodeChunk(encodeChunk(far))).toEqual(far);
  });

  it('writes a chain of Entered/Exited pairs as a run, broken where a row differs', () => {
    const chain: HistoryEvent[] = [];
    for (let i = 0; i < 41; i += 1) {
      const id = i + 1;
      const name = `S${Math.floor(i / 2)}`;
      const timestamp = t0 + (i >= 30 ? 1 : 0);
      chain.push(
        i % 2 === 0
          ? {
              id,
              previousEventId: id - 1,
              timestamp,
              type: 'PassStateEntered',
              details: { name, input: '{}', inputDetails: { truncated: false } },
            }
          : {
              id,
              previousEventId: id - 1,
              timestamp,
              type: 'PassStateExited',
              details: { name, output: '{}', outputDetails: { truncated: false } },
            },
      );
    }
    const text = encodeChunk(chain);
    expect(decodeChunk(text)).toEqual(chain);
    // A few rows where the chain starts and where the clock ticks; runs for the rest.
    const { e } = JSON.parse(text) as { e: number[] };
    expect(e.filter((n) => n === -1).length).toBeGreaterThanOrEqual(2);
    expect(e.length).toBeLessThan(50);
  });

  it('encodes an empty run of events', () => {
    expect(decodeChunk(encodeChunk([]))).toEqual([]);
  });
});
