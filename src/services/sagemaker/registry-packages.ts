import { errorMessage } from '../../core/index.js';
import { listPage, pick } from './listing.js';
import { Kind, checkName, required, seconds, textOr, validation } from './names.js';
import type { RegistryDeps } from './registry-common.js';
import { checkApproval, packageArn, packageKey, requireGroup } from './registry-common.js';
import type { ResourceRow } from './store.js';
import type {
  CreateModelPackageInput,
  ListModelPackagesInput,
  ModelPackageDescription,
  ModelPackageGroupDescription,
  ModelPackageSummary,
  ModelRegistry,
  UpdateModelPackageInput,
} from './types.js';

/**
 * Model packages: versions numbered per group (never reused), approval
 * status, metadata and the inference specification; every creation and
 * update puts a `SageMaker Model Package State Change` event through the
 * events port.
 */

type PackageRow = ResourceRow<ModelPackageDescription>;

function eventDetail(doc: ModelPackageDescription): Record<string, unknown> {
  const ms = (s: number | undefined) => (s === undefined ? undefined : Math.round(s * 1000));
  return {
    ...doc,
    CreationTime: ms(doc.CreationTime),
    ...(doc.LastModifiedTime === undefined ? {} : { LastModifiedTime: ms(doc.LastModifiedTime) }),
  };
}

function requirePackage(deps: RegistryDeps, name: unknown): PackageRow {
  const key = packageKey(String(required(name, 'modelPackageName')));
  const row = deps.store.get<ModelPackageDescription>(Kind.ModelPackage, key);
  if (!row) throw validation(`ModelPackage ${packageArn(deps.scope, key)} does not exist.`);
  return row;
}

async function emit(deps: RegistryDeps, doc: ModelPackageDescription): Promise<void> {
  if (!deps.events) return;
  const entry = {
    Source: 'aws.sagemaker',
    DetailType: 'SageMaker Model Package State Change',
    Detail: JSON.stringify(eventDetail(doc)),
    Resources: [doc.ModelPackageArn],
    Time: seconds(deps.clock.now()),
  };
  try {
    await deps.events.putEvents([entry]);
  } catch (err) {
    deps.logger.warn('could not put the model package event', {
      arn: doc.ModelPackageArn,
      error: errorMessage(err),
    });
  }
}

interface Place {
  key: string;
  group?: ResourceRow<ModelPackageGroupDescription>;
  version?: number;
}

/** Where a new package goes: the next version of its group, or its own (unversioned) name. */
function placeOf(deps: RegistryDeps, input: CreateModelPackageInput): Place {
  if (input.ModelPackageGroupName !== undefined) {
    const group = requireGroup(deps, input.ModelPackageGroupName);
    const version = Number(group.plan?.nextVersion ?? 1);
    return { key: `${group.name}/${version}`, group, version };
  }
  const key = checkName(input.ModelPackageName, 'modelPackageName');
  if (deps.store.get(Kind.ModelPackage, key)) {
    throw validation(`Model Package already exists: ${packageArn(deps.scope, key)}`);
  }
  return { key };
}

async function createPackage(
  deps: RegistryDeps,
  input: CreateModelPackageInput,
): Promise<{ ModelPackageArn: string }> {
  const approval = checkApproval(input?.ModelApprovalStatus);
  for (const [i, c] of (input.InferenceSpecification?.Containers ?? []).entries()) {
    required(c.Image, `inferenceSpecification.containers.${i + 1}.member.image`);
  }
  const { key, group, version } = placeOf(deps, input);
  const created = seconds(deps.clock.now());
  const { Tags: _tags, ...fields } = input;
  const doc: ModelPackageDescription = {
    ...fields,
    ModelPackageName: group ? group.name : key,
    ...(group && version !== undefined
      ? { ModelPackageGroupName: group.name, ModelPackageVersion: version }
      : {}),
    ModelPackageArn: packageArn(deps.scope, key),
    CreationTime: created,
    ModelPackageStatus: 'Completed',
    ModelPackageStatusDetails: { ValidationStatuses: [], ImageScanStatuses: [] },
    ...(group ? { ModelApprovalStatus: approval ?? 'PendingManualApproval' } : {}),
    CertifyForMarketplace: false,
  };
  deps.store.transaction(() => {
    if (group) deps.store.put({ ...group, plan: { nextVersion: (version ?? 0) + 1 } });
    const parent = group ? { parent: group.name } : {};
    deps.store.put({
      kind: Kind.ModelPackage,
      name: key,
      created,
      status: 'Completed',
      ...parent,
      doc,
    });
  });
  await emit(deps, doc);
  return { ModelPackageArn: doc.ModelPackageArn };
}

