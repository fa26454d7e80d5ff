import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** `modelmill finetune`: sample tickets, then the whole workflow for one batch hour. */
describe('modelmill finetune', () => {
  const home = mkdtempSync(join(tmpdir(), 'mm-finetune-cli-'));

  it('refuses a BatchID that is not 10 digits before starting anything', async () => {
    const result = await runCli(['finetune', 'run', '--batch-id', '2026-11-21'], { home });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/InvalidBatchID.*10 digits YYYYMMDDHH/);
  });

  it('seeds the ticket database and runs both model workflows to their endpoints', async () => {
    const seeded = await runCli(['finetune', 'seed-db', '--count', '1500'], { home });
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toMatch(/wrote 1500 tickets/);
    const result = await runCli(['finetune', 'run', '--batch-id', '2026112100'], { home });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/general: SUCCEEDED → endpoint gata-general/);
    expect(result.stdout).toMatch(/finetune-complete on gata-bus/);
  }, 60_000);
});
