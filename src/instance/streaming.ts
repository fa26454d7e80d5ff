import type { LocalFirehose } from '../services/firehose/index.js';
import {
  createLocalFirehose,
  firehoseApi,
  registerFirehoseIntegrations,
} from '../services/firehose/index.js';
import type { WiringContext } from './context.js';
import type { StorageServices } from './storage.js';

/** Streaming ingestion: Firehose delivery streams into the local S3. */
export function wireStreaming(
  ctx: WiringContext,
  storage: StorageServices,
): { firehose: LocalFirehose } {
  const { db, config, scope, clock, ids, logger, integrations } = ctx;
  const firehose = createLocalFirehose({
    db,
    scope,
    objects: storage.s3,
    clock,
    ids,
    logger,
    timeScale: config.timeScale,
  });
  registerFirehoseIntegrations(integrations, firehose, { ids });
  ctx.modules.push(firehoseApi(firehose));
  ctx.starters.push(() => firehose.start());
  // firehose.close() (buffers written out) is called by the instance's close
  // before the engine stops, so executions the new objects start are kept.
  return { firehose };
}
