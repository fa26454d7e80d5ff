import type { AccountScope, Clock, Logger } from '../../core/index.js';
import {
  ModelmillError,
  errorMessage,
  formatArn,
  isArn,
  parseArn,
  silentLogger,
  systemClock,
} from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { listPage, pick } from './listing.js';
import { Kind, checkName, required, seconds, shown, textOr, validation } from './names.js';
import type { ResourceRow, SageMakerStore } from './store.js';
import { createSageMakerStore } from './store.js';
import type {
  ModelApprovalStatus,
  ModelPackageDescription,
  ModelPackageGroupDescription,
  ModelPackageSummary,
  ModelRegistry,
  SageMakerEvents,
} from './types.js';

/**
 * The model registry: model package groups, and versioned model packages
 * (`.../model-package/<group>/<version>`, versions numbered from 1 per group
 * and never reused) with their approval status, metadata, metrics and
 * inference specification. Every creation and update puts a `SageMaker Model
 * Package State Change` event (source `aws.sagemaker`, the package's
 * description as detail) on the default bus through the events port — the
 * event approval rules listen for.
 */

/** What the registry needs. */
export interface RegistryDeps {
  store: SageMakerStore;
  scope: AccountScope;
  clock: Clock;
  logger: Logger;
  events: SageMakerEvents | undefined;
}

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

const APPROVAL = ['Approved', 'Rejected', 'PendingManualApproval'];

type PackageRow = ResourceRow<ModelPackageDescription>;

function groupArn(scope: AccountScope, name: string): string {
  return formatArn(scope, 'sagemaker', `${Kind.ModelPackageGroup}/${name.toLowerCase()}`);
}

function packageArn(scope: AccountScope, key: string): string {
  return formatArn(scope, 'sagemaker', `${Kind.ModelPackage}/${key.toLowerCase()}`);
}

/** The store key of a package named by ARN, `group/version`, or (unversioned) name. */
export function packageKey(text: string): string {
  if (!isArn(text)) return text;
  const { resource } = parseArn(text);
  if (!resource.startsWith(`${Kind.ModelPackage}/`)) {
    throw validation(
      `'${text}' is not a model package ARN: expected arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>`,
    );
  }
  return resource.slice(Kind.ModelPackage.length + 1);
}

function checkApproval(value: unknown): ModelApprovalStatus | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !APPROVAL.includes(value)) {
    throw validation(
      `1 validation error detected: Value '${shown(value)}' at 'modelApprovalStatus' failed to satisfy constraint: Member must satisfy enum value set: [${APPROVAL.join(', ')}]`,
    );
  }
  return value as ModelApprovalStatus;
}

function eventDetail(doc: ModelPackageDescription): Record<string, unknown> {
  const ms = (s: number | undefined) => (s === undefined ? undefined : Math.round(s * 1000));
  return {
    ...doc,
    CreationTime: ms(doc.CreationTime),
    ...(doc.LastModifiedTime === undefined ? {} : { LastModifiedTime: ms(doc.LastModifiedTime) }),
  };
}

