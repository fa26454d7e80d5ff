import type { AccountScope, Clock, IdGenerator, Logger } from '../../core/index.js';
import type { ImageResolver, RunHandle, Runtime } from '../../runtime/index.js';
import type { LocalObjectStore } from '../s3/index.js';
import type { Kind } from './names.js';
import type { ModelServer } from './serving.js';
import type { ResourceRow, SageMakerStore } from './store.js';
import type { SageMakerEvents } from './types.js';

/** A job this process is running. */
export interface ActiveJob {
  /** The row the runner holds and saves; changes made while it runs go here. */
  row?: ResourceRow<any>;
  handle?: RunHandle;
  /** Set by Stop*Job (or close); the runner finishes the job as Stopped. */
  stopRequested?: boolean;
  /** Aborted when the job is stopped; long steps (staging, transform requests) watch it. */
  controller: AbortController;
}

/** The object store calls the jobs need (the embedded S3: its files are the objects). */
export type SageMakerObjects = Pick<
  LocalObjectStore,
  'localPath' | 'listObjectsV2' | 'putObject' | 'getObject' | 'headObject'
>;

/** The model servers an endpoint runs, by variant. */
export interface Deployment {
  configName: string;
  servers: Map<string, ModelServer>;
  /** Variant name → weight (InitialVariantWeight). */
  weights: Map<string, number>;
  /** Invocations so far (spreads requests over variants by weight). */
  calls: number;
}

/** What the parts of the embedded SageMaker share. */
export interface SageMakerContext {
  scope: AccountScope;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  runtime: Runtime;
  images: ImageResolver;
  objects: SageMakerObjects;
  store: SageMakerStore;
  /** `<home>/work/sagemaker`: one folder per job and per endpoint variant. */
  workDir: string;
  /** Variables every job and model server gets (the local API endpoint, ...). */
  runEnv: () => Record<string, string>;
  events: SageMakerEvents | undefined;
  /** Jobs in flight, by `kind/name`. */
  active: Map<string, ActiveJob>;
  /** `kind/name` (lower case) → callbacks waiting for a change. */
  waiters: Map<string, Set<() => void>>;
  /** Endpoints served by this process, by lower-case name. */
  deployments: Map<string, Deployment>;
  /** Bumped by close(): outcomes of work from an older epoch are ignored. */
  epoch: number;
  /** How long a model server may take to answer /ping (ms). */
  serverStartMs: number;
}

/** The key of a resource in `active` and `waiters`. */
export function keyOf(kind: Kind, name: string): string {
  return `${kind}/${name.toLowerCase()}`;
}

/** Wakes whoever waits on the resource. */
export function notify(ctx: SageMakerContext, kind: Kind, name: string): void {
  const key = keyOf(kind, name);
  const set = ctx.waiters.get(key);
  if (!set) return;
  ctx.waiters.delete(key);
  for (const wake of set) wake();
}

/**
 * Resolves with `read()` once `done(read())` holds, re-reading on every
 * change of the resource; rejects when the signal aborts.
 */
export async function waitUntil<T>(
  ctx: SageMakerContext,
  kind: Kind,
  name: string,
  read: () => T,
  done: (value: T) => boolean,
  signal?: AbortSignal,
): Promise<T> {
  for (;;) {
    const value = read();
    if (done(value)) return value;
    await new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const key = keyOf(kind, name);
      let set = ctx.waiters.get(key);
      if (!set) ctx.waiters.set(key, (set = new Set()));
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        set.delete(wake);
        reject(signal?.reason as Error);
      };
      set.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** Writes lines to a log stream of the runtime's log store. */
export function note(ctx: SageMakerContext, group: string, stream: string, lines: string[]): void {
  if (lines.length === 0) return;
  const timestamp = ctx.clock.now();
  ctx.runtime.logs.append(
    group,
    stream,
    lines.map((message) => ({ timestamp, message })),
  );
}
