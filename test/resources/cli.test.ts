import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerDown } from '../../src/cli/commands/down.js';
import { registerSynth } from '../../src/cli/commands/synth.js';
import { registerUp } from '../../src/cli/commands/up.js';
import { createModelmill } from '../../src/modelmill.js';
import { repoRoot } from '../support/shared.js';

/**
 * `modelmill up`, `down` and `synth` in-process (as the CLI will wire them),
 * with their own MODELMILL_HOME and working directory.
 */

let dir: string;
let home: string;
let cwd: string;
const saved = { home: process.env.MODELMILL_HOME, level: process.env.MODELMILL_LOG_LEVEL };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mm-cli-resources-'));
  home = join(dir, 'home');
  cwd = process.cwd();
  process.env.MODELMILL_HOME = home;
  process.env.MODELMILL_LOG_LEVEL = 'silent';
});

afterEach(() => {
  process.chdir(cwd);
  process.env.MODELMILL_HOME = saved.home;
  process.env.MODELMILL_LOG_LEVEL = saved.level;
  if (saved.home === undefined) delete process.env.MODELMILL_HOME;
  if (saved.level === undefined) delete process.env.MODELMILL_LOG_LEVEL;
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let code = 0;
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
    const program = new Command('modelmill').exitOverride();
    const setExit = (c: number) => {
      code = c;
    };
    registerUp(program, setExit);
    registerDown(program, setExit);
    registerSynth(program, setExit);
    await program.parseAsync(argv, { from: 'user' });
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { code, stdout, stderr };
}

function config(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

const example = join(repoRoot, 'examples', 'storage.json');

describe('modelmill up / down', () => {
  it('applies the example, says unchanged the second time, and down removes it', async () => {
    const dry = await cli('up', '--config', example, '--dry-run');
    expect(dry.stdout).toContain("stack 'storage': 5 to create");
    const first = await cli('up', '--config', example);
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n')).toContain('created bucket demo-dev-useast1-storage');
    expect(first.stdout).toContain("stack 'storage': 5 created");

    const second = await cli('up', '--config', example, '--output', 'json');
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout) as {
      stack: string;
      summary: string;
      resources: unknown[];
    };
    expect(report).toMatchObject({ stack: 'storage', summary: '5 unchanged', dryRun: false });

    const down = await cli('down', '--config', example, '--force');
    expect(down.code).toBe(0);
    expect(down.stdout.split('\n').slice(0, 5)).toEqual([
      'deleted stateMachine demo-dev-useast1-storage-inventory',
      'deleted table demo-dev-useast1-storage-runs',
      'deleted parameter /demo-dev-useast1/storage/complete_status',
      'deleted parameter /demo-dev-useast1/storage/input_prefix',
      'deleted bucket demo-dev-useast1-storage',
    ]);
    const again = await cli('down', '--stack', 'storage');
    expect(again.stdout).toContain("stack 'storage' has nothing applied; nothing to remove");
  });

  it('exits 2 listing every config problem, applying nothing', async () => {
    const file = config('bad.json', {
      resources: [
        { kind: 'bucket', name: 'good-bucket' },
        { kind: 'table', name: 'jobs', hashKey: { name: 'id', type: 'string' } },
        { kind: 'bucket', name: 'good-bucket' },
      ],
    });
    const result = await cli('up', '--config', file);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toEqual([
      `${file} has 2 problem(s); nothing was applied:`,
      '  resources[1] (table \'jobs\'): hashKey.type: expected one of S, N, B, got "string"',
      "  resources[2] (bucket 'good-bucket'): name: duplicates resources[0] (bucket 'good-bucket'); give each bucket its own name",
      '',
    ]);
    const mm = await createModelmill({ home, logLevel: 'silent' });
    expect((await mm.services.s3.listBuckets()).Buckets).toEqual([]);
    await mm.close();
  });

  it('looks for modelmill.json in the working directory and says so when absent', async () => {
    process.chdir(dir);
    const none = await cli('up');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`no modelmill.json in ${dir}; pass --config FILE`);
    config('modelmill.json', [{ kind: 'bucket', name: '${Env}-bucket' }]);
    const withParam = await cli('up', '--param', 'Env=dev');
    expect(withParam.code).toBe(0);
    expect(withParam.stdout).toContain('created bucket dev-bucket');
    expect(withParam.stdout).toContain("stack 'modelmill': 1 created");
    const down = await cli('down');
    expect(down.stdout).toContain('deleted bucket dev-bucket');
  });

  it('exits 1 naming a non-empty bucket on down, and 1 for a key schema change on up', async () => {
    const file = config('data.json', [
      { kind: 'bucket', name: 'team-data' },
      { kind: 'table', name: 'jobs', hashKey: { name: 'id' } },
    ]);
    expect((await cli('up', '--config', file)).code).toBe(0);
    const mm = await createModelmill({ home, logLevel: 'silent' });
    await mm.services.s3.putObject({ Bucket: 'team-data', Key: 'x.txt', Body: 'x' });
    await mm.close();
    const refused = await cli('down', '--config', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "bucket 'team-data' is not empty (it holds 'x.txt', among others)",
    );
    config('data.json', [
      { kind: 'bucket', name: 'team-data' },
      { kind: 'table', name: 'jobs', hashKey: { name: 'id', type: 'N' } },
    ]);
    const conflict = await cli('up', '--config', file);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('HASH id (S), but the config asks for HASH id (N)');
  });
});

describe('modelmill synth', () => {
  it('writes the template to --out, or prints it', async () => {
    const out = join(dir, 'template.json');
    const written = await cli('synth', '--config', example, '--out', out);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain(`wrote ${out}: 6 resources (stack 'storage')`);
    const template = JSON.parse(readFileSync(out, 'utf8')) as {
      Description: string;
      Resources: Record<string, unknown>;
    };
    expect(template.Description).toMatch(/^Storage for one use case/);
    expect(Object.keys(template.Resources)).toContain('DemoDevUseast1StorageInventoryStateMachine');
    const printed = await cli('synth', '--config', example, '--param', 'Prefix=acme-prod-euwest1');
    expect(JSON.parse(printed.stdout)).toMatchObject({
      Resources: {
        AcmeProdEuwest1StorageBucket: { Properties: { BucketName: 'acme-prod-euwest1-storage' } },
      },
    });
  });
});
