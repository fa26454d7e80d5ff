import type { AccountScope, Clock, IdGenerator, Logger, ModelmillConfig } from '../core/index.js';
import type { IntegrationRegistry } from '../engine/index.js';
import type { ApiModule } from '../server/index.js';
import type { SqliteDatabase } from '../store/index.js';

/** What every wiring step of the composition root shares. */
export interface WiringContext {
  config: ModelmillConfig;
  db: SqliteDatabase;
  scope: AccountScope;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  integrations: IntegrationRegistry;
  /** Wire protocols to serve; wiring steps push theirs. */
  modules: ApiModule[];
  /** Things to stop on close, in reverse order of registration. */
  closers: Array<() => Promise<void> | void>;
  /** Things to start when the instance starts working (schedulers, recovery). */
  starters: Array<() => Promise<void> | void>;
  /** The URL of the instance's HTTP API, started on a free port on first use (job programs call it). */
  endpoint(): Promise<string>;
}
