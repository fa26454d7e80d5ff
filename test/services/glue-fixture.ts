import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/core/index.js';
import {
  createProgramRegistry,
  createRuntime,
  createSqliteLogStore,
} from '../../src/runtime/index.js';
import type { LogStore, Runtime } from '../../src/runtime/index.js';
import { openDatabase } from '../../src/store/index.js';
import type { SqliteDatabase } from '../../src/store/index.js';
import { testPrograms } from '../runtime/fixtures/programs.js';

/**
 * A real runtime over one SQLite database, for the Glue, ECS and Lambda
 * tests: the runtime's test programs (`t-echo`, `t-fail`, `t-slow`, ...) are
 * registered; containers are off.
 */

/** The account of the fixtures. */
export const scope = { region: 'ap-south-1', accountId: '123456789012' };

/** What a fixture holds. */
export interface RuntimeFixture {
  db: SqliteDatabase;
  logs: LogStore;
  runtime: Runtime;
  /** A fresh folder for work and scripts. */
  work: string;
  /** Lines of a log stream. */
  lines(group: string, stream: string): string[];
  /** Stops the runtime and closes the database. */
  close(): Promise<void>;
}

/** Builds a fixture over `file` (default: in memory). */
export function createRuntimeFixture(
  options: { file?: string; clock?: Clock } = {},
): RuntimeFixture {
  const work = mkdtempSync(join(tmpdir(), 'mm-compute-'));
  const db = openDatabase(options.file ?? ':memory:');
  const logs = createSqliteLogStore({ db });
  const runtime = createRuntime({
    logs,
    programs: createProgramRegistry(testPrograms),
    workDir: work,
    poolSize: 2,
    containerEngine: null,
    killGraceMs: 300,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    db,
    logs,
    runtime,
    work,
    lines(group, stream) {
      logs.flush();
      return logs.read(group, stream).events.map((e) => e.message);
    },
    async close() {
      await runtime.close();
      db.close();
    },
  };
}

/** Writes `text` to `<folder>/<name>` and returns the path. */
export function writeScript(folder: string, name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}
