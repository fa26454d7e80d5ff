import type { AccountScope } from '../../core/index.js';
import { ModelmillError, formatArn, isArn, parseArn } from '../../core/index.js';

/**
 * ECS names and ARNs, and its errors. References resolve by name whatever
 * account or region an ARN carries: `gata-dev`, `arn:aws:ecs:...:cluster/gata-dev`;
 * `family`, `family:3`, `arn:aws:ecs:...:task-definition/family:3`; a task id
 * or its ARN (`.../task/<cluster>/<id>`).
 */

/** The cluster that always exists. */
export const DEFAULT_CLUSTER = 'default';

const NAME = /^[a-zA-Z0-9_-]{1,255}$/;

/** A ClientException (ECS's name for most bad requests). */
export function clientException(message: string): ModelmillError {
  return new ModelmillError('ClientException', message);
}

/** An InvalidParameterException. */
export function invalidParameter(message: string): ModelmillError {
  return new ModelmillError('InvalidParameterException', message);
}

/** ClusterNotFoundException for `name`. */
export function clusterNotFound(name: string): ModelmillError {
  return new ModelmillError(
    'ClusterNotFoundException',
    `Cluster not found: no cluster '${name}' here; create it with CreateCluster (only '${DEFAULT_CLUSTER}' always exists)`,
  );
}

/** A checked cluster or family name. */
export function checkName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw clientException(
      `${field} ${JSON.stringify(value)} is not valid: use up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens`,
    );
  }
  return value;
}

/** The cluster name a reference points at (default: `default`). */
export function clusterName(ref: string | undefined): string {
  if (ref === undefined || ref === '') return DEFAULT_CLUSTER;
  if (!isArn(ref)) return ref;
  const { resource } = parseArn(ref);
  return resource.startsWith('cluster/') ? resource.slice('cluster/'.length) : ref;
}

/** A cluster's ARN. */
export function clusterArn(scope: AccountScope, name: string): string {
  return formatArn(scope, 'ecs', `cluster/${name}`);
}

/** A task definition revision's ARN. */
export function taskDefinitionArn(scope: AccountScope, family: string, revision: number): string {
  return formatArn(scope, 'ecs', `task-definition/${family}:${revision}`);
}

/** `family` and, when given, `revision` of a task definition reference. */
export function parseTaskDefinitionRef(ref: unknown): { family: string; revision?: number } {
  if (typeof ref !== 'string' || ref === '') {
    throw clientException(
      'taskDefinition is missing: give a family, family:revision, or a task definition ARN',
    );
  }
  const text = isArn(ref) ? parseArn(ref).resource.replace(/^task-definition\//, '') : ref;
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { family: text };
  const revision = Number(text.slice(colon + 1));
  if (!Number.isInteger(revision) || revision < 1) {
    throw clientException(
      `Invalid revision number in '${ref}': give family:revision with a revision of 1 or more`,
    );
  }
  return { family: text.slice(0, colon), revision };
}

/** A task's ARN (new format: cluster name and id). */
export function taskArn(scope: AccountScope, cluster: string, id: string): string {
  return formatArn(scope, 'ecs', `task/${cluster}/${id}`);
}

/** The id of a task reference (an id or an ARN). */
export function taskId(ref: string): string {
  if (!isArn(ref)) return ref;
  const { resource } = parseArn(ref);
  return resource.slice(resource.lastIndexOf('/') + 1);
}

/** A container's ARN. */
export function containerArn(
  scope: AccountScope,
  cluster: string,
  id: string,
  name: string,
): string {
  return formatArn(scope, 'ecs', `container/${cluster}/${id}/${name}`);
}
