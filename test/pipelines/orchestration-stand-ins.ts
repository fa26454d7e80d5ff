import { clientsFromEnv } from '../../src/clients/index.js';
import type { ProgramContext } from '../../src/runtime/index.js';
import { marshall, unmarshallItem } from '../../src/services/dynamodb/index.js';

/**
 * Stand-ins for the model jobs in the orchestration tests: `standInTrain`
 * records its results on the state item as `dapm-train` does (conditional
 * on `version`), writes a small object at each model path, and fails when
 * the control object `s3://<shared>/test-control/fail.json` says so for its
 * primary key (`"once"`: the first run only, `"always"`). `standInNoop`
 * stands for evaluation and exits 0.
 */

/** Where the stand-in reads which partitions fail. */
export const CONTROL_KEY = 'test-control/fail.json';

async function failMode(
  ctx: ProgramContext,
  bucket: string,
  pk: string,
): Promise<string | undefined> {
  const clients = clientsFromEnv(ctx.env);
  try {
    const out = await clients.s3.getObject({ Bucket: bucket, Key: CONTROL_KEY });
    const control = JSON.parse(Buffer.from(out.Body).toString()) as Record<string, string>;
    return control[pk];
  } catch {
    return undefined;
  }
}

/** A training job that trains nothing: it records SUCCESS (or FAILED) for each algorithm. */
export async function standInTrain(ctx: ProgramContext): Promise<number> {
  const clients = clientsFromEnv(ctx.env);
  const a = ctx.args;
  const own = ctx.env.AWS_BATCH_JOB_ID ?? 'local';
  const key = a.prev_batch_job_id && a.prev_batch_job_id !== 'NA' ? a.prev_batch_job_id : own;
  const prefix = a.s3_training_prefix_output_path ?? '';
  const bucket = prefix.replace(/^s3:\/\//, '').split('/')[0] ?? '';
  const mode = await failMode(ctx, bucket, a.pk_id ?? '');
  const fail = mode === 'always' || (mode === 'once' && key === own);
  const algos = (a.algo_names ?? '').split(',').filter(Boolean);
  const paths = algos.map((algo) => {
    const where = `pk=${a.pk_id}/mapping=${a.mapping_id}/batchjobid=${own}/algoname=${algo}/`;
    return {
      algorithm_name: algo,
      model_s3_output_path: `${prefix}${where}model.tar.gz`,
      pred_or_eval_s3_output_path: `${a.s3_pred_or_eval_prefix_output_path ?? ''}${where}test_pred.parquet`,
    };
  });
  for (const p of paths) {
    const path = p.model_s3_output_path.replace(/^s3:\/\/[^/]+\//, '');
    await clients.s3.putObject({ Bucket: bucket, Key: path, Body: `model ${p.algorithm_name}` });
  }
  const table = a.train_statetable_name ?? a.inference_statetable_name ?? '';
  const status = algos.map((algorithm_name) => ({
    algorithm_name,
    runid: own,
    algorithm_execution_status: fail ? 'FAILED' : 'SUCCESS',
    ...(fail ? { reason: 'stand-in told to fail' } : {}),
  }));
  // Like dapm-train: a write conditional on the version, tried again when another writer won.
  for (let attempt = 0; ; attempt += 1) {
    const got = await clients.dynamodb.getItem({
      TableName: table,
      Key: { batchjob_id: { S: key } },
      ConsistentRead: true,
    });
    const version = got.Item ? Number(unmarshallItem(got.Item).version ?? 0) : 0;
    try {
      await clients.dynamodb.updateItem({
        TableName: table,
        Key: { batchjob_id: { S: key } },
        UpdateExpression:
          'SET algo_execution_status = :s, algo_final_run_s3outputpaths = :p, version = :next',
        ConditionExpression: version === 0 ? 'attribute_not_exists(version)' : 'version = :v',
        ExpressionAttributeValues: {
          ':s': marshall(status),
          ':p': marshall(fail ? [] : paths),
          ':next': { N: String(version + 1) },
          ...(version === 0 ? {} : { ':v': { N: String(version) } }),
        },
      });
      break;
    } catch (err) {
      if (attempt > 10 || (err as Error).name !== 'ConditionalCheckFailedException') throw err;
    }
  }
  ctx.logger.info(`stand-in train ${a.pk_id}/${a.mapping_id}: ${fail ? 'failing' : 'ok'}`);
  return fail ? 1 : 0;
}

/** Exits 0: stands for evaluation in the end-to-end test. */
export function standInNoop(ctx: ProgramContext): number {
  ctx.logger.info(`stand-in ${ctx.name} ran`);
  return 0;
}
