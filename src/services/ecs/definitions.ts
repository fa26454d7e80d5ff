import type { AccountScope } from '../../core/index.js';
import { formatArn, isPlainObject } from '../../core/index.js';
import { checkName, clientException, parseTaskDefinitionRef, taskDefinitionArn } from './names.js';
import type { EcsStore } from './store.js';
import type {
  ContainerDefinition,
  ListTaskDefinitionsInput,
  RegisterTaskDefinitionInput,
  Tag,
  TaskDefinition,
} from './types.js';

/**
 * Task definitions: each RegisterTaskDefinition adds a revision of its family
 * (ACTIVE); DeregisterTaskDefinition makes one INACTIVE (it stays describable,
 * and tasks already running from it go on). Definitions are checked as ECS
 * checks them: containers need a name and an image, and a memory limit at the
 * task or the container level.
 */

/** A task-level size as ECS stores it: `"1024"`, or `"1 vCPU"` / `"4 GB"` turned into units. */
function size(value: unknown, field: 'cpu' | 'memory'): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '?';
  const match = /^(\d+(?:\.\d+)?)\s*(vcpu|gb)$/i.exec(text);
  if (match) return String(Math.round(Number(match[1]) * 1024));
  if (!/^\d+$/.test(text)) {
    throw clientException(
      `Invalid ${field} '${text}' at the task level: give units as a string (${field === 'cpu' ? '"1024" or "1 vCPU"' : '"4096" or "4 GB"'})`,
    );
  }
  return text;
}

function checkContainer(
  container: unknown,
  index: number,
  taskMemory: boolean,
): ContainerDefinition {
  if (!isPlainObject(container) || typeof container.name !== 'string' || container.name === '') {
    throw clientException(
      `Container.name should not be null or empty (containerDefinitions[${index}]): give every container a name`,
    );
  }
  if (typeof container.image !== 'string' || container.image === '') {
    throw clientException(
      `Container.image should not be null or empty (container '${container.name}'): give the image URI the container runs`,
    );
  }
  if (!taskMemory && container.memory === undefined && container.memoryReservation === undefined) {
    throw clientException(
      `Invalid setting for container '${container.name}'. At least one of 'memory' or 'memoryReservation' must be specified (or give memory at the task level).`,
    );
  }
  return container as unknown as ContainerDefinition;
}

/** The revision a RegisterTaskDefinition request adds. */
export function compileDefinition(
  scope: AccountScope,
  store: EcsStore,
  input: RegisterTaskDefinitionInput,
  now: number,
): { definition: TaskDefinition; tags: Tag[] } {
  const family = checkName(input?.family, 'Family');
  const cpu = size(input.cpu, 'cpu');
  const memory = size(input.memory, 'memory');
  const fargate = (input.requiresCompatibilities ?? []).includes('FARGATE');
  if (fargate && cpu === undefined) {
    throw clientException(
      `Fargate requires that 'cpu' be defined at the task level (family '${family}'): give cpu, e.g. "1024"`,
    );
  }
  if (fargate && memory === undefined) {
    throw clientException(
      `Fargate requires that 'memory' be defined at the task level (family '${family}'): give memory, e.g. "4096"`,
    );
  }
  if (!Array.isArray(input.containerDefinitions) || input.containerDefinitions.length === 0) {
    throw clientException(
      `containerDefinitions of family '${family}' is empty: give at least one container (name, image)`,
    );
  }
  const containers = input.containerDefinitions.map((c, i) =>
    checkContainer(c, i, memory !== undefined),
  );
  const revision = store.nextRevision(family);
  const { tags, ...rest } = input;
  const definition: TaskDefinition = {
    ...rest,
    family,
    containerDefinitions: containers.map((c) => ({ ...c, essential: c.essential ?? true })),
    taskDefinitionArn: taskDefinitionArn(scope, family, revision),
    revision,
    status: 'ACTIVE',
    compatibilities: fargate || input.networkMode === 'awsvpc' ? ['EC2', 'FARGATE'] : ['EC2'],
    volumes: input.volumes ?? [],
    placementConstraints: input.placementConstraints ?? [],
    registeredAt: now,
    registeredBy: formatArn(scope, 'iam', 'root', true),
    ...(cpu === undefined ? {} : { cpu }),
    ...(memory === undefined ? {} : { memory }),
  };
  return { definition, tags: tags ?? [] };
}

function notFound(ref: string): Error {
  return clientException(
    `Unable to describe task definition: no task definition '${ref}' here; register it with RegisterTaskDefinition, or give family, family:revision or its ARN`,
  );
}

/** The revision a reference names: `family` (its latest ACTIVE), `family:revision`, or an ARN. */
export function findDefinition(
  store: EcsStore,
  ref: unknown,
): { definition: TaskDefinition; tags: Tag[] } {
  const { family, revision } = parseTaskDefinitionRef(ref);
  const record = store.getDefinition(family, revision);
  if (!record) throw notFound(String(ref));
  return record;
}

/** DeregisterTaskDefinition: the revision becomes INACTIVE. */
export function deregister(store: EcsStore, ref: unknown, now: number): TaskDefinition {
  const { family, revision } = parseTaskDefinitionRef(ref);
  if (revision === undefined) {
    throw clientException(
      `Invalid revision number: deregistering '${String(ref)}' needs family:revision or a task definition ARN`,
    );
  }
  const record = store.getDefinition(family, revision);
  if (!record) throw notFound(String(ref));
  if (record.definition.status === 'ACTIVE') {
    record.definition = { ...record.definition, status: 'INACTIVE', deregisteredAt: now };
    store.putDefinition(record);
  }
  return record.definition;
}

/** ListTaskDefinitions: ARNs by family and revision (DESC reverses), paged. */
export function listDefinitions(
  store: EcsStore,
  input: ListTaskDefinitionsInput,
): { taskDefinitionArns: string[]; nextToken?: string } {
  const arns = store
    .definitions(input.familyPrefix, input.status ?? 'ACTIVE')
    .map((d) => d.taskDefinitionArn);
  if (input.sort === 'DESC') arns.reverse();
  return pageOf(arns, input.maxResults, input.nextToken, 'taskDefinitionArns');
}

/** One page of `items` under `key`, with ECS's nextToken (an offset here). */
export function pageOf<K extends string>(
  items: string[],
  maxResults: number | undefined,
  nextToken: string | undefined,
  key: K,
): { [P in K]: string[] } & { nextToken?: string } {
  const start = nextToken === undefined || nextToken === '' ? 0 : Number(nextToken);
  if (!Number.isInteger(start) || start < 0) {
    throw clientException(
      `nextToken '${nextToken}' was not returned by this API: pass the nextToken of the previous page`,
    );
  }
  const count = Math.min(Math.max(maxResults ?? 100, 1), 100);
  const next = start + count < items.length ? String(start + count) : undefined;
  return {
    [key]: items.slice(start, start + count),
    ...(next === undefined ? {} : { nextToken: next }),
  } as { [P in K]: string[] } & { nextToken?: string };
}
