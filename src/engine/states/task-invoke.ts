import { StatesError } from '../../asl/index.js';
import type { StateCall } from '../frame.js';
import type { TaskContext, TaskResource } from '../integrations.js';
import type { TaskOutcome } from '../callbacks.js';

/**
 * Calls the integration behind a Task resource — or its mocked answer — and,
 * for `.waitForTaskToken`, hands out the token and waits for the callback.
 */
export async function invokeIntegration(
  call: StateCall,
  resource: TaskResource,
  parameters: unknown,
  context: TaskContext,
  heartbeat: () => void,
): Promise<unknown> {
  const run = call.frame.run;
  if (run.mocks?.mocks(call.name)) return mockedAnswer(call);
  if (resource.pattern !== 'waitForTaskToken') {
    const handler = run.deps.integrations.resolve(resource);
    return handler({ resource, parameters, context });
  }
  const token = context.taskToken ?? '';
  const { store, callbacks } = run.deps;
  if (call.progress.tokenSent !== true) {
    store.putTaskToken({
      token,
      executionArn: run.record.arn,
      framePath: call.frame.path,
      stateName: call.name,
      createdAt: run.deps.clock.now(),
    });
    const handler = run.deps.integrations.resolve(resource);
    await handler({ resource, parameters, context });
    call.progress.tokenSent = true;
    call.save();
    store.flush();
  }
  const early = store.getTaskToken(token)?.outcome;
  const outcome: TaskOutcome = early ?? (await callbacks.wait(token, context.signal, heartbeat));
  store.deleteTaskToken(token);
  if ('error' in outcome) throw new StatesError(outcome.error, outcome.cause);
  return JSON.parse(outcome.output);
}

function mockedAnswer(call: StateCall): unknown {
  const run = call.frame.run;
  const invocation = run.mockCounters.get(call.name) ?? 0;
  run.mockCounters.set(call.name, invocation + 1);
  const answer = run.mocks?.answer(call.name, invocation);
  if (!answer) throw new StatesError('States.Runtime', `no mocked answer for state '${call.name}'`);
  if ('Throw' in answer) throw new StatesError(answer.Throw.Error, answer.Throw.Cause);
  return answer.Return;
}