const SUMMARY_FIELDS = [
  'ModelPackageName',
  'ModelPackageGroupName',
  'ModelPackageVersion',
  'ModelPackageArn',
  'ModelPackageDescription',
  'CreationTime',
  'ModelPackageStatus',
  'ModelApprovalStatus',
];

function listPackages(
  deps: RegistryDeps,
  input: ListModelPackagesInput,
): { ModelPackageSummaryList: ModelPackageSummary[]; NextToken?: string } {
  const approval = checkApproval(input.ModelApprovalStatus);
  const type =
    input.ModelPackageType ?? (input.ModelPackageGroupName ? 'Versioned' : 'Unversioned');
  const filter = input.ModelPackageGroupName ? { parent: input.ModelPackageGroupName } : {};
  const rows = deps.store.list<ModelPackageDescription>(Kind.ModelPackage, filter).filter((r) => {
    const versioned = r.doc.ModelPackageVersion !== undefined;
    if (type === 'Versioned' && !versioned) return false;
    if (type === 'Unversioned' && versioned) return false;
    return approval === undefined || r.doc.ModelApprovalStatus === approval;
  });
  const page = listPage(rows as unknown as ResourceRow[], input, {
    nameField: 'ModelPackageName',
    defaultOrder: 'Ascending',
    summarize: (r) => pick(r.doc, SUMMARY_FIELDS) as unknown as ModelPackageSummary,
    sortKeys: {
      // Versions of one group share a name: order them by version.
      Name: (r) =>
        `${textOr(r.doc.ModelPackageName, r.name)}/${String(Number(r.doc.ModelPackageVersion ?? 0)).padStart(10, '0')}`,
    },
  });
  return {
    ModelPackageSummaryList: page.items,
    ...(page.NextToken ? { NextToken: page.NextToken } : {}),
  };
}

async function updatePackage(
  deps: RegistryDeps,
  input: UpdateModelPackageInput,
): Promise<{ ModelPackageArn: string }> {
  const row = requirePackage(deps, input?.ModelPackageArn);
  const approval = checkApproval(input.ModelApprovalStatus);
  const doc = row.doc;
  if (approval) doc.ModelApprovalStatus = approval;
  if (input.ApprovalDescription !== undefined) doc.ApprovalDescription = input.ApprovalDescription;
  const properties = { ...doc.CustomerMetadataProperties, ...input.CustomerMetadataProperties };
  for (const key of input.CustomerMetadataPropertiesToRemove ?? []) delete properties[key];
  if (Object.keys(properties).length > 0 || doc.CustomerMetadataProperties) {
    doc.CustomerMetadataProperties = properties;
  }
  doc.LastModifiedTime = seconds(deps.clock.now());
  deps.store.put(row);
  await emit(deps, doc);
  return { ModelPackageArn: doc.ModelPackageArn };
}

/** The model package operations of the registry. */
export function packageOps(
  deps: RegistryDeps,
): Pick<
  ModelRegistry,
  | 'createModelPackage'
  | 'describeModelPackage'
  | 'listModelPackages'
  | 'updateModelPackage'
  | 'deleteModelPackage'
> {
  return {
    createModelPackage: (input) => createPackage(deps, input),
    describeModelPackage: async (input) => requirePackage(deps, input?.ModelPackageName).doc,
    listModelPackages: async (input = {}) => listPackages(deps, input),
    updateModelPackage: (input) => updatePackage(deps, input),
    async deleteModelPackage(input) {
      const row = requirePackage(deps, input?.ModelPackageName);
      deps.store.delete(Kind.ModelPackage, row.name);
      return {};
    },
  };
}
