import { ModelmillError, formatArn, isArn, parseArn } from '../core/index.js';
import type { EngineDeps } from './deps.js';
import type { HistoryEvent } from './history.js';
import type { StateMachineApi } from './machines.js';
import { checkName } from './machines.js';
import type { MockConfig } from './mocks.js';
import { pageOf } from './paging.js';
import { ExecutionRun } from './run.js';
import { PAYLOAD_SIZE_LIMIT as MAX_PAYLOAD_BYTES } from '../asl/index.js';
import { ExecutionStopped } from './states/index.js';
import type {
  ExecutionQuery,
  ExecutionRecord,
  ExecutionStore,
  Page,
  StateMachineRecord,
} from './store.js';

interface Running {
  run: ExecutionRun;
  done: Promise<ExecutionRecord>;
}

interface ExecutionsContext {
  expressStore: ExecutionStore;
  running: Map<string, Running>;
  launch(run: ExecutionRun, fresh: boolean): Promise<ExecutionRecord>;
  mockConfig?: MockConfig;
}

/** StartExecution's input. */
export interface StartExecutionInput {
  stateMachineArn: string;
  name?: string;
  input?: string;
}

/** Executions: start, describe, list, history, stop, redrive, and the task-token callbacks. */
export function createExecutionsApi(
  deps: EngineDeps,
  machines: StateMachineApi,
  ctx: ExecutionsContext,
) {
  const { store, clock, ids, scope } = deps;

  function canonicalExecutionArn(arn: string): string {
    if (!isArn(arn))
      throw new ModelmillError('InvalidArn', `Invalid Arn: '${arn}' is not an execution ARN`);
    const { resource } = parseArn(arn);
    return formatArn(scope, 'states', resource);
  }

  function find(arn: string): { record: ExecutionRecord; store: ExecutionStore } {
    const canonical = canonicalExecutionArn(arn);
    const durable = store.getExecution(canonical);
    if (durable) return { record: durable, store };
    const express = ctx.expressStore.getExecution(canonical);
    if (express) return { record: express, store: ctx.expressStore };
    throw new ModelmillError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
  }

  function checkInput(input: string | undefined): { text: string; value: unknown } {
    const text = input ?? '{}';
    if (Buffer.byteLength(text, 'utf8') > MAX_PAYLOAD_BYTES) {
      throw new ModelmillError(
        'InvalidExecutionInput',
        `Invalid execution input: the input is ${Buffer.byteLength(text, 'utf8')} bytes; the limit is ${MAX_PAYLOAD_BYTES} bytes (256 KiB)`,
      );
    }
    try {
      return { text, value: JSON.parse(text) };
    } catch (err) {
      throw new ModelmillError(
        'InvalidExecutionInput',
        `Invalid execution input: the input is not valid JSON (${(err as Error).message})`,
      );
    }
  }

  function begin(
    machine: StateMachineRecord,
    input: StartExecutionInput,
  ): { run: ExecutionRun; record: ExecutionRecord; existing?: ExecutionRecord } {
    const name = input.name ?? ids.uuid();
    checkName(name, 'execution');
    const { text, value } = checkInput(input.input);
    const testCaseName = input.stateMachineArn.includes('#')
      ? input.stateMachineArn.split('#')[1]
      : undefined;
    const mocks =
      testCaseName === undefined ? undefined : requireMocks().testCase(machine.name, testCaseName);
    const target = machine.type === 'EXPRESS' ? ctx.expressStore : store;
    const record = machines.newExecutionRecord(machine.arn, name, text, machine.type, {
      definitionText: machine.definition,
      roleArn: machine.roleArn,
    });
    const existing = target.getExecution(record.arn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === text)
        return { run: undefined as never, record: existing, existing };
      throw new ModelmillError(
        'ExecutionAlreadyExists',
        `Execution Already Exists: '${record.arn}'`,
      );
    }
    target.insertExecution(record);
    const runDeps = target === store ? deps : { ...deps, store: target };
    const run = new ExecutionRun(runDeps, record, {
      resume: false,
      recordHistory: true,
      input: value,
      ...(mocks ? { mocks } : {}),
    });
    return { run, record };
  }

  function requireMocks(): MockConfig {
    if (!ctx.mockConfig)
      throw new ModelmillError(
        'InvalidMockConfig',
        'a test case was named (stateMachineArn#TestCase) but no mock config is loaded; set SFN_MOCK_CONFIG or pass --mock-config',
      );
    return ctx.mockConfig;
  }

  function outcomeFor(token: string): { executionArn: string; framePath: string } {
    const record = store.getTaskToken(token);
    if (!record)
      throw new ModelmillError(
        'TaskDoesNotExist',
        `Task Does Not Exist: no outstanding task has token '${token.slice(0, 24)}...'`,
      );
    return record;
  }

  return {
    canonicalExecutionArn,
    startExecution(input: StartExecutionInput): { executionArn: string; startDate: number } {
      const machine = machines.getMachine(input.stateMachineArn);
      const { run, record, existing } = begin(machine, input);
      if (!existing) {
        run.emit(null, 'ExecutionStarted', () => ({
          input: record.input,
          inputDetails: { truncated: false },
          roleArn: record.roleArn,
          stateMachineArn: record.stateMachineArn,
        }));
        store.flush();
        void ctx.launch(run, false);
      }
      return { executionArn: record.arn, startDate: record.startDate };
    },
    async startSyncExecution(input: StartExecutionInput): Promise<ExecutionRecord> {
      const machine = machines.getMachine(input.stateMachineArn);
      if (machine.type !== 'EXPRESS') {
        throw new ModelmillError(
          'StateMachineTypeNotSupported',
          `StartSyncExecution runs EXPRESS state machines only; '${machine.arn}' is STANDARD (use StartExecution)`,
        );
      }
      const { run } = begin(machine, input);
      return ctx.launch(run, true);
    },
    describeExecution(arn: string): ExecutionRecord {
      return find(arn).record;
    },
    describeStateMachineForExecution(
      arn: string,
    ): StateMachineRecord & { executionDefinition: string } {
      const { record } = find(arn);
      const machine = store.getStateMachine(record.stateMachineArn);
      if (!machine)
        throw new ModelmillError(
          'StateMachineDoesNotExist',
          `State Machine Does Not Exist: '${record.stateMachineArn}'`,
        );
      return { ...machine, executionDefinition: record.definition };
    },
    listExecutions(query: ExecutionQuery): Page<ExecutionRecord> {
      if (query.stateMachineArn) {
        const machine = machines.getMachine(query.stateMachineArn);
        const source = machine.type === 'EXPRESS' ? ctx.expressStore : store;
        return source.listExecutions({ ...query, stateMachineArn: machine.arn });
      }
      return store.listExecutions(query);
    },
    getExecutionHistory(input: {
      executionArn: string;
      reverseOrder?: boolean;
      maxResults?: number;
      nextToken?: string;
    }): Page<HistoryEvent> {
      const found = find(input.executionArn);
      const events = found.store.getHistory(found.record.arn);
      if (input.reverseOrder) events.reverse();
      return pageOf(events, input.nextToken, input.maxResults, 1000);
    },
    stopExecution(input: { executionArn: string; error?: string; cause?: string }): {
      stopDate: number;
    } {
      const { record, store: owner } = find(input.executionArn);
      if (record.status !== 'RUNNING') return { stopDate: record.stopDate ?? clock.now() };
      const active = ctx.running.get(record.arn);
      const stopDate = clock.now();
      const details = {
        ...(input.error === undefined ? {} : { error: input.error }),
        ...(input.cause === undefined ? {} : { cause: input.cause }),
      };
      if (active) active.run.emit(null, 'ExecutionAborted', () => details);
      else
        owner.appendEvents(record.arn, [
          {
            id: owner.lastEventId(record.arn) + 1,
            previousEventId: 0,
            timestamp: stopDate,
            type: 'ExecutionAborted',
            details,
          },
        ]);
      owner.updateExecution(record.arn, { status: 'ABORTED', stopDate, ...details });
      active?.run.controller.abort(new ExecutionStopped('aborted'));
      owner.flush();
      return { stopDate };
    },
    redriveExecution(input: { executionArn: string }): { redriveDate: number } {
      const { record } = find(input.executionArn);
      if (
        record.type === 'EXPRESS' ||
        !['FAILED', 'TIMED_OUT', 'ABORTED'].includes(record.status)
      ) {
        throw new ModelmillError(
          'ExecutionNotRedrivable',
          `Execution '${record.arn}' cannot be redriven: only STANDARD executions that FAILED, TIMED_OUT or were ABORTED can (this one is ${record.status})`,
        );
      }
      const redriveDate = clock.now();
      const redriveCount = record.redriveCount + 1;
      store.updateExecution(record.arn, { status: 'RUNNING', redriveCount, redriveDate });
      const updated: ExecutionRecord = { ...record, status: 'RUNNING', redriveCount, redriveDate };
      delete updated.error;
      delete updated.cause;
      delete updated.stopDate;
      const run = new ExecutionRun(deps, updated, {
        resume: true,
        recordHistory: true,
        redrive: true,
      });
      run.emit(null, 'ExecutionRedriven', () => ({ redriveCount }));
      store.flush();
      void ctx.launch(run, false);
      return { redriveDate };
    },
    sendTaskSuccess(input: { taskToken: string; output: string }): void {
      const token = outcomeFor(input.taskToken);
      try {
        JSON.parse(input.output);
      } catch {
        throw new ModelmillError(
          'InvalidOutput',
          'Invalid Output: the output of SendTaskSuccess must be valid JSON',
        );
      }
      deliver(input.taskToken, token, { output: input.output });
    },
    sendTaskFailure(input: { taskToken: string; error?: string; cause?: string }): void {
      const token = outcomeFor(input.taskToken);
      deliver(input.taskToken, token, { error: input.error ?? '', cause: input.cause ?? '' });
    },
    sendTaskHeartbeat(input: { taskToken: string }): void {
      outcomeFor(input.taskToken);
      deps.callbacks.heartbeat(input.taskToken);
    },
  };

  function deliver(
    tokenText: string,
    token: { executionArn: string; framePath: string },
    outcome: { output: string } | { error: string; cause: string },
  ): void {
    if (!deps.callbacks.deliver(tokenText, outcome)) {
      // Nobody waits in this process (e.g. before recovery): keep the outcome for the resumed execution.
      const record = store.getTaskToken(tokenText);
      if (record) store.putTaskToken({ ...record, outcome });
    }
    store.flush();
    void token;
  }
}

/** The executions API. */
export type ExecutionsApi = ReturnType<typeof createExecutionsApi>;
