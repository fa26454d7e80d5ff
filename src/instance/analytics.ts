import type { LocalAthena } from '../services/athena/index.js';
import {
  athenaApi,
  createLocalAthena,
  registerAthenaIntegrations,
} from '../services/athena/index.js';
import type { WiringContext } from './context.js';
import type { StorageServices } from './storage.js';

/** Athena and the Glue Data Catalog, on DuckDB over the object store. */
export function wireAnalytics(
  ctx: WiringContext,
  storage: StorageServices,
): { athena: LocalAthena } {
  const { db, config, scope, clock, ids, logger, integrations } = ctx;
  const athena = createLocalAthena({
    db,
    home: config.home,
    scope,
    clock,
    ids,
    logger,
    objects: storage.s3,
  });
  registerAthenaIntegrations(integrations, athena, athena.catalog, { ids });
  // The catalog's Glue operations are served with Glue's jobs (one AWSGlue module, see compute.ts).
  ctx.modules.push(athenaApi(athena));
  ctx.closers.push(() => athena.close());
  return { athena };
}
