import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** The README's first command: on a fresh home, the whole DAPM loop. */
describe('modelmill demo', () => {
  it('trains, approves and infers the sample use case end to end, and says where to look', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mm-demo-'));
    const result = await runCli(['demo', '--parts', '12', '--days', '40'], { home });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/1\. applied the DAPM modules for 'demo'/);
    expect(result.stdout).toMatch(/winner: (lr|xgb|rf) \(rmse \d+\.\d+\)/);
    expect(result.stdout).toMatch(/per-partition champions \(12 partitions\)/);
    expect(result.stdout).toMatch(
      /3\. approved arn:aws:sagemaker:[^ ]+model-package\/demo-local-useast1-dapf-mpg\/1/,
    );
    expect(result.stdout).toMatch(/scored \d+ rows in 12 partitions with (lr|xgb|rf)/);
    const mails = readdirSync(join(home, 'outbox')).map((f) =>
      readFileSync(join(home, 'outbox', f), 'utf8'),
    );
    expect(mails.some((m) => m.includes('Subject: demo Training Status: SUCCEEDED'))).toBe(true);
    expect(mails.some((m) => m.includes('Subject: demo Inference Status: SUCCEEDED'))).toBe(true);
    // A second run on the same home works too: resources unchanged, a new training and inference.
    const again = await runCli(['demo', '--parts', '12', '--days', '40'], { home });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/3\. approved [^ ]+dapf-mpg\/2/);
  }, 180_000);
});
