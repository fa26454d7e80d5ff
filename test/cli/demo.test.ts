import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('modelmill demo', () => {
  it('runs end to end on a fresh home and says where to look', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mm-demo-'));
    const result = await runCli(['demo'], { home });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/SUCCEEDED/);
    expect(result.stdout).toMatch(/bracket-a\s+xgb/);
    expect(result.stdout).toMatch(/valve-c\s+lr/);
    // A second run on the same home works too (the machine is updated, not duplicated).
    expect((await runCli(['demo'], { home })).code).toBe(0);
  }, 60_000);
});
