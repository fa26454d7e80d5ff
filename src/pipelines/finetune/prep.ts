import { ModelmillError } from '../../core/index.js';
import { createRandom } from '../../ml/index.js';
import type { TicketRow } from './tickets-db.js';

/**
 * The data-prep rules of SYSTEMS.md §2, as pure functions: BatchID, ticket
 * window, low-volume labels (share below 3.3%), whether a low-volume model is
 * built, relabelling, and the stratified 90/10 split.
 *
 * Deviation from the original (documented in the README): the low-volume set
 * is built from the low-volume labels' tickets over a 365-day window, with
 * labels of fewer than 10 tickets dropped; the model is built when at least
 * two labels remain, so it always has two classes with 10 rows or more.
 */

/** Share under which a label is low-volume. */
export const LOW_VOLUME_SHARE = 0.033;
/** Rows a low-volume label needs to be trained on. */
export const MIN_LABEL_ROWS = 10;
/** Days of tickets the general set reads. */
export const GENERAL_WINDOW_DAYS = 90;
/** Days of tickets the low-volume set reads. */
export const LOW_VOLUME_WINDOW_DAYS = 365;
/** The split's test share and seed. */
export const TEST_FRACTION = 0.1;
export const SPLIT_SEED = 42;

/** The batch hour of a BatchID (`YYYYMMDDHH`, UTC), epoch seconds. */
export function parseBatchId(batchId: string | undefined): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(batchId ?? '');
  const bad = (why: string) =>
    new ModelmillError(
      'InvalidBatchID',
      `BatchID '${batchId ?? ''}' ${why}: give the batch hour as 10 digits YYYYMMDDHH (UTC), e.g. {"BatchID": "2026112100"}`,
    );
  if (!m) throw bad('is not 10 digits');
  const [y, mo, d, h] = m.slice(1).map(Number) as [number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23) {
    throw bad('is not a valid date and hour');
  }
  return ms / 1000;
}

/** `[start, end]` epoch seconds: `days` before the batch hour to the end of the day before it. */
export function ticketWindow(batchHour: number, days: number): { start: number; end: number } {
  const dayStart = batchHour - (batchHour % 86400);
  return { start: batchHour - days * 86400, end: dayStart - 1 };
}

/** Rows per label. */
export function labelCounts(rows: readonly TicketRow[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
  return counts;
}

/** The labels whose share of `rows` is below 3.3%. */
export function lowVolumeLabels(rows: readonly TicketRow[]): Set<number> {
  const low = new Set<number>();
  for (const [label, n] of labelCounts(rows))
    if (n / rows.length < LOW_VOLUME_SHARE) low.add(label);
  return low;
}

/** The low-volume training set: the low-volume labels' rows, labels with < 10 rows dropped; empty when fewer than 2 labels remain. */
export function lowVolumeSet(rows: readonly TicketRow[], low: ReadonlySet<number>): TicketRow[] {
  const candidates = rows.filter((r) => low.has(r.label));
  const counts = labelCounts(candidates);
  const kept = new Set([...counts].filter(([, n]) => n >= MIN_LABEL_ROWS).map(([l]) => l));
  return kept.size >= 2 ? candidates.filter((r) => kept.has(r.label)) : [];
}

/** The general set: low-volume rows relabelled to 0 ("ask the low-volume model") when it is built, else to the fallback label. */
export function relabel(
  rows: readonly TicketRow[],
  low: ReadonlySet<number>,
  lowVolumeBuilt: boolean,
  fallbackLabel: number,
): TicketRow[] {
  const to = lowVolumeBuilt ? 0 : fallbackLabel;
  return rows.map((r) => (low.has(r.label) ? { ...r, label: to } : r));
}

/**
 * A split stratified by label with a seeded shuffle: of each label's n rows,
 * round(n × 10%) go to test (at least one when n ≥ 2); the rest to train.
 */
export function stratifiedSplit<T extends { label: number; id: number }>(
  rows: readonly T[],
  testFraction = TEST_FRACTION,
  seed = SPLIT_SEED,
): { train: T[]; test: T[] } {
  const random = createRandom(seed);
  const byLabel = new Map<number, T[]>();
  for (const r of [...rows].sort((a, b) => a.id - b.id)) {
    const list = byLabel.get(r.label) ?? [];
    list.push(r);
    byLabel.set(r.label, list);
  }
  const train: T[] = [];
  const test: T[] = [];
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    const list = byLabel.get(label) as T[];
    const order = random.shuffle(Uint32Array.from(list, (_, i) => i));
    const n = list.length;
    const nTest = n < 2 ? 0 : Math.max(1, Math.round(n * testFraction));
    order.forEach((i, k) => (k < nTest ? test : train).push(list[i] as T));
  }
  return { train, test };
}

/** JSON lines `{"id","text","label"}`. */
export function jsonLines(rows: readonly TicketRow[]): string {
  return rows
    .map((r) => `${JSON.stringify({ id: r.id, text: r.text, label: r.label })}\n`)
    .join('');
}
