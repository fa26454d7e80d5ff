/**
 * services/s3: the object store. The embedded adapter keeps buckets as folders
 * and objects as plain files under `<home>/objects/<bucket>/<key>` (written
 * atomically: temporary file + rename; files other tools write there are
 * objects too), with ETags, content types and user metadata in SQLite. The AWS
 * adapter serves the same port over `@aws-sdk/client-s3`. Also here: `s3://`
 * URI helpers, the `aws-sdk:s3:*` Task handlers and the S3 REST API.
 *
 * Keys as paths: a key ending in `/` is a folder marker, stored as the folder
 * itself (it can only be empty, and it keeps its folder when the objects in it
 * go). A key cannot be both an object and a folder of other keys (`a` and
 * `a/b`): the second write is refused with InvalidArgument naming the clash,
 * and nothing is changed. Keys that would leave the bucket folder or cannot be
 * file names (`..`, `//`, NUL, a leading `/`) are refused the same way.
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
