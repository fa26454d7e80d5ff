import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/index.js';
import { IntegrationRegistry, createEngine, createMemoryStore } from '../../engine/index.js';
import { awaitSyncJob } from './sync-job.js';

const scope = { region: 'us-east-1', accountId: '123456789012' };

/** A job the test ends by hand; `stops` counts the stop requests it got. */
function fakeJob() {
  let finish: (status: string) => void = () => undefined;
  let started: () => void = () => undefined;
  const job = {
    stops: 0,
    started: new Promise<void>((resolve) => (started = resolve)),
    finish: (status: string) => finish(status),
  };
  const wait = (signal: AbortSignal) =>
    new Promise<{ status: string }>((resolve, reject) => {
      finish = (status) => resolve({ status });
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      started();
    });
  return { job, wait };
}

let engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.map((e) => e.close()));
  engines = [];
});

function run(wait: (signal: AbortSignal) => Promise<{ status: string }>, onStop: () => void) {
  const registry = new IntegrationRegistry();
  registry.register(
    'batch:submitJob',
    ({ context }) =>
      awaitSyncJob(
        {
          wait,
          stop: async () => onStop(),
          output: (ended) => ({ Status: ended.status }),
          failed: (ended) => ended.status === 'FAILED',
        },
        context,
      ),
    ['sync'],
  );
  const engine = createEngine({ store: createMemoryStore(), integrations: registry, scope });
  engines.push(engine);
  engine.createStateMachine({
    name: 'm',
    definition: JSON.stringify({
      StartAt: 'Job',
      States: {
        Job: { Type: 'Task', Resource: 'arn:aws:states:::batch:submitJob.sync', End: true },
      },
    }),
  });
  const { executionArn } = engine.startExecution({ stateMachineArn: 'm', input: '{}' });
  return { engine, executionArn };
}

describe('awaitSyncJob', () => {
  it('answers the output of a job that ends well', async () => {
    const { job, wait } = fakeJob();
    const { engine, executionArn } = run(wait, () => job.stops++);
    await job.started;
    job.finish('SUCCEEDED');
    const final = await engine.waitFor(executionArn);
    expect(final.status).toBe('SUCCEEDED');
    expect(JSON.parse(final.output ?? '')).toEqual({ Status: 'SUCCEEDED' });
  });

  it('fails the state with States.TaskFailed and the output as the cause', async () => {
    const { job, wait } = fakeJob();
    const { engine, executionArn } = run(wait, () => job.stops++);
    await job.started;
    job.finish('FAILED');
    const final = await engine.waitFor(executionArn);
    expect(final.status).toBe('FAILED');
    expect(final.error).toBe('States.TaskFailed');
    expect(JSON.parse(final.cause ?? '')).toEqual({ Status: 'FAILED' });
    expect(job.stops).toBe(0);
  });

  it('stops the job when the execution stops', async () => {
    const { job, wait } = fakeJob();
    const { engine, executionArn } = run(wait, () => job.stops++);
    await job.started;
    engine.stopExecution({ executionArn });
    await engine.waitFor(executionArn);
    expect(job.stops).toBe(1);
  });

  it('leaves the job running when the engine only suspends the execution', async () => {
    const { job, wait } = fakeJob();
    const { engine } = run(wait, () => job.stops++);
    await job.started;
    await engine.close();
    expect(job.stops).toBe(0);
  });
});
