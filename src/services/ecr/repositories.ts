import { ModelmillError } from '../../core/index.js';
import type { EcrContext } from './context.js';
import {
  checkRepositoryName,
  describeRepository,
  page,
  requireRepository,
  seconds,
} from './context.js';
import type { RepositoryRow } from './store.js';
import type {
  CreateRepositoryInput,
  DeleteRepositoryInput,
  DescribeRepositoriesInput,
  Repository,
} from './types.js';

/** CreateRepository, DescribeRepositories and DeleteRepository of the embedded registry. */

/** CreateRepository. */
export function createRepository(
  ctx: EcrContext,
  input: CreateRepositoryInput,
): { repository: Repository } {
  const name = checkRepositoryName(input.repositoryName);
  if (ctx.store.repository(name)) {
    throw new ModelmillError(
      'RepositoryAlreadyExistsException',
      `The repository with name '${name}' already exists in the registry with id '${ctx.scope.accountId}'`,
    );
  }
  const encryption = input.encryptionConfiguration;
  const row: RepositoryRow = {
    name,
    created_at: seconds(ctx),
    mutability: input.imageTagMutability ?? 'MUTABLE',
    scan_on_push: input.imageScanningConfiguration?.scanOnPush ? 1 : 0,
    encryption: JSON.stringify({
      encryptionType: encryption?.encryptionType ?? 'AES256',
      ...(encryption?.kmsKey ? { kmsKey: encryption.kmsKey } : {}),
    }),
    tags: JSON.stringify(input.tags ?? []),
  };
  ctx.store.insertRepository(row);
  return { repository: describeRepository(ctx, row) };
}

/** DescribeRepositories: the named ones (each must exist), or all. */
export function describeRepositories(ctx: EcrContext, input: DescribeRepositoriesInput = {}) {
  const names = input.repositoryNames;
  const rows = names?.length
    ? names.map((n) => requireRepository(ctx, n))
    : ctx.store.repositories();
  const repositories = rows.map((row) => describeRepository(ctx, row));
  return page(repositories, input.maxResults, input.nextToken, 'repositories');
}

/** DeleteRepository: an empty one, or any with `force`. */
export function deleteRepository(
  ctx: EcrContext,
  input: DeleteRepositoryInput,
): { repository: Repository } {
  const row = requireRepository(ctx, input.repositoryName);
  if (!input.force && ctx.store.images(row.name).length > 0) {
    throw new ModelmillError(
      'RepositoryNotEmptyException',
      `The repository with name '${row.name}' in registry with id '${ctx.scope.accountId}' cannot be deleted because it still contains images`,
    );
  }
  ctx.store.deleteRepository(row.name);
  ctx.resolved.clear();
  return { repository: describeRepository(ctx, row) };
}
