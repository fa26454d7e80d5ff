/**
 * A training job as the runtime would run it: reads a request (algorithm,
 * task, CSV text, hyperparameters), fits, and answers with the model
 * document and its predictions. Works as a worker thread (messages) and as
 * a child process (stdin → stdout).
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { fitModel, parseCsv, serializeModel } from '../../src/ml/index.js';
import type { Task } from '../../src/ml/index.js';

interface JobRequest {
  algorithm: string;
  task: Task;
  csv: string;
  hyperparameters: Record<string, string>;
}

function run(request: JobRequest): { document: unknown; predictions: number[] } {
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

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.once('message', (request: JobRequest) => port.postMessage(run(request)));
} else {
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => (input += chunk));
  process.stdin.on('end', () =>
    process.stdout.write(JSON.stringify(run(JSON.parse(input) as JobRequest))),
  );
}
