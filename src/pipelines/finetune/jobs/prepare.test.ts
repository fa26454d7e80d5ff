import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../core/index.js';
import { parseBatchId, ticketWindow } from '../prep.js';
import type { TicketRow, TicketSource } from '../tickets-db.js';
import type { PrepStore } from './prepare.js';
import { prepare, prepareProgram } from './prepare.js';

/** An in-memory bucket. */
function memoryStore(): PrepStore & { objects: Map<string, string> } {
  const objects = new Map<string, string>();
  return {
    objects,
    putObject: async ({ Key, Body }) => {
      objects.set(Key, String(Body));
      return {} as never;
    },
    deleteObject: async ({ Key }) => {
      objects.delete(Key);
    },
  };
}

/** A source answering `general` for the 90-day window and `year` for any other. */
function source(
  general: TicketRow[],
  year: TicketRow[] = general,
): TicketSource & { calls: number[][] } {
  const calls: number[][] = [];
  const window = ticketWindow(parseBatchId('2026112100'), 90);
  return {
    calls,
    closedBetween: (start, end) => {
      calls.push([start, end]);
      return start === window.start && end === window.end ? general : year;
    },
    close: () => undefined,
  };
}

function rows(counts: Record<number, number>): TicketRow[] {
  const out: TicketRow[] = [];
  for (const [label, n] of Object.entries(counts)) {
    for (let i = 0; i < n; i += 1)
      out.push({ id: out.length + 1, text: `t ${label}`, label: Number(label) });
  }
  return out;
}

const labelsOf = (text: string | undefined) =>
  new Set(
    (text ?? '')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as TicketRow).label),
  );

describe('prepare', () => {
  it('writes the general and low-volume sets, relabelling low-volume tickets 0', async () => {
    const store = memoryStore();
    const general = rows({ 1: 600, 2: 380, 7: 10, 8: 10 });
    const report = await prepare(
      '2026112100',
      source(general, rows({ 7: 40, 8: 12, 9: 5 })),
      store,
      {
        bucket: 'b',
        fallbackLabel: 99,
      },
    );
    expect(report.lowVolumeLabels).toEqual([7, 8]);
    expect(report.general).toEqual({ train: 900, test: 100, labels: 3 });
    expect(report.lowVolume).toEqual({ train: 47, test: 5, labels: 2 }); // 40 → 4 test, 12 → 1
    expect([...store.objects.keys()].sort()).toEqual([
      'training/gata-general/2026112100/test/data.json',
      'training/gata-general/2026112100/train/data.json',
      'training/gata-low-vol/2026112100/test/data.json',
      'training/gata-low-vol/2026112100/train/data.json',
    ]);
    expect(labelsOf(store.objects.get('training/gata-general/2026112100/train/data.json'))).toEqual(
      new Set([0, 1, 2]),
    );
  });

  it('falls back when fewer than 2 low-volume labels have 10 tickets, and removes an earlier low-volume set', async () => {
    const store = memoryStore();
    store.objects.set('training/gata-low-vol/2026112100/train/data.json', 'old');
    const general = rows({ 1: 600, 2: 380, 7: 10, 8: 10 });
    const report = await prepare('2026112100', source(general, rows({ 7: 40, 8: 9 })), store, {
      bucket: 'b',
      fallbackLabel: 42,
    });
    expect(report.lowVolume).toBeUndefined();
    expect(labelsOf(store.objects.get('training/gata-general/2026112100/train/data.json'))).toEqual(
      new Set([1, 2, 42]),
    );
    expect([...store.objects.keys()].some((k) => k.includes('gata-low-vol'))).toBe(false);
  });

  it('reads 90 days for the general set and 365 for the low-volume set', async () => {
    const s = source(rows({ 1: 600, 2: 380, 7: 20 }));
    await prepare('2026112100', s, memoryStore(), { bucket: 'b', fallbackLabel: 99 });
    const hour = parseBatchId('2026112100');
    expect(s.calls).toEqual([
      [ticketWindow(hour, 90).start, ticketWindow(hour, 90).end],
      [ticketWindow(hour, 365).start, ticketWindow(hour, 365).end],
    ]);
  });

  it('fails on an empty window, naming it and the fix', async () => {
    await expect(
      prepare('2026112100', source([]), memoryStore(), { bucket: 'b', fallbackLabel: 99 }),
    ).rejects.toThrow(
      /no tickets closed between 2026-08-23T00:00:00.000Z and 2026-11-20T23:59:59.000Z .*seed the database/,
    );
  });
});

describe('the data-prep program', () => {
  const ctx = (argv: string[], env: Record<string, string>) => ({
    name: 'gata-data-prep',
    args: {},
    argv,
    env,
    cwd: tmpdir(),
    logger: createLogger('silent'),
    signal: new AbortController().signal,
  });
  const env = {
    DB_ARN: 'arn:aws:rds:us-east-1:0:cluster:gata-tickets',
    TARGET_BUCKET: 'b',
    LOW_VOLUME_FALLBACK_LABEL: '99',
  };

  it('refuses a bad BatchID, a missing variable, a bad fallback label and a missing database', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mm-prep-'));
    try {
      await expect(
        prepareProgram(ctx(['prepare', '20261121'], { ...env, MODELMILL_HOME: home })),
      ).rejects.toThrow(/BatchID '20261121' is not 10 digits/);
      await expect(prepareProgram(ctx(['2026112100'], { TARGET_BUCKET: 'b' }))).rejects.toThrow(
        /needs DB_ARN in its environment/,
      );
      await expect(
        prepareProgram(
          ctx(['2026112100'], { ...env, LOW_VOLUME_FALLBACK_LABEL: 'x', MODELMILL_HOME: home }),
        ),
      ).rejects.toThrow(/LOW_VOLUME_FALLBACK_LABEL 'x' is not an integer/);
      await expect(
        prepareProgram(ctx(['2026112100'], { ...env, MODELMILL_HOME: home })),
      ).rejects.toThrow(/does not exist locally .*modelmill finetune seed-db/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
