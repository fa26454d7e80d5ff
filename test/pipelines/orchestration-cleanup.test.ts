import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup } from '../../src/pipelines/dapm/jobs/cleanup.js';
import { gatekeeper } from '../../src/pipelines/dapm/jobs/gatekeeper.js';
import { preprocessing } from '../../src/pipelines/dapm/jobs/preprocessing.js';
import { submit } from '../../src/pipelines/dapm/jobs/submit.js';
import { marshallItem, unmarshallItem } from '../../src/services/dynamodb/index.js';
import type { DapmFixture } from './orchestration-fixture.js';
import {
  REGION,
  createDapmFixture,
  names,
  programContext,
  putSampleInputs,
  runPath,
  sampleRows,
  stepJobId,
} from './orchestration-fixture.js';

/**
 * Cleanup after a failed run with jobs still queued: terminations, deletions
 * of this run's items only, the final meta dump, the flag, and the mail; and
 * a cleanup that cannot finish exits non-zero after saying so in the mail.
 */
let fx: DapmFixture;
const n = names.training;

function emls(outbox: string): string[] {
  return readdirSync(outbox)
    .filter((f) => f.endsWith('.eml'))
    .sort();
}

/** The decoded text of every mail in the outbox, oldest first. */
async function mails(count: number): Promise<string[]> {
  const outbox = join(fx.home, 'outbox');
  for (let i = 0; i < 100; i += 1) {
    if (existsSync(outbox) && emls(outbox).length >= count) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return emls(outbox).map((f) => {
    const latin1 = readFileSync(join(outbox, f), 'latin1')
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(latin1, 'latin1').toString('utf8');
  });
}

async function scanPks(table: string): Promise<string[]> {
  const out = await fx.mm.services.dynamodb.scan({ TableName: table });
  return (out.Items ?? []).map((i) => String(unmarshallItem(i).step_job_id)).sort();
}

beforeAll(async () => {
  fx = await createDapmFixture();
  await fx.mm.services.batch.updateComputeEnvironment({
    computeEnvironment: n.computeEnvironment,
    state: 'DISABLED',
  });
  await putSampleInputs(fx, 'training', { rows: sampleRows(2, 12) });
  const steps: Array<[typeof gatekeeper, Record<string, string>]> = [
    [gatekeeper, fx.args('training')],
    [
      preprocessing,
      {
        train_metatable_name: n.metaTable,
        region: REGION,
        execution_id: fx.args('training').execution_id ?? '',
      },
    ],
    [submit, fx.args('training')],
  ];
  for (const [fn, args] of steps) {
    const c = programContext('step', args, fx.env);
    expect(await fn(c), c.lines.join('\n')).toBe(0);
    c.cleanup();
  }
  // Another run's items, which cleanup must leave alone.
  const other = { step_job_id: 'other-run' };
  await fx.mm.services.dynamodb.putItem({
    TableName: n.inputTable,
    Item: marshallItem({ pk_mappingid: 'x|default', ...other }),
  });
  await fx.mm.services.dynamodb.putItem({
    TableName: n.stateTable,
    Item: marshallItem({ batchjob_id: 'other-job', ...other }),
  });
}, 60_000);

afterAll(async () => {
  await fx.close();
});

describe('dapm-cleanup', () => {
  it('terminates queued jobs, deletes only this run, dumps the final meta item and mails the failure', async () => {
    const jobIds = (await fx.mm.services.dynamodb.scan({ TableName: n.stateTable })).Items?.map(
      (i) => String(unmarshallItem(i).batchjob_id),
    ).filter((id) => id !== 'other-job');
    expect(jobIds).toHaveLength(2);
    const args = fx.args('training', { run_status: 'FAILED', run_error: 'States.TaskFailed' });
    const c = programContext('dapm-cleanup', args, fx.env);
    expect(await cleanup(c), c.lines.join('\n')).toBe(0);
    c.cleanup();

    const { jobs } = await fx.mm.services.batch.describeJobs({ jobs: jobIds ?? [] });
    expect(jobs.map((j) => [j.status, j.statusReason])).toEqual([
      ['FAILED', 'DAPM run ended: terminated by cleanup'],
      ['FAILED', 'DAPM run ended: terminated by cleanup'],
    ]);
    expect(await scanPks(n.inputTable)).toEqual(['other-run']);
    expect(await scanPks(n.stateTable)).toEqual(['other-run']);
    expect((await fx.mm.services.dynamodb.scan({ TableName: n.metaTable })).Items).toEqual([]);
    const flag = await fx.mm.services.ssm.getParameter({ Name: n.completeStatusParam });
    expect(flag.Parameter.Value).toBe('False');

    const dump = await fx.mm.services.s3.getObject({
      Bucket: n.sharedBucket,
      Key: `meta/${runPath('training')}/meta_ddb_table.json`,
    });
    const meta = JSON.parse(Buffer.from(dump.Body).toString()) as Record<string, any>;
    expect(meta).toMatchObject({
      step_job_id: stepJobId('training'),
      run_status: 'FAILED',
      jobs_submitted: 2,
    });
    expect(meta.end_to_end_seconds).toBeGreaterThan(0);
    expect(Object.keys(meta.stage_times).sort()).toEqual([
      'cleanup',
      'gatekeeper',
      'preprocessing',
      'submit',
    ]);

    const [mail] = await mails(1);
    expect(mail).toContain('Subject: jenkins Training Status: FAILED');
    expect(mail).toContain(
      `DAPM training run ${stepJobId('training')} of use case jenkins: FAILED`,
    );
    expect(mail).toContain('Partitions: 2 — 0 succeeded, 0 failed, 2 unfinished (terminated)');
    expect(mail).toContain('Error: States.TaskFailed');
    expect(mail).toContain(
      `models          s3://${n.sharedBucket}/training/${runPath('training')}/`,
    );
  });

  it('succeeds when the meta item is already gone, and mails a success', async () => {
    rmSync(join(fx.home, 'outbox'), { recursive: true, force: true });
    const args = fx.args('training', { run_status: 'SUCCEEDED', run_error: '' });
    const c = programContext('dapm-cleanup', args, fx.env);
    expect(await cleanup(c), c.lines.join('\n')).toBe(0);
    c.cleanup();
    const [mail] = await mails(1);
    expect(mail).toContain('Subject: jenkins Training Status: SUCCEEDED');
    expect(mail).not.toContain('Error:');
  });

  it('exits non-zero when it cannot clean up, after mailing what it could not do', async () => {
    rmSync(join(fx.home, 'outbox'), { recursive: true, force: true });
    const args = fx.args('training', {
      run_status: 'SUCCEEDED',
      run_error: '',
      train_inputtable_name: 'no-such-table',
    });
    const c = programContext('dapm-cleanup', args, fx.env);
    expect(await cleanup(c)).toBe(1);
    c.cleanup();
    const errors = c.lines.filter((l) => l.startsWith('error'));
    expect(errors.at(-1)).toMatch(
      /^error dapm-cleanup failed: read the input items: .*no-such-table/,
    );
    const [mail] = await mails(1);
    expect(mail).toContain('Cleanup could not finish:');
    expect(mail).toContain('read the input items');
  });
});
