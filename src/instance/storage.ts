import type { TableStore } from '../services/dynamodb/index.js';
import {
  createLocalDynamoDb,
  dynamoDbApi,
  registerDynamoDbIntegrations,
} from '../services/dynamodb/index.js';
import type { LocalObjectStore, S3ObjectEvent } from '../services/s3/index.js';
import { createLocalS3, registerS3Integrations, s3Api } from '../services/s3/index.js';
import type { ParameterStore } from '../services/ssm/index.js';
import { createLocalSsm, registerSsmIntegrations, ssmApi } from '../services/ssm/index.js';
import type { WiringContext } from './context.js';

/** State and storage: S3, SSM Parameter Store, DynamoDB. */
export interface StorageServices {
  s3: LocalObjectStore;
  ssm: ParameterStore;
  dynamodb: TableStore;
  /** Listeners of S3 object notifications (EventBridge subscribes). */
  s3Listeners: Array<(event: S3ObjectEvent) => void | Promise<void>>;
}

/** Builds the storage services, their Task integrations and wire protocols. */
export function wireStorage(ctx: WiringContext): StorageServices {
  const { db, config, scope, clock, ids, logger, integrations } = ctx;
  const s3Listeners: StorageServices['s3Listeners'] = [];
  const s3 = createLocalS3({
    db,
    home: config.home,
    scope,
    clock,
    logger,
    onEvent: async (event) => {
      for (const listener of s3Listeners) await listener(event);
    },
  });
  const ssm = createLocalSsm({ db, home: config.home, scope, clock });
  const dynamodb = createLocalDynamoDb({ db, scope, clock, ids, logger });
  registerS3Integrations(integrations, s3, { ids });
  registerSsmIntegrations(integrations, ssm);
  registerDynamoDbIntegrations(integrations, dynamodb);
  // S3's REST routes are the catch-all of the server: keep them last (see modelmill.ts).
  ctx.modules.push(ssmApi(ssm), dynamoDbApi(dynamodb));
  return { s3, ssm, dynamodb, s3Listeners };
}

export { s3Api };
