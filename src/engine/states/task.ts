import type { TaskState } from '../../asl/index.js';
import { StatesError, checkPayloadSize, readFieldPath } from '../../asl/index.js';
import { stateContext } from '../context.js';
import type { StateCall, StateOutcome } from '../frame.js';
import type { TaskContext, TaskResource } from '../integrations.js';
import { parseTaskResource } from '../integrations.js';
import { payloadText } from '../history.js';
import { effectiveInput, numericField, pathScope, stateOutput } from '../state-io.js';
import { runWithLimits } from '../timers.js';
import { asStatesError, withRetryAndCatch } from './error-handling.js';
import { invokeIntegration } from './task-invoke.js';
import { transition } from './transition.js';

/** Task: calls an integration (or a mock), under Retry, Catch, TimeoutSeconds and HeartbeatSeconds. */
export async function runTask(call: StateCall): Promise<StateOutcome> {
  const state = call.state as TaskState;
  return withRetryAndCatch(call, () => attempt(call, state));
}

async function attempt(call: StateCall, state: TaskState): Promise<StateOutcome> {
  const { frame, progress, name } = call;
  const run = frame.run;
  const resource = parseTaskResource(state.Resource);
  const lambdaEvents = resource.functionArn !== undefined;
  const resourceFields = { resourceType: resource.service, resource: resourceName(resource) };

  if (resource.pattern === 'waitForTaskToken' && progress.token === undefined) {
    progress.token = newToken(run.deps.ids.uuid(), run.deps.ids.uuid());
  }
  const context = stateContext(run.context, name, progress.enteredAt, {
    retryCount: progress.attempt ?? 0,
    ...(progress.token === undefined ? {} : { token: progress.token }),
  });
  const scope = { ...call.scope, context };
  const field = scope.language === 'JSONata' ? 'Arguments' : 'Parameters';
  const parameters = await effectiveInput(
    scope,
    state,
    scope.language === 'JSONata' ? state.Arguments : state.Parameters,
    field,
  );
  checkPayloadSize(parameters, name);
  const timeoutSeconds = await limitSeconds(
    call,
    scope,
    state.TimeoutSeconds,
    state.TimeoutSecondsPath,
    'TimeoutSeconds',
  );
  const heartbeatSeconds = await limitSeconds(
    call,
    scope,
    state.HeartbeatSeconds,
    state.HeartbeatSecondsPath,
    'HeartbeatSeconds',
  );

  const resumedSubmission = progress.submitted;
  if (resumedSubmission === undefined && progress.tokenSent !== true) {
    run.emit(frame, lambdaEvents ? 'LambdaFunctionScheduled' : 'TaskScheduled', () => ({
      ...(lambdaEvents
        ? {
            resource: resource.arn,
            input: payloadText(parameters),
            inputDetails: { truncated: false },
          }
        : {
            ...resourceFields,
            region: run.deps.scope.region,
            parameters: payloadText(parameters),
          }),
      ...(timeoutSeconds === undefined ? {} : { timeoutInSeconds: timeoutSeconds }),
      ...(heartbeatSeconds === undefined || lambdaEvents
        ? {}
        : { heartbeatInSeconds: heartbeatSeconds }),
    }));
    run.emit(
      frame,
      lambdaEvents ? 'LambdaFunctionStarted' : 'TaskStarted',
      lambdaEvents ? undefined : () => resourceFields,
    );
  }

  let result: unknown;
  try {
    const limited = runWithLimits(
      (signal) => {
        const taskContext: TaskContext = {
          executionArn: run.record.arn,
          stateMachineArn: run.record.stateMachineArn,
          stateName: name,
          signal,
          clock: run.deps.clock,
          scope: run.deps.scope,
          heartbeat: () => limited.heartbeat(),
          submitted: async (output) => {
            progress.submitted = output;
            run.emit(frame, 'TaskSubmitted', () => ({
              ...resourceFields,
              output: payloadText(output),
              outputDetails: { truncated: false },
            }));
            call.save();
            run.deps.store.flush();
          },
          ...(progress.token === undefined ? {} : { taskToken: progress.token }),
          ...(resumedSubmission === undefined ? {} : { resumed: resumedSubmission }),
        };
        return invokeIntegration(call, resource, parameters, taskContext, () =>
          limited.heartbeat(),
        );
      },
      {
        clock: run.deps.clock,
        timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
        heartbeatMs: heartbeatSeconds === undefined ? undefined : heartbeatSeconds * 1000,
        signal: frame.signal,
      },
    );
    result = await limited.promise;
    checkPayloadSize(result, name);
  } catch (thrown) {
    if (frame.signal.aborted) throw thrown;
    const err = asStatesError(thrown);
    const timedOut = err.error === 'States.Timeout' || err.error === 'States.HeartbeatTimeout';
    const type = lambdaEvents
      ? timedOut
        ? 'LambdaFunctionTimedOut'
        : 'LambdaFunctionFailed'
      : timedOut
        ? 'TaskTimedOut'
        : 'TaskFailed';
    run.emit(frame, type, () => ({
      ...(lambdaEvents ? {} : resourceFields),
      error: err.error,
      cause: err.causeText ?? '',
    }));
    throw err;
  }
  run.emit(frame, lambdaEvents ? 'LambdaFunctionSucceeded' : 'TaskSucceeded', () => ({
    ...(lambdaEvents ? {} : resourceFields),
    output: payloadText(result),
    outputDetails: { truncated: false },
  }));
  const { output, assigned } = await stateOutput(scope, state, result, { hasResult: true });
  return transition(state, output, assigned);
}

/** The `resource` field of task events: the action with its pattern suffix. */
function resourceName(resource: TaskResource): string {
  const suffix = resource.pattern === 'request-response' ? '' : `.${resource.pattern}`;
  return `${resource.action}${suffix}`;
}

function newToken(a: string, b: string): string {
  return Buffer.from(`${a}${b}`.replace(/-/g, ''), 'hex').toString('base64url');
}

async function limitSeconds(
  call: StateCall,
  scope: StateCall['scope'],
  value: number | string | undefined,
  path: string | undefined,
  field: string,
): Promise<number | undefined> {
  let seconds: unknown = value;
  if (typeof value === 'string') seconds = await numericField(scope, value, field);
  if (path !== undefined)
    seconds = readFieldPath(`${field}Path`, path, pathScope(scope, scope.rawInput));
  if (seconds === undefined) return undefined;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds <= 0) {
    throw new StatesError(
      scope.language === 'JSONata' ? 'States.QueryEvaluationError' : 'States.Runtime',
      `The ${field} of state '${call.name}' must be a positive integer, but it is ${JSON.stringify(seconds)}`,
    );
  }
  return seconds;
}
