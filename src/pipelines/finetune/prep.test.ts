import { describe, expect, it } from 'vitest';
import {
  jsonLines,
  lowVolumeLabels,
  lowVolumeSet,
  parseBatchId,
  relabel,
  stratifiedSplit,
  ticketWindow,
} from './prep.js';
import type { TicketRow } from './tickets-db.js';

function rows(counts: Record<number, number>): TicketRow[] {
  const out: TicketRow[] = [];
  for (const [label, n] of Object.entries(counts)) {
    for (let i = 0; i < n; i += 1)
      out.push({ id: out.length + 1, text: `t${label}-${i}`, label: Number(label) });
  }
  return out;
}

describe('fine-tune data prep rules', () => {
  it('takes a 10-digit BatchID as the batch hour (UTC) and refuses anything else', () => {
    expect(parseBatchId('2026112100')).toBe(Date.UTC(2026, 10, 21, 0) / 1000);
    expect(parseBatchId('2024022913')).toBe(Date.UTC(2024, 1, 29, 13) / 1000);
    for (const bad of ['202611210', '20261121000', '2026-11-21', 'abcdefghij', '']) {
      expect(() => parseBatchId(bad)).toThrow(
        /is not 10 digits: give the batch hour as 10 digits YYYYMMDDHH/,
      );
    }
    expect(() => parseBatchId('2026023012')).toThrow(/is not a valid date and hour/);
    expect(() => parseBatchId('2026112124')).toThrow(/is not a valid date and hour/);
  });

  it('reads from 90 days before the batch hour to the end of the previous day', () => {
    const hour = parseBatchId('2026112107');
    const { start, end } = ticketWindow(hour, 90);
    expect(new Date(start * 1000).toISOString()).toBe('2026-08-23T07:00:00.000Z');
    expect(new Date(end * 1000).toISOString()).toBe('2026-11-20T23:59:59.000Z');
  });

  it('calls labels under a 3.3% share low-volume', () => {
    // 1000 rows: 33 is exactly 3.3% (not low), 32 is below.
    const data = rows({ 1: 500, 2: 435, 3: 33, 4: 32 });
    expect([...lowVolumeLabels(data)]).toEqual([4]);
  });

  it('builds the low-volume set only when at least 2 labels have 10 rows, dropping the rest', () => {
    const low = new Set([7, 8, 9]);
    const built = lowVolumeSet(rows({ 1: 50, 7: 12, 8: 10, 9: 9 }), low);
    expect(new Set(built.map((r) => r.label))).toEqual(new Set([7, 8]));
    expect(built).toHaveLength(22);
    expect(lowVolumeSet(rows({ 7: 30, 8: 9, 9: 9 }), low)).toEqual([]);
  });

  it('relabels low-volume rows 0 when the low-volume model is built, else to the fallback label', () => {
    const data = rows({ 1: 2, 7: 1 });
    const low = new Set([7]);
    expect(relabel(data, low, true, 99).map((r) => r.label)).toEqual([1, 1, 0]);
    expect(relabel(data, low, false, 99).map((r) => r.label)).toEqual([1, 1, 99]);
  });

  it('splits 90/10 stratified by label, the same way every time (seed 42)', () => {
    const data = rows({ 1: 100, 2: 30, 3: 5, 4: 1 });
    const a = stratifiedSplit(data);
    const count = (list: TicketRow[], l: number) => list.filter((r) => r.label === l).length;
    expect([1, 2, 3, 4].map((l) => count(a.test, l))).toEqual([10, 3, 1, 0]);
    expect([1, 2, 3, 4].map((l) => count(a.train, l))).toEqual([90, 27, 4, 1]);
    expect(stratifiedSplit([...data].reverse())).toEqual(a);
    expect(stratifiedSplit(data, 0.1, 43).test).not.toEqual(a.test);
    const ids = new Set([...a.train, ...a.test].map((r) => r.id));
    expect(ids.size).toBe(data.length);
  });

  it('writes JSON lines of id, text and label', () => {
    expect(jsonLines([{ id: 3, text: 'vpn "down"', label: 0 }])).toBe(
      '{"id":3,"text":"vpn \\"down\\"","label":0}\n',
    );
  });
});
