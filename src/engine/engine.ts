import type { AccountScope, Clock, IdGenerator, Logger } from '../core/index.js';
import { ModelmillError, randomIds, silentLogger, systemClock } from '../core/index.js';
import { CallbackHub } from './callbacks.js';
import type { ChildResult, ChildSpec } from './children.js';
import type { EngineDeps, ObjectAccess } from './deps.js';
import { driveExecution } from './execute.js';
import type { IntegrationRegistry } from './integrations.js';
import { createMemoryStore } from './memory-store.js';
import type { MockConfig } from './mocks.js';
import { createStateMachineApi } from './machines.js';
import type { ExecutionsApi } from './executions.js';
import { createExecutionsApi } from './executions.js';
import { ExecutionRun } from './run.js';
import type { ExecutionRecord, ExecutionStore } from './store.js';
import { registerStatesIntegration } from './integration-states.js';
import { ExecutionStopped } from './states/index.js';

/** What an engine is built from. */
export interface EngineOptions {
  store: ExecutionStore;
  integrations: IntegrationRegistry;
  scope: AccountScope;
  clock?: Clock;
  ids?: IdGenerator;
  logger?: Logger;
  random?: () => number;
  objects?: ObjectAccess;
  /** Factor applied to Wait states and retry back-offs. Default: 1. */
  timeScale?: number;
  /** A MockConfigFile, for `stateMachineArn#TestCase` starts. */
  mockConfig?: MockConfig;
}

/** The Step Functions engine: state machines, executions, callbacks. */
export type Engine = ReturnType<typeof createStateMachineApi> &
  ExecutionsApi & {
    readonly deps: EngineDeps;
    /** Resumes every execution that was RUNNING when the process stopped; returns how many. */
    recover(): number;
    /** Waits until an execution has ended and returns its record. */
    waitFor(executionArn: string): Promise<ExecutionRecord>;
    /** The executions this process is running now (ARNs). */
    active(): string[];
    /** Stops in-flight work (executions stay RUNNING in the store, to be recovered). */
    close(): Promise<void>;
  };

/** Builds an engine and registers its own integration (`states:startExecution`). */
export function createEngine(options: EngineOptions): Engine {
  const expressStore = createMemoryStore({ recordHistory: true, checkpoints: false });
  const running = new Map<string, { run: ExecutionRun; done: Promise<ExecutionRecord> }>();
  const deps: EngineDeps = {
    store: options.store,
    integrations: options.integrations,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? randomIds,
    scope: options.scope,
    logger: options.logger ?? silentLogger,
    callbacks: new CallbackHub(),
    random: options.random ?? Math.random,
    timeScale: options.timeScale ?? 1,
    children: { run: (spec) => runChild(spec) },
    ...(options.objects ? { objects: options.objects } : {}),
  };

  function launch(run: ExecutionRun, fresh: boolean): Promise<ExecutionRecord> {
    const done = driveExecution(run, { fresh }).finally(() => running.delete(run.record.arn));
    running.set(run.record.arn, { run, done });
    done.catch((err: unknown) =>
      deps.logger.error('execution crashed', { arn: run.record.arn, err: String(err) }),
    );
    return done;
  }

  async function runChild(spec: ChildSpec): Promise<ChildResult> {
    const express = spec.type === 'EXPRESS';
    const childDeps = express
      ? { ...deps, store: createMemoryStore({ recordHistory: false, checkpoints: false }) }
      : deps;
    const record = machines.newExecutionRecord(
      spec.stateMachineArn,
      spec.name,
      JSON.stringify(spec.input),
      spec.type,
      {
        definitionText: spec.definition,
        ...(spec.mapRunArn === undefined ? {} : { mapRunArn: spec.mapRunArn }),
        ...(spec.parentArn === undefined ? {} : { parentArn: spec.parentArn }),
      },
    );
    childDeps.store.insertExecution(record);
    const run = new ExecutionRun(childDeps, record, {
      resume: false,
      recordHistory: !express,
    });
    const onAbort = (): void => run.controller.abort(spec.signal.reason);
    spec.signal.addEventListener('abort', onAbort, { once: true });
    const final = await driveExecution(run, { fresh: true }).finally(() =>
      spec.signal.removeEventListener('abort', onAbort),
    );
    return {
      executionArn: final.arn,
      status:
        final.status === 'RUNNING' || final.status === 'PENDING_REDRIVE' ? 'ABORTED' : final.status,
      ...(final.output === undefined ? {} : { output: JSON.parse(final.output) as unknown }),
      ...(final.error === undefined ? {} : { error: final.error }),
      ...(final.cause === undefined ? {} : { cause: final.cause }),
      startDate: final.startDate,
      stopDate: final.stopDate ?? deps.clock.now(),
    };
  }

  const machines = createStateMachineApi(deps);
  const executions = createExecutionsApi(deps, machines, {
    expressStore,
    running,
    launch,
    ...(options.mockConfig ? { mockConfig: options.mockConfig } : {}),
  });
  const engine: Engine = {
    ...machines,
    ...executions,
    deps,
    recover() {
      let count = 0;
      for (const record of options.store.runningExecutions()) {
        if (running.has(record.arn) || record.mapRunArn) continue;
        void launch(new ExecutionRun(deps, record, { resume: true, recordHistory: true }), false);
        count += 1;
      }
      return count;
    },
    active: () => [...running.keys()],
    async waitFor(executionArn) {
      const arn = executions.canonicalExecutionArn(executionArn);
      const active = running.get(arn);
      if (active) return active.done;
      const record = options.store.getExecution(arn) ?? expressStore.getExecution(arn);
      if (!record)
        throw new ModelmillError(
          'ExecutionDoesNotExist',
          `Execution Does Not Exist: '${executionArn}'`,
        );
      return record;
    },
    async close() {
      for (const { run } of running.values())
        run.controller.abort(new ExecutionStopped('suspended'));
      await Promise.allSettled([...running.values()].map((r) => r.done));
      options.store.flush();
    },
  };
  registerStatesIntegration(engine);
  return engine;
}
