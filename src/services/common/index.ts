/**
 * services/common: helpers the service folders share — nothing
 * service-specific. The AWS SDK adapters' boundary (SDK answers and errors
 * into port values and ModelmillErrors); more shared pieces join here as the
 * services stop writing them each on their own.
 */
export type { FromSdkErrorOptions, FromSdkOptions, SdkClient, SdkSenderOptions } from './sdk.js';
export { callSdk, createSdkSender, fromSdk, fromSdkError } from './sdk.js';
export type { SyncJob } from './sync-job.js';
export { awaitSyncJob } from './sync-job.js';
export type { HttpResponseOptions } from './http-metadata.js';
export { responseHeaders, sdkMetadata, withHttpMetadata } from './http-metadata.js';
export type { ApiFailure, TaskErrorNaming } from './task-errors.js';
export { exceptionName, taskApiError } from './task-errors.js';
export type { Rejection } from './contract-support.js';
export { rejection, rejectionCode } from './contract-support.js';
