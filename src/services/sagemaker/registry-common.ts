import type { AccountScope, Clock, Logger } from '../../core/index.js';
import { formatArn, isArn, parseArn } from '../../core/index.js';
import { Kind, shown, validation } from './names.js';
import type { ResourceRow, SageMakerStore } from './store.js';
import type {
  ModelApprovalStatus,
  ModelPackageGroupDescription,
  SageMakerEvents,
} from './types.js';

/** What the model registry's parts share: its dependencies, ARNs, keys and checks. */

/** What the registry needs. */
export interface RegistryDeps {
  store: SageMakerStore;
  scope: AccountScope;
  clock: Clock;
  logger: Logger;
  events: SageMakerEvents | undefined;
}

const APPROVAL = ['Approved', 'Rejected', 'PendingManualApproval'];

/** The ARN of a model package group. */
export function groupArn(scope: AccountScope, name: string): string {
  return formatArn(scope, 'sagemaker', `${Kind.ModelPackageGroup}/${name.toLowerCase()}`);
}

/** The ARN of a model package (`group/version` or an unversioned name). */
export function packageArn(scope: AccountScope, key: string): string {
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

/** Checks a ModelApprovalStatus value. */
export function checkApproval(value: unknown): ModelApprovalStatus | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !APPROVAL.includes(value)) {
    throw validation(
      `1 validation error detected: Value '${shown(value)}' at 'modelApprovalStatus' failed to satisfy constraint: Member must satisfy enum value set: [${APPROVAL.join(', ')}]`,
    );
  }
  return value as ModelApprovalStatus;
}

/** The model package group called `name`, or ValidationException. */
export function requireGroup(
  deps: RegistryDeps,
  name: unknown,
): ResourceRow<ModelPackageGroupDescription> {
  const row =
    typeof name === 'string'
      ? deps.store.get<ModelPackageGroupDescription>(Kind.ModelPackageGroup, name)
      : undefined;
  if (!row) throw validation(`ModelPackageGroup ${String(name)} does not exist.`);
  return row;
}
