import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingJobDescription } from '../../src/services/sagemaker/index.js';
import { sharedDir } from '../support/shared.js';
import type { WorkflowHarness } from './sagemaker-engine.js';
import { createWorkflowHarness } from './sagemaker-engine.js';
import { byomFolder, sampleData } from './sagemaker-fixture.js';

/**
 * The real definitions that drive SageMaker, run unchanged on the embedded
 * services: the gata model workflow (JSONata; training with metrics parsed
 * from the log, createModel, createEndpointConfig, updateEndpoint falling
 * back to createEndpoint, describeEndpoint polling) and the slalom MLOps
 * batch-transform and endpoint variants (Glue transform, five functions by
 * bare ARN, Bayesian tuning of a bring-your-own image, accuracy gate,
 * createModel, batch transform or endpoint).
 */

const gataFile = sharedDir('reference', 'asl', 'gata-model-workflow-general.asl.json');
const batchFile = sharedDir('reference', 'asl', 'slalom-mlops-batch-transform.asl.json');
const endpointFile = sharedDir('reference', 'asl', 'slalom-mlops-endpoint.asl.json');

let h: WorkflowHarness;
beforeAll(async () => {
  h = await createWorkflowHarness();
});
afterAll(async () => h?.close());

function entered(h: WorkflowHarness, executionArn: string): string[] {
  return h.engine
    .getExecutionHistory({ executionArn, maxResults: 10_000 })
    .items.flatMap((e) => (e.type.endsWith('StateEntered') ? [String(e.details?.name)] : []));
}

const FINETUNE_TRAIN = `#!/bin/sh
set -e
test -n "$(ls "$SM_CHANNEL_TRAIN")" && test -n "$(ls "$SM_CHANNEL_TEST")"
rows=$(cat "$SM_CHANNEL_TRAIN"/* | wc -l | tr -d ' ')
echo "epochs $(python3 -c 'import json,os; print(json.load(open(os.environ["SM_INPUT_CONFIG_DIR"] + "/hyperparameters.json"))["num_train_epochs"])')"
echo "train_loss: 0.4100"
echo "{'eval_loss': 0.35, 'eval_accuracy': 0.88, 'eval_precision': 0.86, 'eval_recall': 0.84, 'eval_f1': 0.85}"
work=$(mktemp -d)
printf '{"labels": ["billing", "network"], "rows": %s}' "$rows" > "$work/labels.json"
tar czf "$SM_MODEL_DIR/model.tar.gz" -C "$work" labels.json
`;

const INFERENCE_SERVE = `#!/usr/bin/env python3
import json, os
from http.server import BaseHTTPRequestHandler, HTTPServer
labels = json.load(open(os.path.join(os.environ["SM_MODEL_DIR"], "labels.json")))
class H(BaseHTTPRequestHandler):
    def answer(self, status, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def do_GET(self):
        self.answer(200 if self.path == "/ping" else 404, "{}")
    def do_POST(self):
        text = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.answer(200, json.dumps({"label": labels["labels"][len(text) % 2], "trained_on": labels["rows"]}))
HTTPServer(("127.0.0.1", int(os.environ["SAGEMAKER_BIND_TO_PORT"])), H).serve_forever()
`;

