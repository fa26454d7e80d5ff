import type { ContextObject } from '../asl/index.js';
import type { ExecutionRecord } from './store.js';

/** The parts of the context object that stay the same for a whole execution. */
export interface ExecutionContextBase {
  Execution: ContextObject['Execution'];
  StateMachine: ContextObject['StateMachine'];
}

/** Builds the execution-wide part of `$$` from the execution record. */
export function executionContext(
  record: ExecutionRecord,
  parsedInput: unknown,
): ExecutionContextBase {
  const execution: ContextObject['Execution'] = {
    Id: record.arn,
    Input: parsedInput,
    StartTime: new Date(record.startDate).toISOString(),
    Name: record.name,
    RoleArn: record.roleArn,
    RedriveCount: record.redriveCount,
  };
  if (record.redriveDate !== undefined)
    execution.RedriveTime = new Date(record.redriveDate).toISOString();
  const machineName = record.stateMachineArn.split(':').at(-1) ?? '';
  return { Execution: execution, StateMachine: { Id: record.stateMachineArn, Name: machineName } };
}

/** The full context object for a state, with the optional Task token and Map item. */
export function stateContext(
  base: ExecutionContextBase,
  stateName: string,
  enteredTime: number,
  extra: { retryCount?: number; token?: string; mapItem?: { Index: number; Value: unknown } } = {},
): ContextObject {
  const context: ContextObject = {
    Execution: base.Execution,
    StateMachine: base.StateMachine,
    State: { Name: stateName, EnteredTime: new Date(enteredTime).toISOString() },
  };
  if (extra.retryCount !== undefined) context.State.RetryCount = extra.retryCount;
  if (extra.token !== undefined) context.Task = { Token: extra.token };
  if (extra.mapItem !== undefined) context.Map = { Item: extra.mapItem };
  return context;
}