/** The registry operations over `deps`. */
export function registryOps(deps: RegistryDeps): ModelRegistry {
  const { store, scope } = deps;
  const now = (): number => seconds(deps.clock.now());
  const requireGroup = (name: unknown): ResourceRow<ModelPackageGroupDescription> => {
    const row =
      typeof name === 'string'
        ? store.get<ModelPackageGroupDescription>(Kind.ModelPackageGroup, name)
        : undefined;
    if (!row) throw validation(`ModelPackageGroup ${String(name)} does not exist.`);
    return row;
  };
  const requirePackage = (name: unknown): PackageRow => {
    const key = packageKey(String(required(name, 'modelPackageName')));
    const row = store.get<ModelPackageDescription>(Kind.ModelPackage, key);
    if (!row) throw validation(`ModelPackage ${packageArn(scope, key)} does not exist.`);
    return row;
  };
  const emit = async (doc: ModelPackageDescription): Promise<void> => {
    if (!deps.events) return;
    const entry = {
      Source: 'aws.sagemaker',
      DetailType: 'SageMaker Model Package State Change',
      Detail: JSON.stringify(eventDetail(doc)),
      Resources: [doc.ModelPackageArn],
      Time: now(),
    };
    try {
      await deps.events.putEvents([entry]);
    } catch (err) {
      deps.logger.warn('could not put the model package event', {
        arn: doc.ModelPackageArn,
        error: errorMessage(err),
      });
    }
  };

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
    describeModelPackageGroup: async (input) => requireGroup(input?.ModelPackageGroupName).doc,
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
      const group = requireGroup(input?.ModelPackageGroupName);
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
    async createModelPackage(input) {
      const approval = checkApproval(input?.ModelApprovalStatus);
      for (const [i, c] of (input.InferenceSpecification?.Containers ?? []).entries()) {
        required(c.Image, `inferenceSpecification.containers.${i + 1}.member.image`);
      }
      const created = now();
      let key: string;
      let version: number | undefined;
      let group: ResourceRow<ModelPackageGroupDescription> | undefined;
      if (input.ModelPackageGroupName !== undefined) {
        group = requireGroup(input.ModelPackageGroupName);
        version = Number(group.plan?.nextVersion ?? 1);
        key = `${group.name}/${version}`;
      } else {
        key = checkName(input.ModelPackageName, 'modelPackageName');
        if (store.get(Kind.ModelPackage, key))
          throw validation(`Model Package already exists: ${packageArn(scope, key)}`);
      }
      const { Tags: _tags, ...fields } = input;
      const doc: ModelPackageDescription = {
        ...fields,
        ModelPackageName: group ? group.name : key,
        ...(group
          ? { ModelPackageGroupName: group.name, ModelPackageVersion: version as number }
          : {}),
        ModelPackageArn: packageArn(scope, key),
        CreationTime: created,
        ModelPackageStatus: 'Completed',
        ModelPackageStatusDetails: { ValidationStatuses: [], ImageScanStatuses: [] },
        ...(group ? { ModelApprovalStatus: approval ?? 'PendingManualApproval' } : {}),
        CertifyForMarketplace: false,
      };
      store.transaction(() => {
        if (group) store.put({ ...group, plan: { nextVersion: (version as number) + 1 } });
        store.put({
          kind: Kind.ModelPackage,
          name: key,
          created,
          status: 'Completed',
          ...(group ? { parent: group.name } : {}),
          doc,
        });
      });
      await emit(doc);
      return { ModelPackageArn: doc.ModelPackageArn };
    },
    describeModelPackage: async (input) => requirePackage(input?.ModelPackageName).doc,
    async listModelPackages(input = {}) {
      const approval = checkApproval(input.ModelApprovalStatus);
      const type =
        input.ModelPackageType ?? (input.ModelPackageGroupName ? 'Versioned' : 'Unversioned');
      const rows = store
        .list<ModelPackageDescription>(
          Kind.ModelPackage,
          input.ModelPackageGroupName ? { parent: input.ModelPackageGroupName } : {},
        )
        .filter((r) => {
          const versioned = r.doc.ModelPackageVersion !== undefined;
          if (type === 'Versioned' && !versioned) return false;
          if (type === 'Unversioned' && versioned) return false;
          return approval === undefined || r.doc.ModelApprovalStatus === approval;
        });
      const page = listPage(rows as unknown as ResourceRow[], input, {
        nameField: 'ModelPackageName',
        defaultOrder: 'Ascending',
        summarize: (r) =>
          pick(r.doc, [
            'ModelPackageName',
            'ModelPackageGroupName',
            'ModelPackageVersion',
            'ModelPackageArn',
            'ModelPackageDescription',
            'CreationTime',
            'ModelPackageStatus',
            'ModelApprovalStatus',
          ]) as unknown as ModelPackageSummary,
        sortKeys: {
          Name: (r) =>
            `${textOr(r.doc.ModelPackageName, r.name)}/${String(Number(r.doc.ModelPackageVersion ?? 0)).padStart(10, '0')}`,
        },
      });
      return {
        ModelPackageSummaryList: page.items,
        ...(page.NextToken ? { NextToken: page.NextToken } : {}),
      };
    },
    async updateModelPackage(input) {
      const row = requirePackage(input?.ModelPackageArn);
      const approval = checkApproval(input.ModelApprovalStatus);
      const doc = row.doc;
      if (approval) doc.ModelApprovalStatus = approval;
      if (input.ApprovalDescription !== undefined)
        doc.ApprovalDescription = input.ApprovalDescription;
      const properties = { ...doc.CustomerMetadataProperties, ...input.CustomerMetadataProperties };
      for (const key of input.CustomerMetadataPropertiesToRemove ?? []) delete properties[key];
      if (Object.keys(properties).length > 0 || doc.CustomerMetadataProperties)
        doc.CustomerMetadataProperties = properties;
      doc.LastModifiedTime = now();
      store.put(row);
      await emit(doc);
      return { ModelPackageArn: doc.ModelPackageArn };
    },
    async deleteModelPackage(input) {
      const row = requirePackage(input?.ModelPackageName);
      store.delete(Kind.ModelPackage, row.name);
      return {};
    },
  };
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
