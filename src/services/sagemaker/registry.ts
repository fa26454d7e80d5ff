import type { AccountScope, Clock, Logger } from '../../core/index.js';
import { ModelmillError, silentLogger, systemClock } from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { listPage, pick } from './listing.js';
import { Kind, checkName, seconds, validation } from './names.js';
import type { RegistryDeps } from './registry-common.js';
import { groupArn, requireGroup } from './registry-common.js';
import { packageOps } from './registry-packages.js';
import { createSageMakerStore } from './store.js';
import type { ModelPackageGroupDescription, ModelRegistry, SageMakerEvents } from './types.js';

/**
 * The model registry: model package groups, and versioned model packages
 * (`.../model-package/<group>/<version>`, versions numbered from 1 per group
 * and never reused) with their approval status, metadata, metrics and
 * inference specification. Every creation and update puts a `SageMaker Model
 * Package State Change` event (source `aws.sagemaker`, the package's
 * description as detail) on the default bus through the events port — the
 * event approval rules listen for.
 */

/** Options of a registry on its own (the CLI's, before the composition root wires SageMaker). */
export interface LocalModelRegistryOptions {
  db: SqliteDatabase;
  scope: AccountScope;
  /** Default: the system clock. */
  clock?: Clock;
  /** Where state-change events go. Default: nowhere. */
  events?: SageMakerEvents;
  /** Default: silent. */
  logger?: Logger;
}

function groupOps(
  deps: RegistryDeps,
): Pick<
  ModelRegistry,
  | 'createModelPackageGroup'
  | 'describeModelPackageGroup'
  | 'listModelPackageGroups'
  | 'deleteModelPackageGroup'
> {
  const { store, scope } = deps;
  const now = (): number => seconds(deps.clock.now());
  return {
    async createModelPackageGroup(input) {
      const name = checkName(input?.ModelPackageGroupName, 'modelPackageGroupName');
      const arn = groupArn(scope, name);
      if (store.get(Kind.ModelPackageGroup, name))
        throw validation(`Model Package Group already exists: ${arn}`);
      const created = now();
      const doc: ModelPackageGroupDescription = {
        ModelPackageGroupName: name,
        ModelPackageGroupArn: arn,
        ...(input.ModelPackageGroupDescription
          ? { ModelPackageGroupDescription: input.ModelPackageGroupDescription }
          : {}),
        CreationTime: created,
        CreatedBy: {},
        ModelPackageGroupStatus: 'Completed',
      };
      store.put({
        kind: Kind.ModelPackageGroup,
        name,
        created,
        status: 'Completed',
        doc,
        plan: { nextVersion: 1 },
      });
      return { ModelPackageGroupArn: arn };
    },
    describeModelPackageGroup: async (input) =>
      requireGroup(deps, input?.ModelPackageGroupName).doc,
    async listModelPackageGroups(input = {}) {
      const page = listPage(store.list(Kind.ModelPackageGroup), input, {
        nameField: 'ModelPackageGroupName',
        defaultOrder: 'Ascending',
        summarize: (r) =>
          pick(r.doc, [
            'ModelPackageGroupName',
            'ModelPackageGroupArn',
            'ModelPackageGroupDescription',
            'CreationTime',
            'ModelPackageGroupStatus',
          ]),
      });
      return {
        ModelPackageGroupSummaryList: page.items,
        ...(page.NextToken ? { NextToken: page.NextToken } : {}),
      };
    },
    async deleteModelPackageGroup(input) {
      const group = requireGroup(deps, input?.ModelPackageGroupName);
      const held = store.list(Kind.ModelPackage, { parent: group.name }).length;
      if (held > 0) {
        throw new ModelmillError(
          'ConflictException',
          `Model package group '${group.name}' still holds ${held} model package(s); delete them first (DeleteModelPackage)`,
        );
      }
      store.delete(Kind.ModelPackageGroup, group.name);
      return {};
    },
  };
}

/** The registry operations over `deps`. */
export function registryOps(deps: RegistryDeps): ModelRegistry {
  return { ...groupOps(deps), ...packageOps(deps) };
}

/** A registry over its own store (tables `sagemaker_*`), for tools that need only the registry. */
export function createLocalModelRegistry(options: LocalModelRegistryOptions): ModelRegistry {
  return registryOps({
    store: createSageMakerStore(options.db),
    scope: options.scope,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLogger,
    events: options.events,
  });
}
