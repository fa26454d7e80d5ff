import type { AccountScope } from '../../core/index.js';
import { isPlainObject } from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { batchArn, checkName, clientError, parseDefinitionRef } from './names.js';
import type {
  ContainerProperties,
  DescribeJobDefinitionsInput,
  JobDefinition,
  RegisterJobDefinitionInput,
} from './types.js';
import {
  checkCommand,
  checkEnvironment,
  checkPositive,
  checkResourceRequirements,
  checkRetryStrategy,
  checkStringMap,
  checkTimeout,
} from './validate.js';

/**
 * Job definitions and their revisions: each RegisterJobDefinition of a name
 * adds revision n+1; a definition is found by name (latest ACTIVE revision),
 * `name:revision` or ARN.
 */

function checkContainer(value: unknown): ContainerProperties {
  if (!isPlainObject(value)) {
    throw clientError(
      'containerProperties must be specified for a container job definition (at least { image, command })',
    );
  }
  if (typeof value.image !== 'string' || value.image === '') {
    throw clientError(
      'containerProperties.image is required: the image URI the job runs (a registered image runs its program or folder locally)',
    );
  }
  const command = checkCommand(value.command, 'containerProperties.command');
  const environment = checkEnvironment(value.environment, 'containerProperties.environment');
  const resourceRequirements = checkResourceRequirements(
    value.resourceRequirements,
    'containerProperties.resourceRequirements',
  );
  const vcpus = checkPositive(value.vcpus, 'containerProperties.vcpus');
  const memory = checkPositive(value.memory, 'containerProperties.memory');
  return {
    ...value,
    image: value.image,
    ...(command ? { command } : {}),
    ...(environment ? { environment } : {}),
    ...(resourceRequirements ? { resourceRequirements } : {}),
    ...(vcpus === undefined ? {} : { vcpus }),
    ...(memory === undefined ? {} : { memory }),
  };
}

/** Creates the definitions store over `db`. */
export function createDefinitions(db: SqliteDatabase, scope: AccountScope) {
  const byName = new Map<string, JobDefinition[]>();
  const rows = db
    .prepare('SELECT doc FROM batch_job_definitions ORDER BY name, revision')
    .all() as Array<{ doc: string }>;
  for (const { doc } of rows) {
    const def = JSON.parse(doc) as JobDefinition;
    byName.set(def.jobDefinitionName, [...(byName.get(def.jobDefinitionName) ?? []), def]);
  }
  const put = db.prepare(
    'INSERT OR REPLACE INTO batch_job_definitions (name, revision, status, doc) VALUES (?, ?, ?, ?)',
  );
  const save = (def: JobDefinition): void => {
    put.run(def.jobDefinitionName, def.revision, def.status, JSON.stringify(def));
  };

  function register(input: RegisterJobDefinitionInput) {
    const name = checkName(input.jobDefinitionName, 'jobDefinitionName');
    if (input.type === 'multinode') {
      throw clientError(
        `job definition '${name}': multinode (MNP) job definitions do not run locally; use type 'container'`,
      );
    }
    if (input.type !== 'container')
      throw clientError(`type must be 'container' (got ${JSON.stringify(input.type ?? null)})`);
    const containerProperties = checkContainer(input.containerProperties);
    const retryStrategy = checkRetryStrategy(input.retryStrategy, 'retryStrategy');
    const timeout = checkTimeout(input.timeout, 'timeout');
    const parameters = checkStringMap(input.parameters, 'parameters');
    const revisions = byName.get(name) ?? [];
    const revision = (revisions.at(-1)?.revision ?? 0) + 1;
    const def: JobDefinition = {
      jobDefinitionName: name,
      jobDefinitionArn: batchArn(scope, 'job-definition', `${name}:${revision}`),
      revision,
      status: 'ACTIVE',
      type: 'container',
      ...(input.schedulingPriority === undefined
        ? {}
        : { schedulingPriority: input.schedulingPriority }),
      parameters: parameters ?? {},
      ...(retryStrategy ? { retryStrategy } : {}),
      containerProperties,
      ...(timeout ? { timeout } : {}),
      ...(input.tags ? { tags: input.tags } : {}),
      propagateTags: input.propagateTags ?? false,
      platformCapabilities: input.platformCapabilities ?? ['EC2'],
      containerOrchestrationType: 'ECS',
    };
    byName.set(name, [...revisions, def]);
    save(def);
    return { jobDefinitionName: name, jobDefinitionArn: def.jobDefinitionArn, revision };
  }

  /** The ACTIVE definition `ref` points at (latest revision for a bare name). */
  function resolve(ref: string): JobDefinition {
    const { name, revision } = parseDefinitionRef(ref);
    const revisions = byName.get(name) ?? [];
    const found =
      revision === undefined
        ? revisions.filter((d) => d.status === 'ACTIVE').at(-1)
        : revisions.find((d) => d.revision === revision && d.status === 'ACTIVE');
    if (!found) {
      throw clientError(
        `JobDefinition ${revision === undefined ? 'name ' : ''}${ref} does not exist or is not in ACTIVE status`,
      );
    }
    return found;
  }

  function describe(input: DescribeJobDefinitionsInput = {}): JobDefinition[] {
    let all = [...byName.values()].flat();
    if (input.jobDefinitions?.length) {
      const wanted = input.jobDefinitions.map(parseDefinitionRef);
      all = all.filter((d) =>
        wanted.some(
          (w) =>
            w.name === d.jobDefinitionName &&
            (w.revision === undefined || w.revision === d.revision),
        ),
      );
    }
    if (input.jobDefinitionName)
      all = all.filter((d) => d.jobDefinitionName === input.jobDefinitionName);
    if (input.status) all = all.filter((d) => d.status === input.status);
    return all;
  }

  function deregister(ref: string): void {
    const { name, revision } = parseDefinitionRef(ref);
    if (revision === undefined) {
      throw clientError(
        `jobDefinition '${ref}' must name a revision (name:revision or its ARN) to be deregistered`,
      );
    }
    const def = (byName.get(name) ?? []).find((d) => d.revision === revision);
    if (!def) throw clientError(`JobDefinition ${ref} does not exist`);
    def.status = 'INACTIVE';
    save(def);
  }

  return { register, resolve, describe, deregister };
}

/** The definitions store's type. */
export type Definitions = ReturnType<typeof createDefinitions>;
