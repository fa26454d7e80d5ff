/**
 * services/firehose: Amazon Data Firehose delivery streams (direct put, S3
 * destination). The embedded adapter keeps streams and the records not yet
 * delivered in SQLite and writes them to the S3 port as objects under
 * `YYYY/MM/dd/HH/` (UTC) when a buffer reaches its size or interval; the AWS
 * adapter serves the same port over `@aws-sdk/client-firehose`. Also here:
 * the `aws-sdk:firehose:*` Task handlers, the `Firehose_20150804.*` JSON API
 * and the template-driven record generator (Kinesis Data Generator style).
 *
 * A delivery that fails (the bucket does not exist) is recorded
 * (`deliveryErrors()`, and a warning in the log); the stream stays ACTIVE and
 * the records stay buffered and are retried every 5 s until they land. AWS
 * gives up after 24 hours; modelmill never drops accepted records, except
 * through DeleteDeliveryStream with AllowForceDelete.
 */
export * from './types.js';
export type { LocalFirehoseOptions } from './local.js';
export { createLocalFirehose } from './local.js';
export type { AwsFirehoseOptions } from './aws.js';
export { createAwsFirehose } from './aws.js';
export type { FirehoseIntegrationOptions } from './integration.js';
export { FIREHOSE_TASK_ACTIONS, registerFirehoseIntegrations } from './integration.js';
export { firehoseApi } from './api.js';
export { assertStreamName } from './names.js';
export type { FeedOptions, GeneratorPorts } from './generator.js';
export { feedStream } from './generator.js';
