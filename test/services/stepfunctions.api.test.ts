import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Modelmill } from '../../src/modelmill.js';
import { createModelmill } from '../../src/modelmill.js';
import type { RunningServer } from '../../src/server/index.js';
import { awsCliAvailable, awsCliJson, localSdkConfig } from '../support/aws-api.js';

const pass = JSON.stringify({
  StartAt: 'A',
  States: { A: { Type: 'Pass', Result: { ok: true }, End: true } },
});

let mm: Modelmill;
let server: RunningServer;
let sfn: SFNClient;

beforeAll(async () => {
  mm = await createModelmill({
    home: mkdtempSync(join(tmpdir(), 'mm-sfn-api-')),
    logLevel: 'silent',
  });
  server = await mm.serve(0);
  sfn = new SFNClient(localSdkConfig(server.url));
});

afterAll(async () => {
  sfn.destroy();
  await mm.close();
});

async function waitForStatus(executionArn: string): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (status !== 'RUNNING') return status ?? '';
    await new Promise((r) => setTimeout(r, 10));
  }
  return 'RUNNING';
}

describe('Step Functions API with @aws-sdk/client-sfn', () => {
  it('creates, starts, describes and reads the history of an execution', async () => {
    const created = await sfn.send(
      new CreateStateMachineCommand({
        name: 'hello',
        definition: pass,
        roleArn: 'arn:aws:iam::123456789012:role/x',
      }),
    );
    expect(created.stateMachineArn).toMatch(/:stateMachine:hello$/);
    expect(created.creationDate).toBeInstanceOf(Date);
    const described = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }),
    );
    expect(described).toMatchObject({
      name: 'hello',
      status: 'ACTIVE',
      type: 'STANDARD',
      definition: pass,
    });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: created.stateMachineArn,
        name: 'first',
        input: '{"a":1}',
      }),
    );
    expect(await waitForStatus(executionArn!)).toBe('SUCCEEDED');
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(execution.output).toBe('{"ok":true}');
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events?.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(history.events?.[1]?.stateEnteredEventDetails).toMatchObject({
      name: 'A',
      input: '{"a":1}',
    });
    const reversed = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2 }),
    );
    expect(reversed.events?.map((e) => e.id)).toEqual([4, 3]);
    expect(reversed.nextToken).toBeDefined();
    const machines = await sfn.send(new ListStateMachinesCommand({}));
    expect(machines.stateMachines?.map((m) => m.name)).toContain('hello');
    const listed = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: created.stateMachineArn }),
    );
    expect(listed.executions?.[0]?.status).toBe('SUCCEEDED');
  });

  it('answers errors in AWS shape', async () => {
    await expect(
      sfn.send(
        new CreateStateMachineCommand({
          name: 'broken',
          definition: '{"StartAt":"Nope","States":{"A":{"Type":"Pass","End":true}}}',
          roleArn: 'arn:aws:iam::1:role/x',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidDefinition', message: expect.stringMatching(/Nope/) });
    await expect(
      sfn.send(
        new CreateStateMachineCommand({
          name: 'broken',
          definition: '{not json',
          roleArn: 'arn:aws:iam::1:role/x',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidDefinition' });
    await expect(
      sfn.send(
        new DescribeExecutionCommand({
          executionArn: 'arn:aws:states:us-east-1:000000000000:execution:hello:nope',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(
      sfn.send(
        new StartExecutionCommand({
          stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:hello',
          input: '{bad',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    const validation = await sfn.send(
      new ValidateStateMachineDefinitionCommand({
        definition: '{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}}',
      }),
    );
    expect(validation.result).toBe('FAIL');
    expect(validation.diagnostics?.[0]?.location).toBe('/States/A/Next');
  });

  it('runs callbacks and stops executions', async () => {
    const waits = JSON.stringify({
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'waits',
        definition: waits,
        roleArn: 'arn:aws:iam::1:role/x',
      }),
    );
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Bored', cause: 'waited long enough' }),
    );
    const stopped = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(stopped).toMatchObject({
      status: 'ABORTED',
      error: 'Bored',
      cause: 'waited long enough',
    });
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'no-such-token', output: '{}' })),
    ).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  it('runs an Express machine synchronously', async () => {
    const express = JSON.stringify({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: { A: { Type: 'Pass', Output: '{% $states.input.n * 2 %}', End: true } },
    });
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'double',
        definition: express,
        type: 'EXPRESS',
        roleArn: 'arn:aws:iam::1:role/x',
      }),
    );
    // StartSyncExecution goes to the `sync-` host prefix on AWS; against a local endpoint turn that off.
    const syncClient = new SFNClient({ ...localSdkConfig(server.url), disableHostPrefix: true });
    const result = await syncClient.send(
      new StartSyncExecutionCommand({ stateMachineArn, input: '{"n":21}' }),
    );
    syncClient.destroy();
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '42' });
  });

  it('works with the AWS CLI (aws stepfunctions --endpoint-url)', async () => {
    if (!(await awsCliAvailable())) {
      console.log('skipped: the AWS CLI (`aws`) is not installed (Debian package awscli)');
      return;
    }
    const cli = awsCliJson('stepfunctions', server.url);
    const created = await cli(
      'create-state-machine',
      '--name',
      'from-cli',
      '--definition',
      pass,
      '--role-arn',
      'arn:aws:iam::1:role/x',
    );
    const started = await cli(
      'start-execution',
      '--state-machine-arn',
      created.stateMachineArn,
      '--input',
      '{"x":1}',
    );
    expect(await waitForStatus(started.executionArn)).toBe('SUCCEEDED');
    const described = await cli('describe-execution', '--execution-arn', started.executionArn);
    expect(described.output).toBe('{"ok":true}');
    const history = await cli('get-execution-history', '--execution-arn', started.executionArn);
    expect(history.events.map((e: { type: string }) => e.type)).toContain('ExecutionSucceeded');
  }, 60_000);
});
