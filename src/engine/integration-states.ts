import { StatesError } from '../asl/index.js';
import { isModelmillError, isPlainObject } from '../core/index.js';
import type { Engine } from './engine.js';
import type { TaskInvocation } from './integrations.js';
import type { ExecutionRecord } from './store.js';

/**
 * `arn:aws:states:::states:startExecution` (request-response, `.sync`,
 * `.sync:2`, `.waitForTaskToken`): one state machine starting another.
 */
export function registerStatesIntegration(engine: Engine): void {
  engine.deps.integrations.register(
    'states:startExecution',
    (invocation) => startExecution(engine, invocation),
    ['request-response', 'sync', 'sync:2', 'waitForTaskToken'],
  );
}

async function startExecution(
  engine: Engine,
  { parameters, resource, context }: TaskInvocation,
): Promise<unknown> {
  const params = isPlainObject(parameters) ? parameters : {};
  const stateMachineArn = params.StateMachineArn;
  if (typeof stateMachineArn !== 'string') {
    throw new StatesError(
      'States.Runtime',
      "states:startExecution needs a 'StateMachineArn' parameter",
    );
  }
  const input =
    params.Input === undefined
      ? '{}'
      : typeof params.Input === 'string'
        ? params.Input
        : JSON.stringify(params.Input);
  let executionArn: string;
  if (context.resumed !== undefined) {
    executionArn = (context.resumed as { ExecutionArn: string }).ExecutionArn;
  } else {
    try {
      const started = engine.startExecution({
        stateMachineArn,
        input,
        ...(typeof params.Name === 'string' ? { name: params.Name } : {}),
      });
      executionArn = started.executionArn;
      const response = {
        ExecutionArn: started.executionArn,
        StartDate: new Date(started.startDate).toISOString(),
      };
      if (resource.pattern === 'request-response' || resource.pattern === 'waitForTaskToken')
        return response;
      await context.submitted(response);
    } catch (err) {
      if (isModelmillError(err)) {
        const name = err.code.endsWith('Exception') ? err.code : `${err.code}Exception`;
        throw new StatesError(`StepFunctions.${name}`, err.message);
      }
      throw err;
    }
  }
  const onAbort = (): void => {
    try {
      engine.stopExecution({
        executionArn,
        error: 'States.Aborted',
        cause: 'the parent execution stopped',
      });
    } catch {
      // already ended
    }
  };
  context.signal.addEventListener('abort', onAbort, { once: true });
  const final = await engine
    .waitFor(executionArn)
    .finally(() => context.signal.removeEventListener('abort', onAbort));
  const description = describe(final, resource.pattern === 'sync:2');
  if (final.status === 'SUCCEEDED') return description;
  throw new StatesError('States.TaskFailed', JSON.stringify(description));
}

function describe(record: ExecutionRecord, jsonOutput: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ExecutionArn: record.arn,
    Input: jsonOutput ? (JSON.parse(record.input) as unknown) : record.input,
    InputDetails: { Included: true },
    Name: record.name,
    StartDate: record.startDate,
    StateMachineArn: record.stateMachineArn,
    Status: record.status,
    StopDate: record.stopDate,
  };
  if (record.output !== undefined) {
    out.Output = jsonOutput ? (JSON.parse(record.output) as unknown) : record.output;
    out.OutputDetails = { Included: true };
  }
  if (record.error !== undefined) out.Error = record.error;
  if (record.cause !== undefined) out.Cause = record.cause;
  return out;
}
