import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerDq } from '../../src/cli/commands/dq.js';
import { DEFECTS_DQDL } from '../../src/quality/index.js';
import { createModelmill } from '../../src/modelmill.js';
import { defectsSelect, tempDir, writeTable } from './fixtures.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `modelmill <args>` with the dq commands registered, capturing the output. */
async function cli(args: string[]): Promise<Run> {
  let code = 0;
  const program = new Command('modelmill').exitOverride();
  program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerDq(program, (c) => (code = c));
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = 2;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { code, stdout, stderr };
}

// The sample rules as a file, as a user would pass them.
const SAMPLE = join(tempDir('mm-dq-rules-'), 'defects.dqdl');
writeFileSync(SAMPLE, DEFECTS_DQDL);

describe('modelmill dq', () => {
  let dir: string;
  let good: string;
  let bad: string;
  const savedHome = process.env.MODELMILL_HOME;

  beforeAll(async () => {
    dir = tempDir();
    process.env.MODELMILL_HOME = join(dir, 'home');
    good = await writeTable(join(dir, 'defects.parquet'), defectsSelect(20, 10));
    bad = await writeTable(
      join(dir, 'bad', 'defects.csv'),
      `SELECT * REPLACE (
           CASE WHEN part_name = 'PRT-0002' THEN NULL ELSE temperature END AS temperature,
           CASE WHEN part_name IN ('PRT-0002', 'PRT-0003') THEN 900.0 ELSE line_speed END AS line_speed)
       FROM (${defectsSelect(20, 10)})`,
    );
  });

  afterAll(() => {
    if (savedHome === undefined) delete process.env.MODELMILL_HOME;
    else process.env.MODELMILL_HOME = savedHome;
  });

  it('prints every rule with its outcome and exits 0 when all pass', async () => {
    const run = await cli(['dq', 'run', '--rules', SAMPLE, '--data', good]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^RULE +OUTCOME +REASON\n/);
    expect(run.stdout).toMatch(/\nRowCount > 100 +Passed\n/);
    expect(run.stdout).toContain(`defects: Passed — all 28 rules passed (200 rows in ${good})`);
  });

  it('exits 1 when a rule fails, with the reason in the table and in JSON', async () => {
    const run = await cli(['dq', 'run', '--rules', SAMPLE, '--data', bad, '--source', 'plant-a']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /\nCompleteness "temperature" > 0\.95 +Failed +Value: 0\.95 does not meet the constraint requirement!\n/,
    );
    expect(run.stdout).toMatch(
      /\nColumnValues "line_speed" between 0 and 400 with threshold >= 0\.95 +Failed +Value: 0\.9 does not meet the constraint requirement!\n/,
    );
    expect(run.stdout).toContain('plant-a: Failed — 2 of 28 rules failed');

    const json = await cli(['dq', 'run', '--rules', SAMPLE, '--data', bad, '--output', 'json']);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as {
      overallStatus: string;
      failed: number;
      results: unknown[];
    };
    expect(parsed).toMatchObject({ source: 'defects', overallStatus: 'Failed', failed: 2 });
    expect(parsed.results).toHaveLength(28);
  });

  it('exits 2 with the line and column for a bad rules file', async () => {
    const rules = join(dir, 'broken.dqdl');
    writeFileSync(rules, 'Rules = [\n  RowCount > 0,\n  Completeness "temperature"\n]\n');
    const run = await cli(['dq', 'run', '--rules', rules, '--data', good]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `error: invalid DQDL in ${rules}: line 4, column 1: rule 2 (Completeness) needs an expression after its parameters, e.g. Completeness "col" > 0.95\n`,
    );
  });

  it('exits 2 when the rules file, the data or an option cannot be used', async () => {
    const noRules = await cli(['dq', 'run', '--rules', join(dir, 'none.dqdl'), '--data', good]);
    expect(noRules.code).toBe(2);
    expect(noRules.stderr).toContain('error: cannot read the rules file');
    const noData = await cli(['dq', 'run', '--rules', SAMPLE, '--data', join(dir, 'missing')]);
    expect(noData.code).toBe(2);
    expect(noData.stderr).toContain(`error: no data at ${join(dir, 'missing')}`);
    const badOutput = await cli([
      'dq',
      'run',
      '--rules',
      SAMPLE,
      '--data',
      good,
      '--output',
      'yaml',
    ]);
    expect(badOutput).toMatchObject({
      code: 2,
      stderr: "error: --output must be table or json, not 'yaml'\n",
    });
    const missingOption = await cli(['dq', 'run', '--rules', SAMPLE]);
    expect(missingOption.code).toBe(2);
  });

  it('reads s3:// data, writes dqresults to s3:// and reports the latest status per source', async () => {
    const mm = await createModelmill();
    try {
      await mm.services.s3.createBucket({ Bucket: 'analytics' });
      await mm.services.s3.createBucket({ Bucket: 'shared' });
      await mm.services.s3.putObject({
        Bucket: 'analytics',
        Key: 'defects/2024/part-0.parquet',
        Body: new Uint8Array(readFileSync(good)),
      });
      await mm.services.s3.putObject({
        Bucket: 'analytics',
        Key: 'sensors/part-0.csv',
        Body: new Uint8Array(readFileSync(bad)),
      });
    } finally {
      await mm.close();
    }
    const results = 's3://shared/dq/dqresults';
    const first = await cli([
      'dq',
      'run',
      '--rules',
      SAMPLE,
      '--data',
      's3://analytics/defects/',
      '--results',
      results,
    ]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /results: 29 rows written to s3:\/\/shared\/dq\/dqresults\/year=\d{4}\/month=\d\d\/day=\d\d\/[0-9a-f-]+\.parquet/,
    );
    const second = await cli([
      'dq',
      'run',
      '--rules',
      SAMPLE,
      '--data',
      's3://analytics/sensors/',
      '--results',
      results,
      '--correlation-id',
      'exec-7',
    ]);
    expect(second.code).toBe(1);

    const status = await cli(['dq', 'status', '--results', results]);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/^SOURCE +LATEST STATUS\ndefects +Passed\nsensors +Failed\n$/);
    const json = await cli(['dq', 'status', '--results', results, '--output', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ defects: 'Passed', sensors: 'Failed' });
    const empty = await cli(['dq', 'status', '--results', 's3://shared/nothing']);
    expect(empty).toMatchObject({
      code: 0,
      stdout: 'no dq_overall_status rows under s3://shared/nothing\n',
    });
  });
});
