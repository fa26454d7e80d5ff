import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { errorMessage, isPlainObject } from '../../../core/index.js';
import type { ProgramContext } from '../../../runtime/index.js';
import type { LabelledText, TextModel, TextModelDocument } from './text-classifier.js';
import { evaluateTextModel, fitTextModel, loadTextModel } from './text-classifier.js';

/**
 * The fine-tune image as a SageMaker container (`train` / `serve`), with the
 * text classifier of text-classifier.ts standing in for BERT.
 * - `train`: reads `data.json` (JSON lines `{"id","text","label"}`) of the
 *   `train` and `test` channels, fits, prints `train_loss`, `eval_loss`,
 *   `eval_accuracy` and `eval_f1` lines, writes `model.json` to the model
 *   folder; a failure is written to `/opt/ml/output/failure`.
 * - `serve`: answers `GET /ping` and `POST /invocations` on
 *   SAGEMAKER_BIND_TO_PORT: JSON `{"text": "..."}` (or a list of texts, or
 *   `{"instances": [...]}`) → `{"predictions": [{"label", "score"}]}`; any
 *   other body is one text per line → one label per line.
 */

function optMl(env: Record<string, string>): string {
  return env.MODELMILL_OPT_ML ?? '/opt/ml';
}

function channelFile(env: Record<string, string>, channel: 'train' | 'test'): string {
  const dir =
    env[`SM_CHANNEL_${channel.toUpperCase()}`] ?? join(optMl(env), 'input', 'data', channel);
  return join(dir, 'data.json');
}

function readRows(file: string, channel: string): LabelledText[] {
  if (!existsSync(file)) {
    throw new Error(
      `ClientError: the ${channel} channel has no data.json (${file}); the data prep writes it`,
    );
  }
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const row = JSON.parse(line) as { text?: unknown; label?: unknown };
      if (typeof row.text !== 'string' || typeof row.label !== 'number') {
        throw new Error(`ClientError: ${channel} line ${i + 1} is not {"id","text","label"}`);
      }
      return { text: row.text, label: row.label };
    });
}

function hyperparameters(env: Record<string, string>): Record<string, string> {
  const dir = env.SM_INPUT_CONFIG_DIR ?? join(optMl(env), 'input', 'config');
  const file = join(dir, 'hyperparameters.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
}

function train(ctx: ProgramContext): number {
  const env = ctx.env;
  try {
    const hps = hyperparameters(env);
    const trainRows = readRows(channelFile(env, 'train'), 'train');
    const testRows = readRows(channelFile(env, 'test'), 'test');
    const alpha = Number(hps.alpha ?? '1');
    const doc = fitTextModel(trainRows, { alpha, hyperparameters: hps });
    const model = loadTextModel(doc);
    const fit = evaluateTextModel(model, trainRows);
    const evaluation = evaluateTextModel(model, testRows);
    ctx.logger.info(
      `stand-in for BERT: hashed uni/bigram naive Bayes, ${doc.labels.length} labels, ${trainRows.length} train / ${testRows.length} test rows (epochs ${hps.epochs ?? '-'}, batch_size ${hps.batch_size ?? '-'}, learning_rate ${hps.learning_rate ?? '-'} recorded, not used)`,
    );
    ctx.logger.info(`train_loss: ${fit.loss.toFixed(6)}`);
    ctx.logger.info(`eval_loss: ${evaluation.loss.toFixed(6)}`);
    ctx.logger.info(`eval_accuracy: ${evaluation.accuracy.toFixed(6)}`);
    ctx.logger.info(`eval_f1: ${evaluation.f1.toFixed(6)}`);
    const modelDir = env.SM_MODEL_DIR ?? join(optMl(env), 'model');
    mkdirSync(modelDir, { recursive: true });
    writeFileSync(join(modelDir, 'model.json'), JSON.stringify(doc));
    return 0;
  } catch (err) {
    const output = env.SM_OUTPUT_DIR ?? join(optMl(env), 'output');
    mkdirSync(output, { recursive: true });
    writeFileSync(join(output, 'failure'), errorMessage(err));
    ctx.logger.error(errorMessage(err));
    return 1;
  }
}

/** Texts of an /invocations body: JSON (`{"text"}`, `{"instances"}`, a list) or one text per line. */
export function textsOf(body: string, contentType: string): { texts: string[]; json: boolean } {
  if (!contentType.includes('json')) {
    return { texts: body.split(/\r?\n/).filter((l) => l.trim() !== ''), json: false };
  }
  const parsed = JSON.parse(body) as unknown;
  const list = isPlainObject(parsed) ? (parsed.instances ?? parsed.inputs ?? parsed.text) : parsed;
  const items = Array.isArray(list) ? list : [list];
  const texts = items.map((t) => (isPlainObject(t) ? t.text : t));
  if (!texts.every((t): t is string => typeof t === 'string')) {
    throw new Error('send {"text": "..."}, a list of texts, or one text per line');
  }
  return { texts, json: true };
}

function answer(model: TextModel, req: IncomingMessage, res: ServerResponse, body: string): void {
  if (req.method === 'GET' && req.url === '/ping') {
    res.writeHead(200).end();
    return;
  }
  if (req.method !== 'POST' || req.url !== '/invocations') {
    res.writeHead(404).end();
    return;
  }
  try {
    const { texts, json } = textsOf(body, req.headers['content-type'] ?? '');
    const predictions = texts.map((t) => {
      const p = model.probabilities(t);
      const best = Math.max(...p);
      return { label: model.labels[p.indexOf(best)] as number, score: best };
    });
    if (json) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ predictions }));
    } else {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(predictions.map((p) => `${p.label}\n`).join(''));
    }
  } catch (err) {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end(errorMessage(err));
  }
}

async function serve(ctx: ProgramContext): Promise<number> {
  const modelDir = ctx.env.SM_MODEL_DIR ?? join(optMl(ctx.env), 'model');
  const doc = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as TextModelDocument;
  const model = loadTextModel(doc);
  const port = Number(ctx.env.SAGEMAKER_BIND_TO_PORT ?? '8080');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(model, req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  ctx.logger.info(`serving ${doc.labels.length} labels on port ${port}`);
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return 0;
}

/** The program: `train` or `serve`. */
export async function finetuneProgram(ctx: ProgramContext): Promise<number> {
  const mode = ctx.argv[0];
  if (mode === 'train') return train(ctx);
  if (mode === 'serve') return serve(ctx);
  ctx.logger.error(`the fine-tune container runs 'train' or 'serve', not '${mode ?? ''}'`);
  return 2;
}
