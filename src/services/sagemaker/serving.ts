import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { LogTarget, RunHandle } from '../../runtime/index.js';
import { startBuiltinServer } from './builtin-server.js';
import type { SageMakerContext } from './context.js';
import { note } from './context.js';
import { resolveImage } from './images.js';
import { targetOf } from './job-folder.js';
import { ClientError, fetchModelData } from './staging.js';
import type { ContainerDefinition, ModelDescription } from './types.js';

/**
 * Model servers: what answers `GET /ping` and `POST /invocations` for a model,
 * for endpoints and transform jobs alike. The model data (ModelDataUrl) is
 * put in the server's `/opt/ml/model` folder; then
 * - a built-in algorithm image gets the in-process built-in server;
 * - an image registered to a folder runs its `serve` executable (a program
 *   gets `serve` as its argument) on the host, in the server's `/opt/ml`
 *   folder, with `SAGEMAKER_BIND_TO_PORT` set to a free port (8080 on AWS)
 *   and MODELMILL_OPT_ML / SM_MODEL_DIR pointing at the folders; it is ready
 *   once `/ping` answers 200.
 */

/** An answer of `/invocations`. */
export interface Invocation {
  status: number;
  contentType: string;
  body: Buffer;
}

/** A running model server. */
export interface ModelServer {
  readonly port: number;
  /** POSTs to `/invocations`. */
  invoke(
    body: Uint8Array | string,
    contentType?: string,
    accept?: string,
    signal?: AbortSignal,
  ): Promise<Invocation>;
  /** Stops the server (and its process). */
  stop(): Promise<void>;
}

/** Where a server's folders and output go. */
export interface ServerOptions {
  /** The server's own folder (its `opt/ml` goes under it; emptied first). */
  folder: string;
  log: LogTarget;
  /** Variables on top of the container's Environment. */
  environment?: Record<string, string>;
}

/** A free TCP port of 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function client(port: number, stop: () => Promise<void>): ModelServer {
  return {
    port,
    async invoke(body, contentType, accept, signal) {
      const response = await fetch(`http://127.0.0.1:${port}/invocations`, {
        method: 'POST',
        body: typeof body === 'string' ? body : Buffer.from(body),
        headers: {
          'content-type': contentType ?? 'application/octet-stream',
          ...(accept ? { accept } : {}),
        },
        ...(signal ? { signal } : {}),
      });
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? 'application/octet-stream',
        body: Buffer.from(await response.arrayBuffer()),
      };
    },
    stop,
  };
}

async function ping(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/ping`, {
      signal: AbortSignal.timeout(2000),
    });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function waitReady(
  ctx: SageMakerContext,
  port: number,
  handle: RunHandle,
  log: LogTarget,
): Promise<void> {
  let exited: number | string | undefined;
  void handle.done.then((r) => (exited = r.exitCode ?? r.reason ?? 'stopped'));
  const deadline = Date.now() + ctx.serverStartMs;
  while (Date.now() < deadline) {
    if (await ping(port)) return;
    if (exited !== undefined) {
      throw new ClientError(
        `the serve process ended (${typeof exited === 'number' ? `exit code ${exited}` : exited}) before answering GET /ping on port ${port}; see the log stream ${log.stream} in ${log.group}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  handle.terminate('did not answer /ping');
  throw new ClientError(
    `the serve process did not answer GET /ping with 200 on port ${port} (SAGEMAKER_BIND_TO_PORT) within ${ctx.serverStartMs / 1000} s; see the log stream ${log.stream} in ${log.group}`,
  );
}

/** The container a model serves with. */
export function containerOf(model: ModelDescription): ContainerDefinition {
  const container = model.PrimaryContainer ?? model.Containers?.[0];
  if (!container?.Image)
    throw new ClientError(`model '${model.ModelName}' names no container image`);
  return container;
}

/** Starts a server for `model`; throws ClientError with the reason it cannot serve. */
export async function startModelServer(
  ctx: SageMakerContext,
  model: ModelDescription,
  options: ServerOptions,
): Promise<ModelServer> {
  const container = containerOf(model);
  const image = container.Image as string;
  const optMl = join(options.folder, 'opt', 'ml');
  rmSync(options.folder, { recursive: true, force: true });
  mkdirSync(optMl, { recursive: true });
  const modelDir = join(optMl, 'model');
  await fetchModelData(ctx.objects, container.ModelDataUrl, modelDir);
  const resolved = resolveImage(ctx.images, image);
  if (resolved.kind === 'missing')
    throw new ClientError(`the image ${image} is not registered locally`);
  if (resolved.kind === 'builtin') {
    const server = await startBuiltinServer(modelDir);
    note(ctx, options.log.group, options.log.stream, [
      `modelmill built-in model server for ${model.ModelName} on port ${server.port}`,
    ]);
    return client(server.port, () => server.close());
  }
  if (resolved.target.kind === 'container') {
    throw new ClientError(
      `the image ${image} is a container image; model servers run locally from a folder with a serve executable (register the image with --folder DIR) or a built-in algorithm image`,
    );
  }
  const port = await freePort();
  const handle = ctx.runtime.start({
    target: targetOf(resolved, ['serve']),
    env: {
      ...ctx.runEnv(),
      AWS_REGION: ctx.scope.region,
      AWS_DEFAULT_REGION: ctx.scope.region,
      PYTHONUNBUFFERED: '1',
      ...(container.Environment ?? {}),
      ...options.environment,
      SAGEMAKER_BIND_TO_PORT: String(port),
      SAGEMAKER_SAFE_PORT_RANGE: `${port}-${port}`,
      MODELMILL_OPT_ML: optMl,
      SM_MODEL_DIR: modelDir,
    },
    cwd: optMl,
    log: options.log,
  });
  await waitReady(ctx, port, handle, options.log);
  return client(port, async () => {
    handle.terminate('model server stopped');
    await handle.done;
  });
}
