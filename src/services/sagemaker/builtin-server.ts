import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { errorMessage, isPlainObject } from '../../core/index.js';
import type { Model } from '../../ml/index.js';
import { createMatrix, loadModel, splitCsvLine } from '../../ml/index.js';
import { ClientError, filesUnder } from './staging.js';

/**
 * The model server of the built-in algorithms: an in-process HTTP server that
 * loads the model document (`model.json` in the model folder) and answers the
 * SageMaker container contract — `GET /ping`, and `POST /invocations` with
 * `text/csv` (one row of features per line, no label column) or
 * `application/json` (`{"instances": [[...], ...]}`, `[[...], ...]` or one
 * `[...]`). CSV answers hold one prediction per line (the class for a
 * classifier, the value for a regressor); JSON answers are
 * `{"predictions": [{"score": v}]}` or, for classifiers,
 * `{"predictions": [{"predicted_label": c, "probabilities": [...]}]}`. CSV answers end
 * with a newline, so answers of consecutive requests concatenate into lines.
 * A row the model cannot read is answered 400 with its number.
 */

/** A running built-in server. */
export interface BuiltinServer {
  port: number;
  close(): Promise<void>;
}

/** Reads the model document of a model folder. */
export function loadModelFolder(dir: string): Model {
  const direct = join(dir, 'model.json');
  const file = existsSync(direct)
    ? direct
    : filesUnder(dir)
        .map((f) => join(dir, f))
        .find((f) => f.endsWith('.json'));
  if (!file) {
    throw new ClientError(
      `the model data holds no model.json: the built-in algorithms serve the model document their training jobs write (see src/ml/MODEL_FORMAT.md)`,
    );
  }
  return loadModel(readFileSync(file, 'utf8'));
}

class BadRecord extends Error {}

function csvRows(text: string, width: number): Float64Array {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const data = new Float64Array(lines.length * width);
  lines.forEach((line, i) => {
    const fields = line.includes('"') ? splitCsvLine(line, ',') : line.split(',');
    if (fields.length !== width) {
      throw new BadRecord(
        `record ${i + 1} has ${fields.length} fields but the model takes ${width} features (send features only, no label column)`,
      );
    }
    for (let j = 0; j < width; j += 1) {
      const s = (fields[j] as string).trim();
      const v = s === '' ? NaN : Number(s);
      if (s !== '' && !Number.isFinite(v)) {
        throw new BadRecord(`record ${i + 1}, field ${j + 1}: '${s}' is not a number`);
      }
      data[i * width + j] = v;
    }
  });
  return data;
}

function jsonRows(text: string, width: number): Float64Array {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new BadRecord(`the body is not valid JSON: ${errorMessage(err)}`);
  }
  const list = isPlainObject(parsed) ? parsed.instances : parsed;
  const rows =
    Array.isArray(list) && list.every((r) => !Array.isArray(r) && typeof r === 'number')
      ? [list]
      : list;
  if (!Array.isArray(rows))
    throw new BadRecord('send {"instances": [[...], ...]}, [[...], ...] or one [...] of numbers');
  const values = rows.map((row, i) => {
    const given = isPlainObject(row) ? row.features : row;
    if (
      !Array.isArray(given) ||
      given.length !== width ||
      given.some((v) => v !== null && typeof v !== 'number')
    ) {
      throw new BadRecord(`record ${i + 1} must be an array of ${width} numbers`);
    }
    return given.map((v) => (v === null ? NaN : (v as number)));
  });
  return Float64Array.from(values.flat());
}

/** Predictions for a request body: status, content type and body. */
export function predictPayload(
  model: Model,
  body: Buffer,
  contentType: string | undefined,
  accept: string | undefined,
): { status: number; contentType: string; body: string } {
  const type = (contentType ?? 'text/csv').split(';')[0]?.trim() ?? 'text/csv';
  const width = model.features.length;
  let data: Float64Array;
  try {
    data = type.includes('json')
      ? jsonRows(body.toString('utf8'), width)
      : csvRows(body.toString('utf8'), width);
  } catch (err) {
    return { status: 400, contentType: 'text/plain', body: errorMessage(err) };
  }
  const x = createMatrix(width === 0 ? 0 : data.length / width, width, data);
  const predicted = model.predict(x);
  const wanted = accept === undefined || accept.includes('*/*') ? type : accept;
  const wantsJson = wanted.includes('json');
  if (!wantsJson) {
    const lines = Array.from(predicted, (v) =>
      String(model.task === 'classification' ? model.labelOf(v) : v),
    );
    return { status: 200, contentType: 'text/csv', body: `${lines.join('\n')}\n` };
  }
  if (model.task === 'regression') {
    return {
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ predictions: Array.from(predicted, (score) => ({ score })) }),
    };
  }
  const proba = model.predictProba(x);
  const predictions = Array.from(predicted, (v, i) => ({
    predicted_label: model.labelOf(v),
    probabilities: Array.from(proba.data.subarray(i * proba.cols, (i + 1) * proba.cols)),
  }));
  return { status: 200, contentType: 'application/json', body: JSON.stringify({ predictions }) };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function handle(model: Model, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'GET' && req.url === '/ping') {
    res.writeHead(200).end();
    return;
  }
  if (req.method === 'POST' && req.url?.startsWith('/invocations')) {
    const answer = predictPayload(
      model,
      await readBody(req),
      req.headers['content-type'],
      req.headers.accept,
    );
    res.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
    return;
  }
  res
    .writeHead(404, { 'content-type': 'text/plain' })
    .end('the model server answers GET /ping and POST /invocations');
}

/** Starts a built-in server for the model in `modelDir` on a free port of 127.0.0.1. */
export async function startBuiltinServer(modelDir: string): Promise<BuiltinServer> {
  const model = loadModelFolder(modelDir);
  const server = createServer((req, res) => {
    handle(model, req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(errorMessage(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
