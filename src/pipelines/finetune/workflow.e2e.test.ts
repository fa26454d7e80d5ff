import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDefinition } from '../../asl/index.js';
import type { Modelmill } from '../../modelmill.js';
import { createModelmill } from '../../modelmill.js';
import type { FinetuneConfig } from './inputs.js';
import { endpointName, modelWorkflowDefinition } from './model-workflow.js';
import { applyFinetuneModule, finetuneWorkflow } from './module.js';
import { SAMPLE_LABELS, seedTicketDatabase } from './sample-tickets.js';
import { finetuneWorkflowDefinition } from './workflow.js';

/**
 * The whole fine-tune workflow on a real instance: the module applied, the
 * ticket database seeded, the parent state machine started with a BatchID.
 */
let mm: Modelmill;
let home: string;
let c: FinetuneConfig;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'mm-finetune-'));
  mm = await createModelmill({ home, logLevel: 'silent', timeScale: 0.002 });
  await mm.start();
  c = (await applyFinetuneModule(mm)).config;
}, 60_000);

afterAll(async () => {
  await mm.close();
  rmSync(home, { recursive: true, force: true });
});

async function run(batchId: string, name: string) {
  const { executionArn } = mm.engine.startExecution({
    stateMachineArn: c.workflow_name,
    name,
    input: JSON.stringify({ BatchID: batchId }),
  });
  const final = await mm.engine.waitFor(executionArn);
  return {
    final,
    output: final.output ? (JSON.parse(final.output) as Record<string, unknown>) : {},
  };
}

async function lines(key: string): Promise<Array<{ id: number; text: string; label: number }>> {
  const out = await mm.services.s3.getObject({ Bucket: c.s3_bucket_name, Key: key });
  return Buffer.from(out.Body)
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: number; text: string; label: number });
}

async function invoke(model: 'general' | 'low_volume', text: string): Promise<unknown> {
  const out = await mm.services.sagemaker.invokeEndpoint({
    EndpointName: endpointName(c, model),
    Body: JSON.stringify({ text }),
    ContentType: 'application/json',
  });
  return JSON.parse(Buffer.from(out.Body).toString('utf8'));
}

describe('fine-tune workflow definitions', () => {
  it('are valid ASL', () => {
    const { config } = finetuneWorkflow();
    for (const d of [
      finetuneWorkflowDefinition(config),
      modelWorkflowDefinition(config, 'general'),
      modelWorkflowDefinition(config, 'low_volume'),
    ]) {
      expect(validateDefinition(d).diagnostics).toEqual([]);
    }
  });
});

describe('fine-tune module', () => {
  it('applies idempotently: a second apply changes nothing', async () => {
    const { report } = await applyFinetuneModule(mm);
    expect(report.resources).toHaveLength(11);
    expect(report.resources.filter((r) => r.action !== 'unchanged')).toEqual([]);
  });
});