describe.skipIf(!gataFile)('the gata model workflow, unchanged', () => {
  beforeAll(async () => {
    for (const name of ['version-finetune', 'version-inference', 'version-data-prep']) {
      await h.ssm.putParameter({
        Name: `/gata/dev/image/${name}`,
        Value: ':1.0.0',
        Type: 'String',
      });
    }
    await h.f.ecr.registerImage({
      imageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/gata-finetune:1.0.0',
      folder: h.f.folderWith({ train: FINETUNE_TRAIN }),
    });
    await h.f.ecr.registerImage({
      imageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/gata-inference:1.0.0',
      folder: h.f.folderWith({ serve: INFERENCE_SERVE }),
    });
    for (const batch of ['2024010112', '2024010212']) {
      for (const split of ['train', 'test']) {
        await h.f.put(
          `s3://gata-123456789012-dev-data/training/gata-general/${batch}/${split}/data.json`,
          '{"id": 1, "text": "no signal", "label": 2}\n{"id": 2, "text": "refund", "label": 1}\n',
        );
      }
    }
    await h.f.s3.createBucket({ Bucket: 'gata-123456789012-dev-model' });
  });

  it('trains, creates the endpoint when UpdateEndpoint finds none, and waits until it is InService', async () => {
    const definition = readFileSync(gataFile ?? '', 'utf8');
    const { final } = await h.run('gata-general', definition, {
      StatePayload: { BatchID: '2024010112' },
    });
    expect(final.error ?? '', final.cause).toBe('');
    expect(final.status).toBe('SUCCEEDED');
    const states = entered(h, final.arn);
    expect(states).toContain('CreateEndpoint');
    expect(states.slice(-3)).toEqual(['CheckEndpoint', 'EndpointReady', 'Done']);
    const { TrainingJobSummaries } = await h.f.sagemaker.listTrainingJobs({
      NameContains: 'gata-general-finetune-2024010112',
    });
    const job: TrainingJobDescription = await h.f.sagemaker.describeTrainingJob({
      TrainingJobName: String(TrainingJobSummaries[0]?.TrainingJobName),
    });
    expect(job.TrainingJobName).toMatch(/^gata-general-finetune-2024010112\d{1,4}$/);
    expect(job.HyperParameters).toMatchObject({ num_train_epochs: '4', learning_rate: '0.00002' });
    expect(job.OutputDataConfig.CompressionType).toBe('NONE');
    expect(job.FinalMetricDataList.map((m) => [m.MetricName, m.Value])).toEqual([
      ['train_loss', 0.41],
      ['eval_loss', 0.35],
      ['eval_accuracy', 0.88],
      ['eval_precision', 0.86],
      ['eval_recall', 0.84],
      ['eval_f1', 0.85],
    ]);
    expect(job.ModelArtifacts.S3ModelArtifacts).toBe(
      `s3://gata-123456789012-dev-model/model/gata-general/2024010112/model/${job.TrainingJobName}/output/model`,
    );
    const endpoint = await h.f.sagemaker.describeEndpoint({ EndpointName: 'gata-general' });
    expect(endpoint).toMatchObject({
      EndpointStatus: 'InService',
      EndpointConfigName: 'gata-general-2024010112',
    });
    const answer = await h.f.sagemaker.invokeEndpoint({
      EndpointName: 'gata-general',
      Body: '{"text": "no signal"}',
      ContentType: 'application/json',
    });
    expect(JSON.parse(Buffer.from(answer.Body).toString('utf8'))).toEqual({
      label: 'network',
      trained_on: 2,
    });
  });

  it('updates the existing endpoint on the next batch', async () => {
    const definition = readFileSync(gataFile ?? '', 'utf8');
    const { final } = await h.run('gata-general', definition, {
      StatePayload: { BatchID: '2024010212' },
    });
    expect(final.status).toBe('SUCCEEDED');
    expect(entered(h, final.arn)).not.toContain('CreateEndpoint');
    expect(await h.f.sagemaker.describeEndpoint({ EndpointName: 'gata-general' })).toMatchObject({
      EndpointStatus: 'InService',
      EndpointConfigName: 'gata-general-2024010212',
    });
  });
});

