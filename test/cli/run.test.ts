import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** `modelmill run` refuses what it cannot run, saying what to add. */
describe('modelmill run, bad input', () => {
  const home = mkdtempSync(join(tmpdir(), 'mm-run-cli-'));

  it('asks for the use case when neither flags nor inputs name it', async () => {
    const result = await runCli(['run', 'training'], { home });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/MissingUseCase.*--use-case NAME --env ENV --region REGION/);
  });

  it('names an inputs file that cannot be read', async () => {
    const result = await runCli(['run', 'training', '--inputs', join(home, 'nope.json')], {
      home,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/InvalidInputs.*cannot read --inputs '.*nope\.json'/);
  });

  it('says which flag to add when the inputs name no resource to take the environment from', async () => {
    const file = join(home, 'inputs.json');
    writeFileSync(
      file,
      JSON.stringify({ training_inputs: { use_case_name: 'jenkins', region: 'ap-south-1' } }),
    );
    const result = await runCli(['run', 'training', '--inputs', file], { home });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/inputs\.json does not say which environment/);
    expect(result.stderr).toMatch(/jenkins-pl-apsouth1-training-internal.*pass --env ENV$/m);
  });
});
