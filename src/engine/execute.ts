import { checkPayloadText, isStatesError } from '../asl/index.js';
import { errorMessage } from '../core/index.js';
import type { Frame } from './run.js';
import type { ExecutionRun } from './run.js';
import { runFrame } from './frame.js';
import { ExecutionStopped, FailStateError } from './states/index.js';
import type { ExecutionRecord } from './store.js';

/**
 * Drives one execution from ExecutionStarted (or its checkpoint) to its end
 * event, and records the final status. Used for new, resumed and redriven
 * executions alike.
 */
export async function driveExecution(
  run: ExecutionRun,
  options: { fresh: boolean },
): Promise<ExecutionRecord> {
  const { deps, record, definition } = run;
  const top: Frame = {
    run,
    path: '',
    states: definition.States,
    startAt: definition.StartAt,
    language: definition.QueryLanguage ?? 'JSONPath',
    variables: {},
    lastEventId: 0,
    signal: run.controller.signal,
  };
  if (options.fresh) {
    run.emit(null, 'ExecutionStarted', () => ({
      input: record.input,
      inputDetails: { truncated: false },
      roleArn: record.roleArn,
      stateMachineArn: record.stateMachineArn,
    }));
  }
  const stopTimer = armExecutionTimeout(run);
  try {
    const output = await runFrame(top, run.input);
    const text = JSON.stringify(output) ?? 'null';
    checkPayloadText(text, run.record.name);
    run.emit(top, 'ExecutionSucceeded', () => ({
      output: text,
      outputDetails: { truncated: false },
    }));
    finish(run, { status: 'SUCCEEDED', output: text });
    deps.store.deleteCheckpoints(record.arn, '');
  } catch (err) {
    recordFailure(run, top, err);
  } finally {
    stopTimer.abort();
    deps.store.flush();
  }
  return deps.store.getExecution(record.arn) ?? run.record;
}

function recordFailure(run: ExecutionRun, top: Frame, err: unknown): void {
  const reason = run.controller.signal.aborted ? run.controller.signal.reason : err;
  if (reason instanceof ExecutionStopped) {
    if (reason.reason === 'timed-out') {
      run.emit(top, 'ExecutionTimedOut', () => ({
        error: 'States.Timeout',
        cause: 'The execution did not finish within its TimeoutSeconds.',
      }));
      finish(run, {
        status: 'TIMED_OUT',
        error: 'States.Timeout',
        cause: 'The execution did not finish within its TimeoutSeconds.',
      });
    }
    // 'aborted': StopExecution wrote the event and status. 'suspended': the engine
    // closed; the execution stays RUNNING with its checkpoints and is recovered later.
    return;
  }
  const { error, cause } = describeError(err);
  run.emit(top, 'ExecutionFailed', () => ({
    ...(error === undefined ? {} : { error }),
    ...(cause === undefined ? {} : { cause }),
  }));
  finish(run, {
    status: 'FAILED',
    ...(error === undefined ? {} : { error }),
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The error name and cause of a failure, as the execution records them. */
export function describeError(err: unknown): { error?: string; cause?: string } {
  if (err instanceof FailStateError) {
    return {
      ...(err.errorName === undefined ? {} : { error: err.errorName }),
      ...(err.causeText === undefined ? {} : { cause: err.causeText }),
    };
  }
  if (isStatesError(err))
    return { error: err.error, ...(err.causeText === undefined ? {} : { cause: err.causeText }) };
  return { error: 'States.Runtime', cause: errorMessage(err) };
}

function finish(
  run: ExecutionRun,
  patch: { status: ExecutionRecord['status']; output?: string; error?: string; cause?: string },
): void {
  const stopDate = run.deps.clock.now();
  run.deps.store.updateExecution(run.record.arn, { ...patch, stopDate });
  run.record = { ...run.record, ...patch, stopDate };
}

function armExecutionTimeout(run: ExecutionRun): AbortController {
  const controller = new AbortController();
  const seconds = run.definition.TimeoutSeconds;
  if (seconds !== undefined && seconds > 0) {
    const elapsed = run.deps.clock.now() - run.record.startDate;
    run.deps.clock.sleep(seconds * 1000 - elapsed, controller.signal).then(
      () => run.controller.abort(new ExecutionStopped('timed-out')),
      () => undefined,
    );
  }
  return controller;
}