describe.skipIf(!batchFile || !endpointFile)('the slalom MLOps definitions, unchanged', () => {
  const calls: string[] = [];
  beforeAll(async () => {
    await h.f.ecr.registerImage({
      imageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/demo-byo-xgboost:latest',
      folder: byomFolder,
    });
    await h.f.put('s3://demo-feature-store-a1b2/data/train/train.csv', sampleData('train.csv'));
    await h.f.put('s3://demo-feature-store-a1b2/data/score/score.csv', sampleData('score.csv'));
    for (const bucket of [
      'demo-extracts-store-a1b2',
      'demo-model-store-a1b2',
      'demo-output-store-a1b2',
      'demo-metadata-store-a1b2',
    ]) {
      await h.f.s3.createBucket({ Bucket: bucket });
    }
    await h.glue.createJob({
      Name: 'demo-data-transformation',
      Role: 'arn:aws:iam::123456789012:role/glue',
      Command: { Name: 'glueetl', ScriptLocation: 'program:mlops-transform' },
    });
    const sm = h.f.sagemaker;
    let stamp = 0;
    h.lambda.registerLocal('UniqueJobName', (e: { JobName: string }) => {
      calls.push('UniqueJobName');
      stamp += 1;
      return { JobName: `${e.JobName}-2401010000${String(stamp).padStart(2, '0')}` };
    });
    h.lambda.registerLocal(
      'ExtractModelPath',
      async (e: { HyperParameterTuningJobName: string }) => {
        calls.push('ExtractModelPath');
        const tuning = await sm.describeHyperParameterTuningJob({
          HyperParameterTuningJobName: e.HyperParameterTuningJobName,
        });
        const best = await sm.describeTrainingJob({
          TrainingJobName: tuning.BestTrainingJob?.TrainingJobName ?? '',
        });
        return best.ModelArtifacts.S3ModelArtifacts;
      },
    );
    h.lambda.registerLocal(
      'QueryTrainingStatus',
      async (e: { BestTrainingJob: { TrainingJobName: string }; BestModelResult: string }) => {
        calls.push('QueryTrainingStatus');
        const best = await sm.describeTrainingJob({
          TrainingJobName: e.BestTrainingJob.TrainingJobName,
        });
        await h.f.put(
          `s3://demo-metadata-store-a1b2/training/${best.TrainingJobName}.json`,
          JSON.stringify(best),
        );
        return {
          trainingMetrics: best.FinalMetricDataList,
          modelDataUrl: e.BestModelResult,
          modelName: best.TrainingJobName,
          endpointName: 'training-endpoint',
        };
      },
    );
    h.lambda.registerLocal(
      'RenameBatchOutput',
      async (e: { Payload: { BucketName: string; Path: string } }) => {
        calls.push('RenameBatchOutput');
        const from = `s3://${e.Payload.BucketName}/${e.Payload.Path}/score.csv.out`;
        await h.f.put(
          `s3://${e.Payload.BucketName}/${e.Payload.Path}/out.csv`,
          await h.f.read(from),
        );
        return { renamed: true };
      },
    );
    h.lambda.registerLocal(
      'RunGlueCrawler',
      () => (calls.push('RunGlueCrawler'), { started: true }),
    );
    h.lambda.registerLocal(
      'CheckEndpointExists',
      async (e: { EndpointConfigArn: string; EndpointName: string }) => {
        calls.push('CheckEndpointExists');
        const exists = await sm.describeEndpoint({ EndpointName: e.EndpointName }).then(
          () => true,
          () => false,
        );
        return {
          CreateOrUpdate: exists ? 'Update' : 'Create',
          endpointConfig: e.EndpointConfigArn.split('/').pop(),
          endpointName: e.EndpointName,
        };
      },
    );
  });

  it('runs the batch-transform variant: tunes the BYO model, gates on accuracy, scores score.csv', async () => {
    const { final } = await h.run('mlops-batch', readFileSync(batchFile ?? '', 'utf8'));
    expect(final.error ?? '', final.cause).toBe('');
    expect(final.status).toBe('SUCCEEDED');
    expect(calls).toEqual([
      'UniqueJobName',
      'ExtractModelPath',
      'QueryTrainingStatus',
      'RenameBatchOutput',
      'RunGlueCrawler',
    ]);
    const tuning = await h.f.sagemaker.describeHyperParameterTuningJob({
      HyperParameterTuningJobName: 'employee-attrition-240101000001',
    });
    expect(tuning).toMatchObject({
      HyperParameterTuningJobStatus: 'Completed',
      TrainingJobStatusCounters: { Completed: 3 },
    });
    const labels = (await h.f.read('s3://demo-output-store-a1b2/batch-transform-output/out.csv'))
      .trimEnd()
      .split('\n');
    expect(labels).toHaveLength(30);
    expect(labels.filter((label, i) => Number(label) === i % 3).length / 30).toBeGreaterThan(0.7);
    const saved = JSON.parse(
      await h.f.read(
        `s3://demo-metadata-store-a1b2/training/${tuning.BestTrainingJob?.TrainingJobName}.json`,
      ),
    );
    expect(saved.FinalMetricDataList[0].MetricName).toBe('accuracy');
  });

  it('runs the endpoint variant: creates, then updates, the endpoint', async () => {
    calls.length = 0;
    const first = await h.run('mlops-endpoint', readFileSync(endpointFile ?? '', 'utf8'));
    expect(first.final.error ?? '', first.final.cause).toBe('');
    expect(entered(h, first.final.arn)).toContain('Create New Model Endpoint');
    expect((await h.f.sagemaker.waitForEndpoint('training-endpoint')).EndpointStatus).toBe(
      'InService',
    );
    const second = await h.run('mlops-endpoint', readFileSync(endpointFile ?? '', 'utf8'));
    expect(second.final.status).toBe('SUCCEEDED');
    expect(entered(h, second.final.arn)).toContain('Update Existing Model Endpoint');
    const endpoint = await h.f.sagemaker.waitForEndpoint('training-endpoint');
    expect(endpoint.EndpointStatus).toBe('InService');
    expect(endpoint.EndpointConfigName).toMatch(
      /^employee-attrition-240101000003-00[1-3]-[0-9a-f]{8}$/,
    );
    const out = await h.f.sagemaker.invokeEndpoint({
      EndpointName: 'training-endpoint',
      Body: sampleData('score.csv'),
      ContentType: 'text/csv',
    });
    expect(Buffer.from(out.Body).toString('utf8').trimEnd().split('\n')).toHaveLength(30);
  });
});
