import { validateDefinition } from '../../asl/index.js';
import type {
  Engine,
  ExecutionRecord,
  ExecutionStatus,
  StateMachineRecord,
} from '../../engine/index.js';
import { detailsKey } from '../../engine/index.js';
import type { ApiModule } from '../../server/index.js';
import {
  body,
  epochSeconds,
  optionalBool,
  optionalInt,
  optionalString,
  requiredString,
} from '../../server/index.js';

/** The Step Functions JSON protocol (`X-Amz-Target: AWSStepFunctions.<Operation>`) over the engine. */
export function stepFunctionsApi(engine: Engine): ApiModule {
  return {
    signingName: 'states',
    json: {
      targetPrefix: 'AWSStepFunctions',
      operations: {
        CreateStateMachine: async (raw) => {
          const input = body(raw);
          const tags = Array.isArray(input.tags)
            ? Object.fromEntries(
                (input.tags as Array<{ key: string; value: string }>).map((t) => [t.key, t.value]),
              )
            : undefined;
          const typeText = optionalString(input, 'type');
          const type: 'STANDARD' | 'EXPRESS' | undefined =
            typeText === undefined ? undefined : typeText === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
          const created = engine.createStateMachine({
            name: requiredString(input, 'name'),
            definition: requiredString(input, 'definition'),
            ...optional('roleArn', optionalString(input, 'roleArn')),
            ...optional('type', type),
            ...optional('description', optionalString(input, 'description')),
            ...optional('loggingConfiguration', input.loggingConfiguration),
            ...optional('tracingConfiguration', input.tracingConfiguration),
            ...optional('tags', tags as Record<string, string> | undefined),
          });
          return {
            stateMachineArn: created.stateMachineArn,
            creationDate: epochSeconds(created.creationDate),
          };
        },
        UpdateStateMachine: async (raw) => {
          const input = body(raw);
          const updated = engine.updateStateMachine({
            stateMachineArn: requiredString(input, 'stateMachineArn'),
            ...optional('definition', optionalString(input, 'definition')),
            ...optional('roleArn', optionalString(input, 'roleArn')),
            ...optional('loggingConfiguration', input.loggingConfiguration),
          });
          return { updateDate: epochSeconds(updated.updateDate), revisionId: updated.revisionId };
        },
        DescribeStateMachine: async (raw) =>
          describeMachine(
            engine.describeStateMachine(requiredString(body(raw), 'stateMachineArn')),
          ),
        ListStateMachines: async (raw) => {
          const input = body(raw);
          const page = engine.listStateMachines({
            ...optional('maxResults', optionalInt(input, 'maxResults', 0, 1000)),
            ...optional('nextToken', optionalString(input, 'nextToken')),
          });
          return {
            stateMachines: page.items.map((m) => ({
              stateMachineArn: m.arn,
              name: m.name,
              type: m.type,
              creationDate: epochSeconds(m.creationDate),
            })),
            ...optional('nextToken', page.nextToken),
          };
        },
        DeleteStateMachine: async (raw) => {
          engine.deleteStateMachine(requiredString(body(raw), 'stateMachineArn'));
          return {};
        },
        ValidateStateMachineDefinition: async (raw) =>
          validateDefinition(requiredString(body(raw), 'definition')),
        StartExecution: async (raw) => {
          const input = body(raw);
          const started = engine.startExecution(startInput(input));
          return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
        },
        StartSyncExecution: async (raw) => {
          const record = await engine.startSyncExecution(startInput(body(raw)));
          return {
            ...describeExecution(record),
            billingDetails: {
              billedMemoryUsedInMB: 64,
              billedDurationInMilliseconds: Math.max(
                100,
                (record.stopDate ?? record.startDate) - record.startDate,
              ),
            },
          };
        },
        DescribeExecution: async (raw) =>
          describeExecution(engine.describeExecution(requiredString(body(raw), 'executionArn'))),
        DescribeStateMachineForExecution: async (raw) => {
          const found = engine.describeStateMachineForExecution(
            requiredString(body(raw), 'executionArn'),
          );
          return {
            stateMachineArn: found.arn,
            name: found.name,
            definition: found.executionDefinition,
            roleArn: found.roleArn,
            updateDate: epochSeconds(found.updateDate ?? found.creationDate),
            revisionId: found.revisionId,
          };
        },
        ListExecutions: async (raw) => {
          const input = body(raw);
          const page = engine.listExecutions({
            ...optional('stateMachineArn', optionalString(input, 'stateMachineArn')),
            ...optional(
              'status',
              optionalString(input, 'statusFilter') as ExecutionStatus | undefined,
            ),
            ...optional('mapRunArn', optionalString(input, 'mapRunArn')),
            ...optional('maxResults', optionalInt(input, 'maxResults', 0, 1000)),
            ...optional('nextToken', optionalString(input, 'nextToken')),
          });
          return { executions: page.items.map(listItem), ...optional('nextToken', page.nextToken) };
        },
        GetExecutionHistory: async (raw) => {
          const input = body(raw);
          const includeData = optionalBool(input, 'includeExecutionData') ?? true;
          const page = engine.getExecutionHistory({
            executionArn: requiredString(input, 'executionArn'),
            ...optional('reverseOrder', optionalBool(input, 'reverseOrder')),
            ...optional('maxResults', optionalInt(input, 'maxResults', 0, 1000)),
            ...optional('nextToken', optionalString(input, 'nextToken')),
          });
          const events = page.items.map((e) => {
            const details = includeData || !e.details ? e.details : stripData(e.details);
            return {
              timestamp: e.timestamp / 1000,
              type: e.type,
              id: e.id,
              previousEventId: e.previousEventId,
              ...(details ? { [detailsKey(e.type)]: details } : {}),
            };
          });
          return { events, ...optional('nextToken', page.nextToken) };
        },
        StopExecution: async (raw) => {
          const input = body(raw);
          const stopped = engine.stopExecution({
            executionArn: requiredString(input, 'executionArn'),
            ...optional('error', optionalString(input, 'error')),
            ...optional('cause', optionalString(input, 'cause')),
          });
          return { stopDate: epochSeconds(stopped.stopDate) };
        },
        RedriveExecution: async (raw) => {
          const redriven = engine.redriveExecution({
            executionArn: requiredString(body(raw), 'executionArn'),
          });
          return { redriveDate: epochSeconds(redriven.redriveDate) };
        },
        SendTaskSuccess: async (raw) => {
          const input = body(raw);
          engine.sendTaskSuccess({
            taskToken: requiredString(input, 'taskToken'),
            output: requiredString(input, 'output'),
          });
          return {};
        },
        SendTaskFailure: async (raw) => {
          const input = body(raw);
          engine.sendTaskFailure({
            taskToken: requiredString(input, 'taskToken'),
            ...optional('error', optionalString(input, 'error')),
            ...optional('cause', optionalString(input, 'cause')),
          });
          return {};
        },
        SendTaskHeartbeat: async (raw) => {
          engine.sendTaskHeartbeat({ taskToken: requiredString(body(raw), 'taskToken') });
          return {};
        },
      },
    },
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

function startInput(input: Record<string, unknown>) {
  return {
    stateMachineArn: requiredString(input, 'stateMachineArn'),
    ...optional('name', optionalString(input, 'name')),
    ...optional('input', optionalString(input, 'input')),
  };
}

/** DescribeStateMachine's answer. */
export function describeMachine(m: StateMachineRecord): Record<string, unknown> {
  return {
    stateMachineArn: m.arn,
    name: m.name,
    status: 'ACTIVE',
    definition: m.definition,
    roleArn: m.roleArn,
    type: m.type,
    creationDate: epochSeconds(m.creationDate),
    loggingConfiguration: m.loggingConfiguration ?? { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: m.tracingConfiguration ?? { enabled: false },
    revisionId: m.revisionId,
    ...optional('description', m.description),
  };
}

/** DescribeExecution's answer. */
export function describeExecution(e: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: e.arn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: epochSeconds(e.startDate),
    ...optional('stopDate', epochSeconds(e.stopDate)),
    input: e.input,
    inputDetails: { included: true },
    ...optional('output', e.output),
    ...(e.output === undefined ? {} : { outputDetails: { included: true } }),
    ...optional('error', e.error),
    ...optional('cause', e.cause),
    redriveCount: e.redriveCount,
    redriveStatus:
      e.type === 'EXPRESS'
        ? 'NOT_REDRIVABLE'
        : e.status === 'RUNNING' || e.status === 'SUCCEEDED'
          ? 'NOT_REDRIVABLE'
          : 'REDRIVABLE',
    ...optional('redriveDate', epochSeconds(e.redriveDate)),
    ...optional('mapRunArn', e.mapRunArn),
  };
}

function listItem(e: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: e.arn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: epochSeconds(e.startDate),
    ...optional('stopDate', epochSeconds(e.stopDate)),
    redriveCount: e.redriveCount,
    ...optional('mapRunArn', e.mapRunArn),
  };
}

function stripData(details: Record<string, unknown>): Record<string, unknown> {
  const out = { ...details };
  for (const key of ['input', 'output', 'parameters']) delete out[key];
  return out;
}
