/**
 * services/lambda: AWS Lambda for modelmill — functions (CreateFunction,
 * GetFunction, ListFunctions, DeleteFunction, UpdateFunctionCode) and Invoke
 * (RequestResponse, Event, DryRun) with Lambda's answers: the payload, or
 * `FunctionError: 'Unhandled'` and the error document; timeouts as
 * `Task timed out after N seconds`; logs in `/aws/lambda/<name>`. Locally a
 * function is an in-process handler (`registerLocal`), a Node.js or Python
 * handler in its code package or module file, a host command, or an image.
 * Also: the AWS SDK adapter, the `lambda:invoke` integration (which also
 * serves bare function ARNs) and Lambda's REST protocol.
 */
export type * from './types.js';
export { InvocationType } from './types.js';
export type { LocalLambdaOptions } from './local.js';
export { createLocalLambda } from './local.js';
export type { AwsLambdaOptions } from './aws.js';
export { createAwsLambda } from './aws.js';
export type { LambdaIntegrationOptions } from './integration.js';
export { registerLambdaIntegrations } from './integration.js';
export { NODE_RUNNER_PROGRAM } from './invoke.js';
export { readZip, writeZip } from './zip.js';
export type { ZipEntry } from './zip.js';
export { lambdaApi } from './api.js';
