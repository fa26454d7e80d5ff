import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createModelmill } from '../../src/modelmill.js';
import {
  contextInputs,
  dapmNames,
  parseInputsDocument,
  writeSampleData,
} from '../../src/pipelines/index.js';
import { runCli } from '../support/cli.js';
import { sharedDir } from '../support/shared.js';

/**
 * The seed documents' sample inputs, copied from the documents as they are,
 * run through `modelmill run training --inputs FILE`.
 */
const seeds = sharedDir('seeds');

function block(file: string, language: string): string {
  const text = readFileSync(join(seeds!, file), 'utf8');
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(text);
  if (!match?.[1]) throw new Error(`no ${language} block in ${file}`);
  return match[1];
}

const env = { MODELMILL_TIME_SCALE: '0.01' };

describe.skipIf(!seeds)('seed inputs', () => {
  it('runs the training inputs of seed 000 (HCL) against the module applied with its names', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mm-seed000-'));
    const file = join(home, 'inputs.hcl');
    writeFileSync(file, block('000_38b0df34158099a4.txt', 'hcl'));
    const up = await runCli(
      [
        'up',
        '--module',
        'dapm',
        '--use-case',
        'jenkins',
        '--env',
        'pl',
        '--region',
        'ap-south-1',
        '--sample-data',
      ],
      { home },
    );
    expect(up.code).toBe(0);
    const run = await runCli(['run', 'training', '--inputs', file], { home, env });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /training run SUCCEEDED: [^ ]+jenkins-pl-apsouth1-modelops-training-orchestrator/,
    );
    expect(run.stdout).toMatch(/winner: (lr|xgb|rf)/);
    expect(run.code).toBe(0);
  }, 180_000);

  it('runs the older JSON inputs of seed 001 (with # comments) on resources named after them', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mm-seed001-'));
    const text = block('001_313046480272482c.txt', 'json');
    const file = join(home, 'inputs.json');
    writeFileSync(file, text);
    // Seed 001 names its own buckets and tables: put the sample data where those inputs point.
    const inputs = contextInputs(parseInputsDocument(text, file), 'training', file);
    const base = dapmNames({ useCase: 'msil', env: 'poc', region: 'ap-south-1' });
    const internal = inputs.s3_bucket_name_internal ?? '';
    const names = {
      ...base,
      training: { ...base.training, internalBucket: internal },
      inferencing: { ...base.inferencing, internalBucket: internal },
    };
    const mm = await createModelmill({ home, logLevel: 'silent' });
    await writeSampleData(mm, names, inputs.use_case_name ?? '', { parts: 12, days: 40 });
    await mm.close();
    const run = await runCli(['run', 'training', '--inputs', file], { home, env });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /training run SUCCEEDED: [^ ]+msil-poc-apsouth1-modelops-training-orchestrator/,
    );
    expect(run.code).toBe(0);
  }, 180_000);

  it('names a missing input key and the key it would be derived from', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mm-seed-bad-'));
    const file = join(home, 'inputs.json');
    writeFileSync(
      file,
      JSON.stringify({
        region: 'ap-south-1',
        use_case_name: 'x',
        s3_bucket_name_shared: 'x-pl-apsouth1-training-shared',
      }),
    );
    const run = await runCli(['run', 'inference', '--inputs', file], { home, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /MissingInputs.*mapping_json_S3_inference_path \(would be derived from mapping_json_S3_path/,
    );
  }, 60_000);
});
