/**
 * The algorithms run unchanged inside worker threads and child processes
 * (no globals, no I/O), and give the same model there as in-process.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createRandom, fitModel, parseCsv, serializeModel } from '../../src/ml/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, 'job-fixture.ts');

function csv(): string {
  const rng = createRandom(12);
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) {
    const a = rng.normal();
    const b = rng.normal();
    lines.push(`${a + b > 0 ? 1 : 0},${a},${b}`);
  }
  return lines.join('\n');
}

const request = {
  algorithm: 'xgb',
  task: 'classification' as const,
  csv: csv(),
  hyperparameters: { num_round: '20', subsample: '0.8', seed: '5' },
};

function inProcess(): { document: unknown; predictions: number[] } {
  const data = parseCsv(request.csv);
  const model = fitModel({
    algorithm: request.algorithm,
    task: request.task,
    x: data.x,
    y: data.y as Float64Array,
    hyperparameters: request.hyperparameters,
  });
  return { document: serializeModel(model), predictions: Array.from(model.predict(data.x)) };
}

describe('running as a job', () => {
  it('trains in a worker thread exactly as in-process', async () => {
    const worker = new Worker(join(here, 'worker-bootstrap.mjs'), {
      workerData: { entry: pathToFileURL(fixture).href },
    });
    const answer = await new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage(request);
    });
    await worker.terminate();
    expect(answer).toEqual(inProcess());
  });

  it('trains in a child process exactly as in-process', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', fixture], {
      input: JSON.stringify(request),
      timeout: 60_000,
    });
    expect(JSON.parse(out.toString('utf8'))).toEqual(inProcess());
  });
});
