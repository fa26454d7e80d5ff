import { formatArn, ModelmillError } from '../../core/index.js';
import type { AccountScope, Clock } from '../../core/index.js';
import type { ImageTarget } from '../../runtime/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import type { EcrStore, RepositoryRow } from './store.js';
import type { Repository } from './types.js';
import { REPOSITORY_NAME, repositoryUri } from './uri.js';

/** What the embedded registry's operations share, and the small helpers they all use. */
export interface EcrContext {
  scope: AccountScope;
  clock: Clock;
  store: EcrStore;
  resolved: ResolveCache;
  hasProgram: ((name: string) => boolean) | undefined;
}

/** Now, in epoch seconds (ECR's timestamps). */
export function seconds(ctx: EcrContext): number {
  return Math.floor(ctx.clock.now() / 1000);
}

/** ECR's RepositoryNotFoundException. */
export function repositoryNotFound(ctx: EcrContext, name: string): ModelmillError {
  return new ModelmillError(
    'RepositoryNotFoundException',
    `The repository with name '${name}' does not exist in the registry with id '${ctx.scope.accountId}'`,
  );
}

/** `name` when ECR accepts it as a repository name, else InvalidParameterException. */
export function checkRepositoryName(name: unknown): string {
  if (
    typeof name !== 'string' ||
    name.length < 2 ||
    name.length > 256 ||
    !REPOSITORY_NAME.test(name)
  ) {
    throw new ModelmillError(
      'InvalidParameterException',
      `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '${REPOSITORY_NAME.source}' and be 2 to 256 characters' (got ${JSON.stringify(name)})`,
    );
  }
  return name;
}

/** The repository row, or RepositoryNotFoundException. */
export function requireRepository(ctx: EcrContext, name: string): RepositoryRow {
  const row = ctx.store.repository(checkRepositoryName(name));
  if (!row) throw repositoryNotFound(ctx, name);
  return row;
}

/** A repository as DescribeRepositories shows it. */
export function describeRepository(ctx: EcrContext, row: RepositoryRow): Repository {
  const { scope } = ctx;
  return {
    repositoryArn: formatArn(scope, 'ecr', `repository/${row.name}`),
    registryId: scope.accountId,
    repositoryName: row.name,
    repositoryUri: repositoryUri(scope.accountId, scope.region, row.name),
    createdAt: row.created_at,
    imageTagMutability: row.mutability,
    imageScanningConfiguration: { scanOnPush: row.scan_on_push === 1 },
    encryptionConfiguration: JSON.parse(row.encryption) as Repository['encryptionConfiguration'],
  };
}

/** Resolutions by URI. */
export interface ResolveCache {
  clear(): void;
  get(uri: string, load: () => ImageTarget | undefined): ImageTarget | undefined;
}

/**
 * Resolutions by URI, kept until this registry changes an image or another
 * connection to the database commits (SQLite's `data_version` moves), so a
 * registration made by another process is seen at once.
 */
export function createResolveCache(db: SqliteDatabase): ResolveCache {
  const version = db.prepare('PRAGMA data_version').pluck();
  const cache = new Map<string, ImageTarget | undefined>();
  let seen = version.get();
  return {
    clear: () => cache.clear(),
    get(uri, load) {
      const now = version.get();
      if (now !== seen) {
        seen = now;
        cache.clear();
      }
      if (cache.has(uri)) return cache.get(uri);
      const found = load();
      cache.set(uri, found);
      return found;
    },
  };
}

/** One page of `items` after `token` (a decimal offset), as ECR pages (`maxResults` 1..1000, default 100). */
export function page<K extends string, T>(
  items: T[],
  maxResults: number | undefined,
  token: string | undefined,
  key: K,
): Record<K, T[]> & { nextToken?: string } {
  const start = token === undefined ? 0 : Number.parseInt(token, 10);
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    throw new ModelmillError(
      'InvalidParameterException',
      `Invalid parameter at 'nextToken': '${token}' is not a token this registry returned`,
    );
  }
  const size = Math.min(Math.max(maxResults ?? 100, 1), 1000);
  const next = start + size < items.length ? String(start + size) : undefined;
  return {
    [key]: items.slice(start, start + size),
    ...(next ? { nextToken: next } : {}),
  } as Record<K, T[]> & { nextToken?: string };
}
