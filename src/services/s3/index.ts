/**
 * services/s3: the object store. The embedded adapter keeps buckets as folders
 * and objects as plain files under `<home>/objects/<bucket>/<key>` (written
 * atomically; files other tools write there are objects too), with ETags,
 * content types and user metadata in SQLite. The AWS adapter serves the same
 * port over `@aws-sdk/client-s3`. Also here: `s3://` URI helpers, the
 * `aws-sdk:s3:*` Task handlers and the S3 REST API.
 */
export * from './types.js';
export { createLocalS3 } from './local.js';
export type { LocalS3Options } from './local.js';
export { createAwsS3 } from './aws.js';
export type { AwsS3Options } from './aws.js';
export { createS3Paths, objectAccessFor } from './uri.js';
export type { ListedObject, S3Paths, WriteOptions } from './uri.js';
export { registerS3Integrations, S3_TASK_ACTIONS } from './integration.js';
export type { S3IntegrationOptions } from './integration.js';
export {
  assertBucketName,
  assertKey,
  bucketNameProblem,
  keyProblem,
  isFolderKey,
} from './names.js';
export { s3Status } from './errors.js';
export { s3Api } from './api.js';
export type { S3ApiOptions } from './api.js';
