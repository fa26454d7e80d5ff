/**
 * services/ssm: SSM Parameter Store. The embedded adapter keeps parameters and
 * their versions (labels, history) in SQLite, SecureStrings encrypted with
 * AES-256-GCM under `<home>/secrets.key`; the AWS adapter serves the same port
 * over `@aws-sdk/client-ssm`. Also here: the `aws-sdk:ssm:*` Task handlers
 * and the `AmazonSSM.*` JSON API.
 */
export * from './types.js';
export { createLocalSsm } from './local.js';
export type { LocalSsmOptions } from './local.js';
export { createAwsSsm } from './aws.js';
export type { AwsSsmOptions } from './aws.js';
export { registerSsmIntegrations, SSM_TASK_ACTIONS } from './integration.js';
export type { SsmIntegrationOptions } from './integration.js';
export { ssmApi } from './api.js';
export { assertParameterName, assertPath, parseSelector } from './names.js';
