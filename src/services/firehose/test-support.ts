import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../core/index.js';
import { createSequentialIds } from '../../core/index.js';
import type { LocalObjectStore } from '../s3/index.js';
import { createLocalS3 } from '../s3/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { openDatabase } from '../../store/index.js';
import { createLocalFirehose } from './local.js';
import type { LocalFirehoseOptions } from './local.js';
import type { LocalFirehose } from './types.js';

/** A clock whose time moves only on `advance` (sleepers due by then wake, one turn each). */
export interface ManualClock extends Clock {
  advance(ms: number): Promise<void>;
}

/** A clock for buffering tests: nothing happens until the test moves time. */
export function createManualClock(start = Date.UTC(2026, 10, 21, 8, 59, 30)): ManualClock {
  let now = start;
  const sleepers: Array<{ at: number; wake: () => void }> = [];
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        const sleeper = { at: now + ms, wake: resolve };
        sleepers.push(sleeper);
        signal?.addEventListener('abort', () => {
          sleepers.splice(sleepers.indexOf(sleeper), 1);
          reject(signal.reason);
        });
      }),
    async advance(ms) {
      now += ms;
      await turn();
      for (const sleeper of sleepers.filter((s) => s.at <= now)) {
        sleepers.splice(sleepers.indexOf(sleeper), 1);
        sleeper.wake();
      }
      for (let i = 0; i < 5; i += 1) await turn();
    },
  };
}

/** A Firehose over a local S3 in a temporary home. */
export interface FirehoseFixture {
  home: string;
  db: SqliteDatabase;
  clock: ManualClock;
  s3: LocalObjectStore;
  firehose: LocalFirehose;
  /** Another service over the same database and objects (a restarted process). */
  reopen(clock: ManualClock): LocalFirehose;
  cleanup(): void;
}

/** Builds the fixture; `options` override the service's (activation is immediate unless given). */
export function firehoseFixture(options: Partial<LocalFirehoseOptions> = {}): FirehoseFixture {
  const home = mkdtempSync(join(tmpdir(), 'mm-firehose-'));
  const db = openDatabase(join(home, 'modelmill.db'));
  const clock = createManualClock();
  const scope = { region: 'us-east-1', accountId: '000000000000' };
  const s3 = createLocalS3({ db, home, scope, clock });
  const make = (c: ManualClock) =>
    createLocalFirehose({
      db,
      scope,
      objects: s3,
      clock: c,
      ids: createSequentialIds(),
      activationMs: 0,
      ...options,
    });
  return {
    home,
    db,
    clock,
    s3,
    firehose: make(clock),
    reopen: make,
    cleanup() {
      db.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
