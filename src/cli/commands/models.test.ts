import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createModelmill } from '../../modelmill.js';
import { registerModels, registryOf } from './models.js';

/** `modelmill models` over a temporary MODELMILL_HOME. */

let home: string;
const saved = process.env.MODELMILL_HOME;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'mm-cli-models-'));
  process.env.MODELMILL_HOME = home;
  const mm = await createModelmill();
  const registry = registryOf(mm);
  await registry.createModelPackageGroup({ ModelPackageGroupName: 'uc-mpg' });
  await registry.createModelPackage({
    ModelPackageGroupName: 'uc-mpg',
    CustomerMetadataProperties: { winning_algo: 'xgb' },
  });
  await registry.createModelPackage({
    ModelPackageGroupName: 'uc-mpg',
    ModelApprovalStatus: 'Rejected',
  });
  await mm.close();
});

afterAll(() => {
  if (saved === undefined) delete process.env.MODELMILL_HOME;
  else process.env.MODELMILL_HOME = saved;
  rmSync(home, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string; error?: unknown }> {
  let code = -1;
  const program = new Command('modelmill').exitOverride();
  registerModels(program, (c) => {
    code = c;
  });
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(['models', ...args], { from: 'user' });
  } catch (error) {
    return { code, out: chunks.join(''), error };
  } finally {
    spy.mockRestore();
  }
  return { code, out: chunks.join('') };
}

describe('modelmill models', () => {
  it('lists versions newest first, filtered by group and status, as a table or JSON', async () => {
    const all = await cli('list');
    expect(all.code).toBe(0);
    const lines = all.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^GROUP\s+VERSION\s+STATUS\s+CREATED\s+ARN$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'uc-mpg 2 Rejected',
      'uc-mpg 1 PendingManualApproval',
    ]);
    const pending = await cli(
      'list',
      '--group',
      'uc-mpg',
      '--status',
      'PendingManualApproval',
      '--output',
      'json',
    );
    expect(
      JSON.parse(pending.out).map((s: { ModelPackageVersion: number }) => s.ModelPackageVersion),
    ).toEqual([1]);
    const bad = await cli('list', '--status', 'Maybe');
    expect((bad.error as Error).message).toMatch(
      /--status must be one of Approved, Rejected, PendingManualApproval/,
    );
  });

  it('approves by group/version and describes by ARN; the approval event reaches EventBridge', async () => {
    const approved = await cli('approve', 'uc-mpg/1', '--description', 'reviewed by the team');
    expect(approved.out.trim()).toMatch(
      /^arn:aws:sagemaker:[a-z0-9-]+:\d{12}:model-package\/uc-mpg\/1 Approved$/,
    );
    const arn = approved.out.trim().split(' ')[0] ?? '';
    const mm = await createModelmill();
    try {
      const [event] = mm.services.events.listEvents({ source: 'aws.sagemaker', limit: 1 });
      expect(event?.detailType).toBe('SageMaker Model Package State Change');
      expect(event?.event.detail).toMatchObject({
        ModelPackageArn: arn,
        ModelApprovalStatus: 'Approved',
        ModelPackageGroupName: 'uc-mpg',
      });
    } finally {
      await mm.close();
    }
    const described = JSON.parse((await cli('describe', arn)).out);
    expect(described).toMatchObject({
      ModelApprovalStatus: 'Approved',
      ApprovalDescription: 'reviewed by the team',
      CustomerMetadataProperties: { winning_algo: 'xgb' },
    });
    const rejected = await cli('reject', arn);
    expect(rejected.out.trim()).toBe(`${arn} Rejected`);
    const missing = await cli('approve', 'uc-mpg/9');
    expect(missing.error).toMatchObject({
      code: 'ValidationException',
      message: expect.stringMatching(/model-package\/uc-mpg\/9 does not exist\.$/),
    });
  });
});
