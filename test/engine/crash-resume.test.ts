import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/shared.js';

/**
 * Durability for real: a `modelmill serve` process is killed with SIGKILL in
 * the middle of an execution, a new one starts on the same home, and the
 * execution finishes without repeating what it had already done.
 */
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function serve(home: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'bin', 'modelmill.js'), 'serve', '--port', String(port)],
      {
        env: { ...process.env, MODELMILL_HOME: home, MODELMILL_LOG_LEVEL: 'error' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('serving on')) resolve(child);
    });
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
  });
}

describe('crash and resume', () => {
  it('finishes an execution after the server process is killed mid-run', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mm-crash-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const endpoint = `http://127.0.0.1:${port}`;
    const sfn = new SFNClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const first = await serve(home, port);
    const definition = {
      StartAt: 'Before',
      States: {
        Before: { Type: 'Pass', Result: 'done', ResultPath: '$.before', Next: 'Hold' },
        Hold: { Type: 'Wait', Seconds: 2, Next: 'After' },
        After: { Type: 'Pass', Result: 'done', ResultPath: '$.after', End: true },
      },
    };
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'crashy',
        definition: JSON.stringify(definition),
        roleArn: 'arn:aws:iam::1:role/r',
      }),
    );
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, input: '{"n":1}' }),
    );
    await new Promise((r) => setTimeout(r, 500));
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    await serve(home, port);
    let status = 'RUNNING';
    let output: string | undefined;
    for (let i = 0; i < 100 && status === 'RUNNING'; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      ({ status = 'RUNNING', output } = await sfn.send(
        new DescribeExecutionCommand({ executionArn }),
      ));
    }
    expect(status).toBe('SUCCEEDED');
    expect(JSON.parse(output ?? '{}')).toEqual({ n: 1, before: 'done', after: 'done' });
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'WaitStateEntered')).toHaveLength(1);
    expect(types.filter((t) => t === 'PassStateEntered')).toHaveLength(2);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    sfn.destroy();
  }, 30_000);
});
