import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dapmEvaluation } from '../../src/pipelines/dapm/jobs/evaluation.js';
import { dapmTrain } from '../../src/pipelines/dapm/jobs/train.js';
import { generateDefectRows } from '../../src/pipelines/sample/defects.js';
import { marshallItem } from '../../src/services/dynamodb/index.js';
import type { SageMakerService } from '../../src/services/sagemaker/index.js';
import type { MlFixture } from './ml-fixture.js';
import { createMlFixture, names, parquetBytes, readParquet, rowsByPart } from './ml-fixture.js';

/**
 * Evaluation over a training run of three good partitions and one that
 * failed, against a real instance: the metric recomputed here from the
 * held-out files, the winner and champions, the model package, the meta
 * item and its dump, the three events, and the Athena tables queried.
 */
let fx: MlFixture;
let sagemaker: SageMakerService;
const parts = rowsByPart(generateDefectRows({ parts: 3, days: 60 }));
const pks = [...parts.keys()];
const image =
  '000000000000.dkr.ecr.ap-south-1.amazonaws.com/jenkins-pl-apsouth1-training-train:abc123';

type Pred = { algo: string; pk: string; actual: number; predicted: number };
let held: Pred[] = [];

const local = (uri: string) => join(fx.home, 'objects', uri.replace(/^s3:\/\//, ''));

async function trainAll(): Promise<void> {
  const jobs = [
    ...pks.map((pk, i) => ({ pk, id: `job-${i}` })),
    { pk: 'tiny-001', id: 'job-tiny' },
  ];
  await fx.writePartition('tiny-001', (parts.get(pks[0] as string) ?? []).slice(0, 4));
  for (const { pk, id } of jobs) {
    if (pk !== 'tiny-001') await fx.writePartition(pk, parts.get(pk) ?? []);
    await fx.putStateItem(id, pk);
    const { code } = await fx.call(
      dapmTrain,
      {
        s3_pk_mappingid_data_input_path: fx.partitionUri(pk),
        s3_training_prefix_output_path: `s3://${fx.shared}/training/${fx.runPath}/`,
        s3_pred_or_eval_prefix_output_path: `s3://${fx.shared}/pred_or_eval/${fx.runPath}/`,
        train_statetable_name: names.training.stateTable,
        prev_batch_job_id: 'NA',
        pk_id: pk,
        mapping_id: 'default',
        algo_names: 'lr,xgb,rf',
      },
      { AWS_BATCH_JOB_ID: id },
    );
    const item = await fx.stateItem(id);
    await fx.putStateItem(id, pk, {
      ...item,
      awsbatch_job_status_overall: code === 0 ? 'SUCCEEDED' : 'FAILED',
    });
    for (const o of code === 0 ? (item?.algo_final_run_s3outputpaths ?? []) : []) {
      for (const row of await readParquet(local(o.pred_or_eval_s3_output_path))) {
        held.push({
          algo: o.algorithm_name,
          pk,
          actual: row.actual as number,
          predicted: row.predicted as number,
        });
      }
    }
  }
}

beforeAll(async () => {
  fx = await createMlFixture('training');
  sagemaker = await fx.sagemaker();
  await sagemaker.createModelPackageGroup({ ModelPackageGroupName: names.modelPackageGroup });
  held = [];
  await trainAll();
  // A failed first run's leftover, which the state table no longer names: evaluation must not read it.
  await fx.mm.services.s3.putObject({
    Bucket: fx.shared,
    Key: `pred_or_eval/${fx.runPath}/pk=${pks[0]}/mapping=default/batchjobid=stale/algoname=lr/test_pred.parquet`,
    Body: await parquetBytes(
      [{ actual: 1, predicted: 1e9 }],
      "{'actual': 'DOUBLE', 'predicted': 'DOUBLE'}",
    ),
  });
  await fx.mm.services.dynamodb.putItem({
    TableName: names.training.metaTable,
    Item: marshallItem({
      metaKey: 'fixedlookupkey',
      ...fx.glueArgs(),
      step_job_id: fx.stepJobId,
      algo_names: ['lr', 'xgb', 'rf'],
      pk_column: 'part_name',
      mapping_column: 'default',
      commit_id: 'abc123',
      job_image: image,
      dq_status: { training_data: 'Passed' },
      stage_times: {
        gatekeeper: { start_time: '2024-06-30T00:00:00Z', end_time: '2024-06-30T00:00:05Z' },
      },
      jobs_submitted: 4,
      jobs_succeeded: 3,
      jobs_failed: 1,
    }),
  });
  const items = await Promise.all(
    ['job-0', 'job-1', 'job-2', 'job-tiny'].map((id) => fx.stateItem(id)),
  );
  await fx.mm.services.s3.putObject({
    Bucket: fx.shared,
    Key: `debug/${fx.runPath}/step_job_overall_summary.json`,
    Body: items.map((i) => JSON.stringify(i)).join('\n'),
  });
}, 60_000);

afterAll(async () => {
  await fx.close();
});

const rmse = (rows: Pred[]) =>
  Math.sqrt(rows.reduce((s, r) => s + (r.actual - r.predicted) ** 2, 0) / rows.length);

function topK(rows: Pred[], k: number): number {
  const top = (key: 'actual' | 'predicted') =>
    rows
      .map((r, i) => ({ v: r[key], i }))
      .sort((a, b) => b.v - a.v || a.i - b.i)
      .slice(0, k)
      .map((x) => x.i);
  const actual = new Set(top('actual'));
  return top('predicted').filter((i) => actual.has(i)).length / k;
}

describe('dapm-evaluation', () => {
  it('ranks the algorithms by pooled RMSE, registers the winner and publishes tables and events', async () => {
    const { code, lines } = await fx.call(dapmEvaluation, fx.glueArgs());
    expect(code, lines.join('\n')).toBe(0);
    const expected = ['lr', 'rf', 'xgb']
      .map((algo) => ({ algo, value: rmse(held.filter((h) => h.algo === algo)) }))
      .sort((a, b) => a.value - b.value);
    expect(held).toHaveLength(3 * 3 * 12);
    const summaryUri = `s3://${fx.shared}/model_eval_summary/${fx.runPath}/part-0.parquet`;
    const summary = await readParquet(local(summaryUri));
    expect(
      summary.map((r) => [r.algoname, r.rank, r.metric_name, r.partitions, r.rows_scored]),
    ).toEqual(expected.map((e, i) => [e.algo, i + 1, 'rmse', 3, 36]));
    summary.forEach((r, i) => expect(r.metric_value).toBeCloseTo(expected[i]?.value ?? NaN, 10));
    expect(summary[0]).toMatchObject({
      year: '2024',
      month: '06',
      day: '30',
      stepjobid: fx.stepJobId,
    });

    const winner = expected[0]?.algo;
    const meta = (
      await fx.mm.services.dynamodb.getItem({
        TableName: names.training.metaTable,
        Key: { metaKey: { S: 'fixedlookupkey' } },
      })
    ).Item;
    expect(meta?.algo_with_highest_score).toEqual({ S: winner });
    expect(meta?.metric_name).toEqual({ S: 'rmse' });
    const arn = (meta?.model_package_arn as { S?: string } | undefined)?.S ?? '';
    const pkg = await sagemaker.describeModelPackage({ ModelPackageName: arn });
    expect(pkg).toMatchObject({
      ModelPackageGroupName: names.modelPackageGroup,
      ModelApprovalStatus: 'PendingManualApproval',
      CustomerMetadataProperties: {
        winning_algo: winner,
        winning_algo_metric: String(summary[0]?.metric_value),
        winningalgos3uri: `s3://${fx.shared}/training/${fx.runPath}/`,
      },
      MetadataProperties: {
        CommitId: 'abc123',
        GeneratedBy: 'framework_evaluation',
        ProjectId: 'jenkins',
        Repository: 'github/example/dapm-use-case.git',
      },
      InferenceSpecification: {
        Containers: [{ Image: image }],
        SupportedContentTypes: ['text/csv'],
        SupportedResponseMIMETypes: ['text/csv'],
      },
    });

    const events = fx.mm.services.events.listEvents().filter((e) => e.bus === names.bus);
    expect(events.map((e) => [e.source, e.detailType]).sort()).toEqual([
      ['jenkins.dataquality', 'data_quality_event'],
      ['jenkins.feature_store', 'feature_store_event'],
      ['jenkins.modelquality', 'model_monitoring_event'],
    ]);
    for (const e of events) {
      const detail = e.event.detail as Record<string, string>;
      expect(Object.keys(detail).every((k) => k.startsWith('--'))).toBe(true);
      expect(detail).toMatchObject({
        '--year': '2024',
        '--stepjobid': fx.stepJobId,
        '--usecase_name': 'jenkins',
      });
    }
    const quality = events.find((e) => e.source === 'jenkins.modelquality')?.event.detail as Record<
      string,
      string
    >;
    expect(quality['--winning_algo']).toBe(winner);
    expect(quality['--model_package_arn']).toBe(arn);

    const athena = fx.mm.services.athena;
    const where = `year = '2024' AND month = '06' AND day = '30' AND stepjobid = '${fx.stepJobId}'`;
    const ranked = await athena.query(
      `SELECT algoname, metric_value FROM "default".model_eval_summary WHERE ${where} ORDER BY rank`,
    );
    expect(ranked.rows.map((r) => r.algoname)).toEqual(expected.map((e) => e.algo));
    const metaRows = await athena.query(
      `SELECT algo_with_highest_score, metric_name, commit_id, jobs_failed, algo_score, dq_status, stage_times['evaluation'].end_time AS ended FROM "default".metatable WHERE ${where}`,
    );
    expect(metaRows.rows).toHaveLength(1);
    expect(metaRows.rows[0]).toMatchObject({
      algo_with_highest_score: winner,
      metric_name: 'rmse',
      commit_id: 'abc123',
      jobs_failed: 1,
    });
    expect(JSON.parse(String(metaRows.rows[0]?.dq_status))).toEqual({ training_data: 'Passed' });
    expect(metaRows.rows[0]?.ended).toMatch(/^\d{4}-\d\d-\d\dT/);
    const models = await athena.query(
      `SELECT pk, p.model_s3_output_path AS model FROM "default".debug CROSS JOIN UNNEST(algo_final_run_s3outputpaths) AS t(p) WHERE ${where} AND awsbatch_job_status_overall = 'SUCCEEDED'`,
    );
    expect(models.rows).toHaveLength(9);
    const champions = await athena.query(
      `SELECT pk, champion_algo, champion_metric, algo_metrics['lr'] AS lr FROM "default".partition_champions WHERE ${where} ORDER BY pk`,
    );
    expect(champions.rows.map((r) => r.pk)).toEqual([...pks].sort());
    for (const row of champions.rows) {
      const per = ['lr', 'rf', 'xgb'].map((algo) => ({
        algo,
        value: rmse(held.filter((h) => h.algo === algo && h.pk === row.pk)),
      }));
      const best = per.sort((a, b) => a.value - b.value)[0];
      expect(row.champion_algo).toBe(best?.algo);
      expect(row.champion_metric).toBeCloseTo(best?.value ?? NaN, 10);
      expect(row.lr).toBeCloseTo(per.find((p) => p.algo === 'lr')?.value ?? NaN, 10);
    }
  }, 60_000);

  it('scores the top-K overlap per partition when asked, higher being better', async () => {
    const { code, lines } = await fx.call(
      dapmEvaluation,
      fx.glueArgs({ evaluation_metric: 'topk_overlap', evaluation_top_k: '3' }),
    );
    expect(code, lines.join('\n')).toBe(0);
    const expected = ['lr', 'rf', 'xgb']
      .map((algo) => ({
        algo,
        value:
          pks.reduce(
            (s, pk) =>
              s +
              topK(
                held.filter((h) => h.algo === algo && h.pk === pk),
                3,
              ),
            0,
          ) / pks.length,
      }))
      .sort((a, b) => b.value - a.value || a.algo.localeCompare(b.algo));
    const summary = await readParquet(
      local(`s3://${fx.shared}/model_eval_summary/${fx.runPath}/part-0.parquet`),
    );
    expect(summary.map((r) => [r.algoname, r.metric_name])).toEqual(
      expected.map((e) => [e.algo, 'topk_overlap']),
    );
    summary.forEach((r, i) => expect(r.metric_value).toBeCloseTo(expected[i]?.value ?? NaN, 12));
    const packages = await sagemaker.listModelPackages({
      ModelPackageGroupName: names.modelPackageGroup,
    });
    expect(packages.ModelPackageSummaryList).toHaveLength(2);
  }, 60_000);

  it('fails with the reason when the metric does not fit the target', async () => {
    const { code, lines } = await fx.call(dapmEvaluation, fx.glueArgs({ evaluation_metric: 'f1' }));
    expect(code).toBe(1);
    expect(lines.join('\n')).toContain(
      "evaluation_metric 'f1' does not apply to a regression target",
    );
  });

  it('gives the same summary when it reads and writes through the S3 API', async () => {
    const summaryFile = local(`s3://${fx.shared}/model_eval_summary/${fx.runPath}/part-0.parquet`);
    const { code, lines } = await fx.call(dapmEvaluation, fx.glueArgs());
    expect(code, lines.join('\n')).toBe(0);
    const local1 = await readParquet(summaryFile);
    rmSync(summaryFile);
    const remote = await fx.call(dapmEvaluation, fx.glueArgs(), { MODELMILL_HOME: '' });
    expect(remote.code, remote.lines.join('\n')).toBe(0);
    const remote1 = await readParquet(summaryFile);
    expect(remote1.map((r) => [r.algoname, r.metric_value, r.rows_scored])).toEqual(
      local1.map((r) => [r.algoname, r.metric_value, r.rows_scored]),
    );
  }, 60_000);
});
