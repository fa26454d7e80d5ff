import { StatesError } from '../../asl/index.js';
import type { IdGenerator } from '../../core/index.js';
import { isPlainObject, randomIds } from '../../core/index.js';
import { taskApiError, toStepFunctionsJson } from '../common/index.js';
import type { FirehoseService } from './types.js';

/**
 * Step Functions Task handlers for `arn:aws:states:::aws-sdk:firehose:<action>`.
 * Parameters arrive in PascalCase; a record's `Data` is taken as text (its
 * UTF-8 bytes are the record). Results carry ISO-8601 timestamps; failures
 * are `Firehose.<Code>` errors with AWS's cause text.
 */

/** The part of the engine's integration registry this file needs. */
export interface FirehoseTaskRegistry {
  register(key: string, handler: (invocation: { parameters: unknown }) => Promise<unknown>): void;
}

/** Options of the Firehose integrations. */
export interface FirehoseIntegrationOptions {
  /** Request ids in error causes. Default: random UUIDs. */
  ids?: IdGenerator;
}

type Run = (firehose: FirehoseService, p: any) => Promise<unknown>;

const ACTIONS: Record<string, Run> = {
  putRecord: (f, p) => f.putRecord(p),
  putRecordBatch: (f, p) => f.putRecordBatch(p),
  describeDeliveryStream: (f, p) => f.describeDeliveryStream(p),
  listDeliveryStreams: (f, p) => f.listDeliveryStreams(p),
};

/** The Firehose actions served, as `aws-sdk:firehose:<action>` keys. */
export const FIREHOSE_TASK_ACTIONS = Object.keys(ACTIONS);

/** Registers `aws-sdk:firehose:<action>` handlers for every served action. */
export function registerFirehoseIntegrations(
  registry: FirehoseTaskRegistry,
  firehose: FirehoseService,
  options: FirehoseIntegrationOptions = {},
): void {
  const ids = options.ids ?? randomIds;
  for (const [action, run] of Object.entries(ACTIONS)) {
    registry.register(`aws-sdk:firehose:${action}`, async ({ parameters }) => {
      try {
        return toStepFunctionsJson(
          await run(firehose, isPlainObject(parameters) ? parameters : {}),
        );
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        const message = err instanceof Error ? err.message : String(err);
        if (typeof code !== 'string') throw new StatesError('States.TaskFailed', message);
        throw taskApiError({ code, message }, ids.uuid(), {
          prefix: 'Firehose',
          service: 'Firehose',
          wording: 'sdk',
        });
      }
    });
  }
}
