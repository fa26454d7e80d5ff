import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Modelmill } from '../../src/modelmill.js';
import { createModelmill } from '../../src/modelmill.js';
import { applyDapmModule } from '../../src/pipelines/dapm/module.js';
import type { DapmNames } from '../../src/pipelines/dapm/names.js';
import { loadInputs, startRun } from '../../src/pipelines/dapm/run.js';

/**
 * The model jobs inside the real pipeline: the DAPM module applied with its
 * sample data, a training run (gatekeeper, preprocessing, dapm-train on
 * Batch, status checks, dapm-evaluation, cleanup), the model package
 * approved, and an inference run (dapm-infer, dapm-inference-summary).
 */
let mm: Modelmill;
let home: string;
let names: DapmNames;
const PARTS = 10;
const SCORING_DAYS = 12;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'mm-ml-e2e-'));
  mm = await createModelmill({ home, logLevel: 'silent', region: 'ap-south-1', timeScale: 0.01 });
  await mm.start();
  ({ names } = await applyDapmModule(mm, {
    useCase: 'jenkins',
    env: 'pl',
    region: 'ap-south-1',
    sampleData: { parts: PARTS, days: 40, scoringDays: SCORING_DAYS },
  }));
}, 60_000);

afterAll(async () => {
  await mm.close();
  rmSync(home, { recursive: true, force: true });
});

async function run(ctx: 'training' | 'inferencing') {
  const execution = startRun(mm, ctx, await loadInputs(mm, ctx, names), names);
  return mm.engine.waitFor(execution.arn);
}

describe('the model jobs in the DAPM pipeline', () => {
  it('train, evaluate, register, and after approval score every partition', async () => {
    const training = await run('training');
    expect([training.status, training.error, training.cause]).toEqual([
      'SUCCEEDED',
      undefined,
      undefined,
    ]);
    const { athena, sagemaker, events, ssm } = mm.services;
    const summary = await athena.query(
      'SELECT algoname, rank, partitions FROM "default".model_eval_summary ORDER BY rank',
    );
    expect(summary.rows.map((r) => r.partitions)).toEqual([PARTS, PARTS, PARTS]);
    expect(summary.rows.map((r) => r.algoname).sort()).toEqual(['lr', 'rf', 'xgb']);
    const champions = await athena.query('SELECT count(*) AS n FROM "default".partition_champions');
    expect(champions.rows).toEqual([{ n: PARTS }]);
    const quality = events.listEvents().filter((e) => e.bus === names.bus);
    expect(quality.map((e) => e.detailType).sort()).toEqual([
      'data_quality_event',
      'feature_store_event',
      'model_monitoring_event',
    ]);
    const [pkg] = (
      await sagemaker.listModelPackages({ ModelPackageGroupName: names.modelPackageGroup })
    ).ModelPackageSummaryList;
    expect(pkg?.ModelApprovalStatus).toBe('PendingManualApproval');

    await sagemaker.updateModelPackage({
      ModelPackageArn: pkg?.ModelPackageArn ?? '',
      ModelApprovalStatus: 'Approved',
    });
    const winner = async () => {
      for (let i = 0; i < 100; i++) {
        await events.idle();
        const value = await ssm
          .getParameter({ Name: names.winnerAlgorithmParam })
          .then((p) => p.Parameter.Value)
          .catch(() => undefined);
        if (value && value !== 'default') return value;
        await new Promise((r) => setTimeout(r, 50));
      }
      return undefined;
    };
    expect(await winner()).toBe(summary.rows[0]?.algoname);

    const inference = await run('inferencing');
    expect([inference.status, inference.error, inference.cause]).toEqual([
      'SUCCEEDED',
      undefined,
      undefined,
    ]);
    const scored = await athena.query(
      'SELECT algoname, count(*) AS parts, sum(rows_scored) AS n FROM "default".inference GROUP BY algoname ORDER BY algoname',
    );
    expect(scored.rows.find((r) => r.algoname === summary.rows[0]?.algoname)).toEqual({
      algoname: summary.rows[0]?.algoname,
      parts: PARTS,
      n: PARTS * SCORING_DAYS,
    });
    const dq = events
      .listEvents()
      .filter(
        (e) =>
          e.bus === names.bus &&
          (e.event.detail as Record<string, string>)['--source'] === 'scoring_data',
      );
    expect(dq).toHaveLength(1);
  }, 120_000);
});
