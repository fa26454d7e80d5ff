import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mm-cli-sfn-'));
const home = join(dir, 'home');
function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

describe('modelmill sfn run', () => {
  it('prints the result and exits 0 on success', async () => {
    const definition = file('ok.json', {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Parameters: { 'sum.$': 'States.MathAdd($.a, $.b)' }, End: true },
      },
    });
    const result = await runCli(
      ['sfn', 'run', '--definition', definition, '--input', '{"a":40,"b":2}'],
      { home },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      status: 'SUCCEEDED',
      output: { sum: 42 },
      error: null,
      cause: null,
    });
  });

  it('exits 1 with the error and cause when the execution fails', async () => {
    const definition = file('fail.json', {
      StartAt: 'F',
      States: { F: { Type: 'Fail', Error: 'Nope', Cause: 'on purpose' } },
    });
    const result = await runCli(['sfn', 'run', '--definition', definition], { home });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      status: 'FAILED',
      output: null,
      error: 'Nope',
      cause: 'on purpose',
    });
  });

  it('exits 2 with located problems for an invalid definition or input', async () => {
    const dangling = file('dangling.json', {
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'Missing' } },
    });
    const bad = await runCli(['sfn', 'run', '--definition', dangling], { home });
    expect(bad.code).toBe(2);
    const problems = JSON.parse(bad.stderr) as {
      error: string;
      problems: Array<{ location: string }>;
    };
    expect(problems.error).toBe('InvalidDefinition');
    expect(problems.problems.map((p) => p.location)).toContain('/States/A/Next');
    const okDefinition = file('ok2.json', {
      StartAt: 'A',
      States: { A: { Type: 'Pass', End: true } },
    });
    const badInput = await runCli(
      ['sfn', 'run', '--definition', okDefinition, '--input', '{oops'],
      { home },
    );
    expect(badInput.code).toBe(2);
    expect(badInput.stderr).toMatch(/InvalidExecutionInput/);
    const notJson = await runCli(
      ['sfn', 'run', '--definition', file('notjson.json', '{"StartAt": ')],
      { home },
    );
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/INVALID_JSON_DESCRIPTION/);
  });

  it('answers Task states from a mock config test case', async () => {
    const definition = file('task.json', {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:score',
          End: true,
        },
      },
    });
    const mocks = file('mocks.json', {
      StateMachines: { scorer: { TestCases: { Happy: { Call: 'Scored' } } } },
      MockedResponses: { Scored: { '0': { Return: { score: 0.93 } } } },
    });
    const result = await runCli(
      [
        'sfn',
        'run',
        '--definition',
        definition,
        '--name',
        'scorer',
        '--mock-config',
        mocks,
        '--test-case',
        'Happy',
      ],
      { home },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).output).toEqual({ score: 0.93 });
  });
});
