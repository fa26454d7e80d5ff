import type { AccountScope } from '../../core/index.js';
import { ModelmillError, formatArn, isArn, nameFromArnOrName, parseArn } from '../../core/index.js';

/**
 * Names, ARNs and errors of Batch. Every bad request is a `ClientException`
 * (Batch's one client error), with a message that names the field or the
 * resource and says what would be accepted.
 */

/** A ClientException. */
export function clientError(message: string): ModelmillError {
  return new ModelmillError('ClientException', message);
}

/** Batch's rule for names of environments, queues, definitions and jobs. */
export const BATCH_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,127}$/;

/** `value` when it is a valid name, else a ClientException naming `field`. */
export function checkName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !BATCH_NAME.test(value)) {
    throw clientError(
      `${field} ${JSON.stringify(value ?? null)} should match valid pattern: 1 to 128 letters (uppercase and lowercase), numbers, hyphens and underscores, starting with a letter or number`,
    );
  }
  return value;
}

/** Resource kinds in Batch ARNs. */
export type BatchResource = 'compute-environment' | 'job-queue' | 'job-definition' | 'job';

/** The ARN of a Batch resource in the local account. */
export function batchArn(scope: AccountScope, kind: BatchResource, name: string): string {
  return formatArn(scope, 'batch', `${kind}/${name}`);
}

/** The name a reference (name or ARN, any account or region) points at. */
export function refName(ref: string): string {
  return nameFromArnOrName(ref);
}

/** A job definition reference taken apart: `name`, `name:revision` or an ARN of either. */
export function parseDefinitionRef(ref: string): { name: string; revision?: number } {
  const body = isArn(ref) ? parseArn(ref).resource.replace(/^job-definition\//, '') : ref;
  const colon = body.lastIndexOf(':');
  if (colon < 0) return { name: body };
  const revision = Number(body.slice(colon + 1));
  if (!Number.isInteger(revision) || revision < 1) {
    throw clientError(
      `jobDefinition '${ref}' has an invalid revision: expected name:revision with a revision of 1 or more`,
    );
  }
  return { name: body.slice(0, colon), revision };
}

/** The ECS task ARN and container instance ARN shown for an attempt. */
export function taskArns(
  scope: AccountScope,
  taskId: string,
): { taskArn: string; containerInstanceArn: string } {
  return {
    taskArn: formatArn(scope, 'ecs', `task/${taskId}`),
    containerInstanceArn: formatArn(scope, 'ecs', 'container-instance/modelmill-local'),
  };
}
