/**
 * Glue, ECS and Lambda over the job runtime: how much each service adds to a
 * run of the same no-op program (its own SQLite records, state changes,
 * logs), against `runtime.start` of that program directly, in the same
 * process. Lambda is measured in-process (registerLocal) against a direct
 * call, and through the worker pool (a module handler).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createProgramRegistry,
  createRuntime,
  createSqliteLogStore,
} from '../src/runtime/index.js';
import type { Runtime } from '../src/runtime/index.js';
import { createLocalEcs } from '../src/services/ecs/index.js';
import { createLocalGlue } from '../src/services/glue/index.js';
import { createLocalLambda } from '../src/services/lambda/index.js';
import { openDatabase } from '../src/store/index.js';
import type { BenchReport, BenchRow } from './harness.js';
import { timeMs } from './harness.js';

/** The program every run runs. */
export function noop(): number {
  return 0;
}

const scope = { region: 'us-east-1', accountId: '123456789012' };

async function rate(count: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const ms = await timeMs(async () => {
    for (let i = 0; i < count; i += 1) await run(i);
  });
  return (count / ms) * 1000;
}

async function baseline(runtime: Runtime, count: number): Promise<number> {
  return rate(
    count,
    (i) =>
      runtime.start({
        target: { kind: 'program', name: 'noop' },
        log: { group: '/b', stream: `s${i}` },
      }).done,
  );
}

export default async function bench(): Promise<BenchReport> {
  const work = mkdtempSync(join(tmpdir(), 'mm-bench-compute-'));
  const db = openDatabase(join(work, 'bench.db'));
  const runtime = createRuntime({
    logs: createSqliteLogStore({ db }),
    programs: createProgramRegistry([
      { name: 'noop', module: new URL(import.meta.url), export: 'noop' },
    ]),
    workDir: work,
    containerEngine: null,
  });
  const glue = createLocalGlue({ db, scope, runtime, workDir: work });
  const ecs = createLocalEcs({ db, scope, runtime, workDir: work });
  const lambda = createLocalLambda({ db, scope, runtime, workDir: work, scriptRoot: work });
  await glue.createJob({
    Name: 'noop',
    Role: 'r',
    Command: { ScriptLocation: 'program:noop' },
    ExecutionProperty: { MaxConcurrentRuns: 1000 },
  });
  await ecs.registerTaskDefinition({
    family: 'noop',
    containerDefinitions: [
      { name: 'main', image: 'x', memory: 64, command: ['modelmill', 'job', 'noop'] },
    ],
  });
  const handler = (event: { n: number }) => ({ n: event.n + 1 });
  lambda.registerLocal('inproc', handler);
  writeFileSync(join(work, 'fn.mjs'), 'export const handler = async (e) => ({ n: e.n + 1 });\n');
  await lambda.createFunction({
    FunctionName: 'pooled',
    Role: 'r',
    Handler: 'fn.mjs#handler',
    Code: {},
  });

  const count = 200;
  await baseline(runtime, 20); // warm the worker pool
  const base = await baseline(runtime, count);
  const glueRate = await rate(count, async () => {
    const { JobRunId } = await glue.startJobRun({ JobName: 'noop' });
    await glue.waitForJobRun('noop', JobRunId);
  });
  const ecsRate = await rate(count, async () => {
    const { tasks } = await ecs.runTask({ taskDefinition: 'noop' });
    await ecs.waitForTask('default', tasks[0]?.taskArn ?? '');
  });
  const direct = await rate(count * 10, async (i) => handler({ n: i }));
  const inproc = await rate(count * 10, (i) =>
    lambda.invoke({ FunctionName: 'inproc', Payload: `{"n":${i}}` }),
  );
  const pooled = await rate(count, (i) =>
    lambda.invoke({ FunctionName: 'pooled', Payload: `{"n":${i}}` }),
  );
  await glue.stop();
  await ecs.stop();
  await lambda.stop();
  await runtime.close();
  db.close();

  const row = (name: string, value: number, baseValue: number, baselineName: string): BenchRow => ({
    name,
    value,
    unit: 'runs/s',
    baseline: baseValue,
    baselineName,
  });
  return {
    title: 'Glue, ECS and Lambda over the job runtime (one at a time, no-op program)',
    rows: [
      row('Glue StartJobRun → SUCCEEDED', glueRate, base, 'runtime.start of the program'),
      row('ECS RunTask → STOPPED', ecsRate, base, 'runtime.start of the program'),
      row(
        'Lambda Invoke, module handler in the worker pool',
        pooled,
        base,
        'runtime.start of a program',
      ),
      row('Lambda Invoke, in-process handler', inproc, direct, 'calling the handler directly'),
    ],
    notes: [
      'Each service run records its state changes in SQLite and writes its own log lines; the ratio is what that costs per run.',
    ],
  };
}
