import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../asl/index.js';
import { createFakeClock } from '../../core/index.js';
import {
  IntegrationRegistry,
  compileMockConfig,
  createEngine,
  createMemoryStore,
} from '../../engine/index.js';
import { dapmNames } from './names.js';
import { INPUT_KEYS, orchestratorDefinition } from './orchestrator.js';

const names = dapmNames({ useCase: 'jenkins', env: 'pl', region: 'ap-south-1' });

function inputFor(ctx: 'training' | 'inferencing'): Record<string, string> {
  return Object.fromEntries(INPUT_KEYS[ctx].map((k) => [k, `${k}-value`]));
}

const ok = { Return: { Id: 'jr_1', JobRunState: 'SUCCEEDED' } };
const param = (value: string) => ({ Return: { Parameter: { Value: value } } });

function engineWith(
  cases: Record<string, Record<string, string>>,
  responses: Record<string, unknown>,
) {
  const machine = names.training.stateMachine;
  const mockConfig = compileMockConfig({
    StateMachines: { [machine]: { TestCases: cases } },
    MockedResponses: responses,
  });
  const engine = createEngine({
    store: createMemoryStore(),
    integrations: new IntegrationRegistry(),
    scope: { region: 'ap-south-1', accountId: '731580992380' },
    clock: createFakeClock(),
    mockConfig,
  });
  engine.createStateMachine({
    name: machine,
    definition: JSON.stringify(orchestratorDefinition('training', names)),
  });
  return engine;
}

describe('DAPM orchestrators', () => {
  it('are valid ASL for both contexts and use the estate names', () => {
    for (const ctx of ['training', 'inferencing'] as const) {
      const definition = orchestratorDefinition(ctx, names);
      expect(validateDefinition(definition).diagnostics).toEqual([]);
      const text = JSON.stringify(definition);
      expect(text).toContain(`jenkins-pl-apsouth1-${ctx}-gatekeeper`);
      expect(text).toContain(
        `/jenkins-pl-apsouth1-dapf-ssm/${ctx}/live_${ctx}_batch_job_definition`,
      );
    }
  });

  it('loops on the completion flag, evaluates, cleans up and succeeds', async () => {
    const common = {
      'Read Live Job Definition': 'JobDef',
      Gatekeeper: 'Ok',
      'Read Preprocessing Image': 'Image',
      Preprocessing: 'Processed',
      'Submit Batch Jobs': 'Ok',
      'Check Batch Job Status': 'Ok',
      Evaluation: 'Ok',
      Cleanup: 'Ok',
    };
    const engine = engineWith(
      { Happy: { ...common, 'Read Complete Flag': 'FlagTwice' } },
      {
        JobDef: { '0': param('arn:aws:batch:ap-south-1:1:job-definition/x:1') },
        Image: { '0': param('1.dkr.ecr.ap-south-1.amazonaws.com/pre:abc') },
        Processed: {
          '0': { Return: { ProcessingJobStatus: 'Completed', ProcessingJobName: 'p' } },
        },
        Ok: { '0': ok },
        FlagTwice: { '0-1': param('False'), '2': param('True') },
      },
    );
    const { executionArn } = engine.startExecution({
      stateMachineArn: `${names.training.stateMachine}#Happy`,
      input: JSON.stringify(inputFor('training')),
    });
    const final = await engine.waitFor(executionArn);
    expect(final.status).toBe('SUCCEEDED');
    const history = engine.getExecutionHistory({ executionArn, maxResults: 1000 }).items;
    const entered = history
      .filter((e) => e.type === 'TaskStateEntered')
      .map((e) => e.details?.name);
    expect(entered.filter((n) => n === 'Check Batch Job Status')).toHaveLength(3);
    expect(entered.at(-1)).toBe('Cleanup');
  });

  it('runs cleanup after a failed step and ends FAILED with that error', async () => {
    const engine = engineWith(
      { GateFails: { 'Read Live Job Definition': 'JobDef', Gatekeeper: 'Refused', Cleanup: 'Ok' } },
      {
        JobDef: { '0': param('arn:aws:batch:ap-south-1:1:job-definition/x:1') },
        Refused: {
          '0': {
            Throw: { Error: 'States.TaskFailed', Cause: '{"ErrorMessage":"image tags differ"}' },
          },
        },
        Ok: { '0': ok },
      },
    );
    const { executionArn } = engine.startExecution({
      stateMachineArn: `${names.training.stateMachine}#GateFails`,
      input: JSON.stringify(inputFor('training')),
    });
    const final = await engine.waitFor(executionArn);
    expect(final.status).toBe('FAILED');
    expect(final.error).toBe('States.TaskFailed');
    expect(final.cause).toContain('image tags differ');
    const names_ = engine
      .getExecutionHistory({ executionArn, maxResults: 1000 })
      .items.filter((e) => e.type === 'TaskStateEntered')
      .map((e) => e.details?.name);
    expect(names_).toEqual(['Read Live Job Definition', 'Gatekeeper', 'Cleanup']);
  });
});
