/**
 * services/ecr: the image registry. Job definitions, task definitions and
 * SageMaker jobs name images by URI (`<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>`);
 * the embedded registry keeps ECR's repositories and tags and maps each image
 * to what runs it here — a built-in program, a bring-your-own folder, or a
 * real image for Docker/Podman — and resolves URIs for the runtime by
 * repository and tag, whatever account or region they carry. The AWS adapter
 * serves the same port over `@aws-sdk/client-ecr`; `ecrApi` serves ECR's JSON
 * protocol.
 */
export type * from './types.js';
export type { LocalEcrOptions } from './local.js';
export { createLocalEcr } from './local.js';
export type { AwsEcrOptions } from './aws.js';
export { createAwsEcr } from './aws.js';
export { ecrApi } from './api.js';
export type { ImageReference } from './uri.js';
export { parseImageUri, repositoryUri } from './uri.js';
