import { describe, expect, it } from 'vitest';
import { createFakeClock, createSequentialIds } from '../../core/index.js';
import { IntegrationRegistry, createEngine, createMemoryStore } from '../../engine/index.js';
import { openDatabase } from '../../store/index.js';
import { runDefinition } from '../../../test/support/executions.js';
import { registerEventBridgeIntegrations } from './integration.js';
import { createLocalEventBridge } from './local.js';

const scope = { region: 'ap-south-1', accountId: '123456789012' };

function setup() {
  const clock = createFakeClock(Date.UTC(2024, 0, 2, 3, 4, 5));
  const registry = new IntegrationRegistry();
  const eb = createLocalEventBridge({ db: openDatabase(':memory:'), scope, clock });
  registerEventBridgeIntegrations(registry, eb, { ids: createSequentialIds() });
  const engine = createEngine({
    store: createMemoryStore(),
    integrations: registry,
    scope,
    clock,
    ids: createSequentialIds(),
  });
  const run = (definition: object, input: unknown = {}) => runDefinition(engine, definition, input);
  return { eb, engine, run };
}

describe('events:putEvents', () => {
  it('serialises Detail, adds the execution ARNs to Resources and answers with the event ids', async () => {
    const { eb, run } = setup();
    await eb.createEventBus({ Name: 'gata-bus' });
    const { final, output, executionArn } = await run(
      {
        StartAt: 'Emit',
        States: {
          Emit: {
            Type: 'Task',
            Resource: 'arn:aws:states:::events:putEvents',
            Parameters: {
              Entries: [
                {
                  Source: 'gata',
                  DetailType: 'finetune-complete',
                  Detail: { 'batch_id.$': '$.BatchID' },
                  EventBusName: 'gata-bus',
                },
              ],
            },
            End: true,
          },
        },
      },
      { BatchID: '2024010203' },
    );
    expect(final.status).toBe('SUCCEEDED');
    expect(output).toEqual({
      Entries: [{ EventId: expect.stringMatching(/^[0-9a-f-]{36}$/) }],
      FailedEntryCount: 0,
    });
    const [record] = eb.listEvents({ bus: 'gata-bus' });
    expect(record?.event.detail).toEqual({ batch_id: '2024010203' });
    expect(record?.event.resources).toEqual([executionArn, final.stateMachineArn]);
    expect(record?.id).toBe(output.Entries[0].EventId);
  });

  it('fails with EventBridge.FailedEntry when an entry fails, which Catch can match', async () => {
    const { run } = setup();
    const { final, output } = await run({
      StartAt: 'Emit',
      States: {
        Emit: {
          Type: 'Task',
          Resource: 'arn:aws:states:::events:putEvents',
          Parameters: {
            Entries: [{ Source: 'gata', DetailType: 'x', Detail: {}, EventBusName: 'missing' }],
          },
          Catch: [{ ErrorEquals: ['EventBridge.FailedEntry'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
    });
    expect(final.status).toBe('SUCCEEDED');
    expect(output.Error).toBe('EventBridge.FailedEntry');
    expect(JSON.parse(output.Cause)).toMatchObject({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ResourceNotFoundException' }],
    });
  });

  it('waits for the task token carried in the Detail', async () => {
    const { eb, engine, run } = setup();
    await eb.putRule({ Name: 'approve', EventPattern: '{"source":["approvals"]}' });
    await eb.putTargets({
      Rule: 'approve',
      Targets: [
        {
          Id: 'worker',
          Arn: 'arn:aws:lambda:ap-south-1:123456789012:function:approver',
          InputPath: '$.detail.token',
        },
      ],
    });
    eb.connect({
      invokeFunction: async (_arn, payload) => {
        engine.sendTaskSuccess({ taskToken: JSON.parse(payload), output: '{"approved":true}' });
        return null;
      },
    });
    const { final, output } = await run({
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::events:putEvents.waitForTaskToken',
          Parameters: {
            Entries: [
              { Source: 'approvals', DetailType: 'ask', Detail: { 'token.$': '$$.Task.Token' } },
            ],
          },
          End: true,
        },
      },
    });
    expect(final.status).toBe('SUCCEEDED');
    expect(output).toEqual({ approved: true });
  });

  it('names aws-sdk:eventbridge failures EventBridge.<Exception>', async () => {
    const { run } = setup();
    const { final } = await run({
      StartAt: 'Put',
      States: {
        Put: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:eventbridge:putRule',
          Parameters: { Name: 'r', EventPattern: '{"source":"x"}' },
          End: true,
        },
      },
    });
    expect(final.status).toBe('FAILED');
    expect(final.error).toBe('EventBridge.InvalidEventPatternException');
    expect(final.cause).toContain('"source" must be an object or an array');
    const missing = await run({
      StartAt: 'D',
      States: {
        D: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:eventbridge:deleteEventBus',
          Parameters: { Name: 'default' },
          End: true,
        },
      },
    });
    expect(missing.final.error).toBe('EventBridge.EventBridgeException');
  });
});
