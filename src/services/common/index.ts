/**
 * services/common: helpers the service folders share — nothing
 * service-specific. The AWS SDK adapters' boundary (SDK answers and errors
 * into port values and ModelmillErrors); the pieces of the Step Functions
 * integrations every service repeats (waiting for a `.sync` job, the
 * `SdkHttpMetadata` of request-response outputs, the `<Service>.<Name>Exception`
 * errors and their cause text); and what the contract suites share. Nothing
 * here imports a test framework, so production code may import it.
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
export { toStepFunctionsJson } from './task-json.js';
