import type { AccountScope, Clock, IdGenerator, Logger } from '../core/index.js';
import type { CallbackHub } from './callbacks.js';
import type { ChildRunner } from './children.js';
import type { IntegrationRegistry } from './integrations.js';
import type { ExecutionStore } from './store.js';

/** Where a distributed Map reads items and writes results (the S3 service, wired by the composition root). */
export interface ObjectAccess {
  getObject(bucket: string, key: string): Promise<Buffer>;
  putObject(
    bucket: string,
    key: string,
    body: string | Buffer,
    contentType?: string,
  ): Promise<void>;
  listObjects(
    bucket: string,
    prefix: string,
  ): AsyncIterable<{
    Key: string;
    Size: number;
    ETag?: string;
    LastModified?: string;
    StorageClass?: string;
  }>;
}

/** What the interpreter needs from its surroundings. */
export interface EngineDeps {
  store: ExecutionStore;
  integrations: IntegrationRegistry;
  clock: Clock;
  ids: IdGenerator;
  scope: AccountScope;
  logger: Logger;
  callbacks: CallbackHub;
  /** Factor applied to Wait states and retry back-offs (1 = as written; 0.01 makes 30 s take 0.3 s). */
  timeScale: number;
  /** Randomness for jitter, States.MathRandom and $random. */
  random: () => number;
  /** Runs child executions (distributed Map items). */
  children: ChildRunner;
  /** Object storage for distributed Map readers and writers, when S3 is wired. */
  objects?: ObjectAccess;
}
