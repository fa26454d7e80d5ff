/**
 * Puts and gets of small (1 KiB) objects through the embedded S3 adapter,
 * against raw `fs.writeFileSync` / `fs.readFileSync` of the same bytes to the
 * same kind of paths, in the same run. Goal: at least half the raw rate.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalS3 } from '../src/services/s3/index.js';
import { openDatabase } from '../src/store/index.js';
import type { BenchReport, BenchRow } from './harness.js';
import { timeMs } from './harness.js';

const COUNT = 5000;
const ROUNDS = 2;
const BLOCK = 250;

export default async function storageS3Bench(): Promise<BenchReport> {
  const home = mkdtempSync(join(tmpdir(), 'mm-bench-s3-'));
  try {
    return await measure(home);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function measure(home: string): Promise<BenchReport> {
  const db = openDatabase(join(home, 'modelmill.db'));
  const s3 = createLocalS3({ db, home, scope: { region: 'us-east-1', accountId: '000000000000' } });
  await s3.createBucket({ Bucket: 'bench' });
  const body = randomBytes(1024);
  const rawDir = join(home, 'raw');
  const spent = { put: 0, get: 0, rawPut: 0, rawGet: 0 };
  // Blocks of the two sides alternate, so both see the same disk and CPU conditions.
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let block = 0; block < COUNT / BLOCK; block += 1) {
      const folder = `r${round}/part=${block}`;
      mkdirSync(join(rawDir, folder), { recursive: true });
      const keys = Array.from({ length: BLOCK }, (_, i) => `${folder}/obj-${i}.bin`);
      spent.rawPut += await timeMs(() => {
        for (const key of keys) writeFileSync(join(rawDir, key), body);
      });
      spent.put += await timeMs(async () => {
        for (const Key of keys) await s3.putObject({ Bucket: 'bench', Key, Body: body });
      });
      spent.rawGet += await timeMs(() => {
        for (const key of keys) readFileSync(join(rawDir, key));
      });
      spent.get += await timeMs(async () => {
        for (const Key of keys) await s3.getObject({ Bucket: 'bench', Key });
      });
    }
  }
  db.close();
  const total = COUNT * ROUNDS;
  return {
    title: 'Embedded S3: 1 KiB objects, one at a time',
    rows: [
      row('PutObject', rate(total, spent.put), rate(total, spent.rawPut), 'fs.writeFileSync'),
      row('GetObject', rate(total, spent.get), rate(total, spent.rawGet), 'fs.readFileSync'),
    ],
    notes: [
      `${total} new objects per side, in alternating blocks of ${BLOCK}; SQLite in WAL mode on the same disk.`,
      'PutObject: temp file + fstat + rename + MD5, and a metadata row (rows holding only what the file tells are committed in batches).',
      'GetObject: one open/fstat/read/close plus one row lookup. Neither side fsyncs (the adapter has an fsync option).',
    ],
  };
}

function rate(count: number, ms: number): number {
  return (count * 1000) / ms;
}

function row(name: string, value: number, baseline: number, baselineName: string): BenchRow {
  const ratio = value / baseline;
  return {
    name,
    value,
    unit: 'objects/s',
    baseline,
    baselineName,
    goal: '>= 0.5x',
    met: ratio >= 0.5,
  };
}
