import type { Clock } from '../core/index.js';
import type { Engine } from '../engine/index.js';
import type { LogStore } from '../runtime/index.js';
import type { LocalEventBridge } from '../services/eventbridge/index.js';
import {
  createLocalEventBridge,
  eventBridgeApi,
  registerEventBridgeIntegrations,
} from '../services/eventbridge/index.js';
import type { LocalSns } from '../services/sns/index.js';
import { createLocalSns, registerSnsIntegrations, snsApi } from '../services/sns/index.js';
import type { WiringContext } from './context.js';
import type { StorageServices } from './storage.js';

/** Events and notifications: EventBridge and SNS. */
export interface MessagingServices {
  events: LocalEventBridge;
  sns: LocalSns;
}

/** Builds EventBridge and SNS; S3 notifications become `aws.s3` events on the default bus. */
export function wireMessaging(ctx: WiringContext, storage: StorageServices): MessagingServices {
  const { db, config, scope, clock, ids, logger, integrations } = ctx;
  const events = createLocalEventBridge({ db, scope, clock, ids, logger });
  const sns = createLocalSns({
    db,
    scope,
    home: config.home,
    clock,
    ids,
    logger,
    publicUrl: `http://127.0.0.1:${config.port}`,
  });
  registerEventBridgeIntegrations(integrations, events, { ids });
  registerSnsIntegrations(integrations, sns, { ids });
  storage.s3Listeners.push(async (event) => {
    await events.putS3Notification(event);
  });
  ctx.modules.push(eventBridgeApi(events), snsApi(sns));
  ctx.closers.push(() => events.scheduler.stop());
  return { events, sns };
}

/** Points EventBridge targets at the engine, SNS and the log store (once they exist). */
export function connectTargets(
  messaging: MessagingServices,
  engine: Engine,
  logs: LogStore,
  clock: Clock,
): void {
  const { events, sns } = messaging;
  events.connect({
    log: async (group, message) =>
      logs.append(group, 'events', [{ timestamp: clock.now(), message }]),
    startExecution: async (arn, input) => ({
      executionArn: engine.startExecution({ stateMachineArn: arn, input }).executionArn,
    }),
    publish: (TopicArn, Message, Subject) =>
      sns.publish({ TopicArn, Message, ...(Subject ? { Subject } : {}) }),
  });
}
