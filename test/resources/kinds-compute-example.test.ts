import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Modelmill } from '../../src/modelmill.js';
import { createModelmill } from '../../src/modelmill.js';
import type { CompiledResource } from '../../src/resources/index.js';
import {
  applyCompiled,
  loadResourceConfig,
  removeStack,
  synthTemplate,
} from '../../src/resources/index.js';
import { repoRoot } from '../support/shared.js';

/**
 * `examples/compute.json` end to end: applied to a temp home, its state
 * machine submits a Batch job (`batch:submitJob.sync`) to the queue it
 * declares, the job runs its host command and logs the job's parameter; the
 * same config synthesizes to CloudFormation, and down removes it all.
 */

const configFile = join(repoRoot, 'examples', 'compute.json');
const prefix = 'demo-dev-useast1';

function load(): CompiledResource[] {
  const config = loadResourceConfig(configFile);
  if (!config.ok) throw new Error(JSON.stringify(config.issues));
  return config.resources;
}

describe('examples/compute.json', () => {
  let home: string;
  let mm: Modelmill;
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'mm-compute-example-'));
    mm = await createModelmill({ home, logLevel: 'silent' });
    await mm.start();
  });
  afterAll(async () => {
    await mm.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('applies, then runs a Batch job through the state machine', async () => {
    const report = await applyCompiled(mm, load(), { stack: 'compute', source: configFile });
    expect(report.resources.map((c) => `${c.action} ${c.kind}`)).toEqual([
      'created computeEnvironment',
      'created jobQueue',
      'created image',
      'created jobDefinition',
      'created stateMachine',
    ]);
    expect(mm.services.ecr.resolve(`${prefix}-byom:latest`)).toEqual({
      kind: 'folder',
      folder: join(repoRoot, 'examples', 'byom'),
    });
    const { executionArn } = mm.engine.startExecution({
      stateMachineArn: `${prefix}-run-hello`,
      input: JSON.stringify({ who: 'the compute example' }),
    });
    const final = await mm.engine.waitFor(executionArn);
    expect([final.status, final.cause]).toEqual(['SUCCEEDED', undefined]);
    const output = JSON.parse(final.output ?? '{}') as { status: string; logStream: string };
    expect(output.status).toBe('SUCCEEDED');
    mm.logs.flush();
    const logged = mm.logs.read('/aws/batch/job', output.logStream).events.map((e) => e.message);
    expect(logged).toContain('hello from the compute example');

    const again = await applyCompiled(mm, load(), { stack: 'compute', source: configFile });
    expect(again.resources.every((c) => c.action === 'unchanged')).toBe(true);
  });

  it('synthesizes the same resources to CloudFormation', () => {
    const { template, notes } = synthTemplate(load(), { stack: 'compute' });
    expect(Object.entries(template.Resources).map(([id, r]) => `${id} ${r.Type}`)).toEqual([
      'DemoDevUseast1ComputeComputeEnvironment AWS::Batch::ComputeEnvironment',
      'DemoDevUseast1QueueJobQueue AWS::Batch::JobQueue',
      'DemoDevUseast1ByomRepository AWS::ECR::Repository',
      'DemoDevUseast1HelloJobDefinition AWS::Batch::JobDefinition',
      'DemoDevUseast1RunHelloStateMachineRole AWS::IAM::Role',
      'DemoDevUseast1RunHelloStateMachine AWS::StepFunctions::StateMachine',
    ]);
    expect(notes).toEqual([expect.stringContaining('CI builds it and pushes it')]);
  });

  it('down removes what up created, newest first', async () => {
    const report = await removeStack(mm, 'compute');
    expect(report.resources.map((c) => `${c.action} ${c.kind}`)).toEqual([
      'deleted stateMachine',
      'deleted jobDefinition',
      'deleted image',
      'deleted jobQueue',
      'deleted computeEnvironment',
    ]);
    const batch = mm.services.batch;
    expect((await batch.describeJobQueues()).jobQueues).toEqual([]);
    expect((await batch.describeComputeEnvironments()).computeEnvironments).toEqual([]);
    expect(mm.services.ecr.listMappings()).toEqual([]);
  });
});