describe('fine-tune workflow end to end', () => {
  it('preps the data, fine-tunes and deploys both models, and says finetune-complete', async () => {
    seedTicketDatabase(home, c.db_cluster_arn);
    const { final, output } = await run('2026112100', 'both');
    expect([final.status, final.error, final.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
    expect(output.models).toEqual([
      expect.objectContaining({ model: 'general', status: 'SUCCEEDED' }),
      expect.objectContaining({ model: 'low_volume', status: 'SUCCEEDED' }),
    ]);
    const general = await lines('training/gata-general/2026112100/train/data.json');
    const generalTest = await lines('training/gata-general/2026112100/test/data.json');
    const lowVol = await lines('training/gata-low-vol/2026112100/train/data.json');
    await lines('training/gata-low-vol/2026112100/test/data.json');
    expect(generalTest.length / (general.length + generalTest.length)).toBeCloseTo(0.1, 1);
    // Low-volume tickets ask the low-volume model (label 0); its own set holds labels 7-10, not 11 (< 10 rows).
    expect(new Set(general.map((r) => r.label))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]));
    expect(new Set(lowVol.map((r) => r.label))).toEqual(new Set([7, 8, 9, 10]));
    for (const model of ['general', 'low_volume'] as const) {
      const endpoint = await mm.services.sagemaker.describeEndpoint({
        EndpointName: endpointName(c, model),
      });
      expect(endpoint.EndpointStatus).toBe('InService');
    }
    expect(await invoke('general', 'hi team, password reset link never arrives')).toEqual({
      predictions: [{ label: 2, score: expect.any(Number) }],
    });
    expect(await invoke('low_volume', 'paper jam on the second floor printer')).toEqual({
      predictions: [{ label: 8, score: expect.any(Number) }],
    });
    const events = mm.services.events.listEvents({ bus: c.event_bus_name });
    expect(events.map((e) => [e.event.source, e.event['detail-type'], e.event.detail])).toEqual([
      ['gata', 'finetune-complete', { batch_id: '2026112100' }],
    ]);
  }, 120_000);

  it('skips the low-volume model when too few low-volume tickets, relabelling them to the fallback', async () => {
    // Only one low-volume label has 10 tickets in a year: no low-volume model.
    const labels = SAMPLE_LABELS.map((l) => (l.label >= 8 ? { ...l, share: 0.2 } : l));
    seedTicketDatabase(home, c.db_cluster_arn, { labels, count: 2000 });
    const { final, output } = await run('2026112101', 'general-only');
    expect([final.status, final.error, final.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
    expect(output.models).toEqual([
      expect.objectContaining({ model: 'general', status: 'SUCCEEDED' }),
      { model: 'low_volume', status: 'SKIPPED' },
    ]);
    const general = await lines('training/gata-general/2026112101/train/data.json');
    expect(general.some((r) => r.label === 99)).toBe(true);
    expect(general.some((r) => r.label === 0)).toBe(false);
    const missing = await mm.services.s3
      .getObject({
        Bucket: c.s3_bucket_name,
        Key: 'training/gata-low-vol/2026112101/train/data.json',
      })
      .catch((e: { code?: string }) => e.code);
    expect(missing).toBe('NoSuchKey');
    // The general endpoint existed: this run updated it.
    const endpoint = await mm.services.sagemaker.describeEndpoint({
      EndpointName: endpointName(c, 'general'),
    });
    expect(endpoint.EndpointStatus).toBe('InService');
    expect(endpoint.EndpointConfigName).toContain('gata-general-2026112101-');
  }, 120_000);
});

describe('fine-tune workflow on bad input', () => {
  it('fails with DataPrepFailed for a BatchID that is not 10 digits, pointing at the log that says why', async () => {
    const { final } = await run('20261121', 'bad-batch');
    expect([final.status, final.error]).toEqual(['FAILED', 'DataPrepFailed']);
    const stream = / (\S+)$/.exec(final.cause ?? '')?.[1] ?? '';
    expect(final.cause).toMatch(
      /^the data-prep task for BatchID 20261121 failed \(States.TaskFailed\); its log says why: modelmill logs \/ecs\/gata-data-prep data-prep\/data-prep\/[0-9a-f]+$/,
    );
    mm.logs.flush();
    const text = mm.logs
      .read('/ecs/gata-data-prep', stream)
      .events.map((e) => e.message)
      .join('\n');
    expect(text).toMatch(/BatchID '20261121' is not 10 digits/);
    // The task definition was deregistered after the failure too.
    const { taskDefinitionArns } = await mm.services.ecs.listTaskDefinitions({
      familyPrefix: 'gata-data-prep',
      status: 'ACTIVE',
    });
    expect(taskDefinitionArns).toEqual([]);
  }, 60_000);

  it('fails with ConfigMissing naming the image parameter that is not in SSM', async () => {
    await mm.services.ssm.deleteParameter({ Name: '/gata/dev/image/version-finetune' });
    try {
      const { final } = await run('2026112100', 'no-image');
      expect([final.status, final.error]).toEqual(['FAILED', 'ConfigMissing']);
      expect(final.cause).toMatch(
        /^SSM parameter\(s\) \/gata\/dev\/image\/version-finetune missing: put each image version/,
      );
    } finally {
      await applyFinetuneModule(mm);
    }
  }, 60_000);
});
