import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AccountScope, Clock } from '../../core/index.js';
import { ModelmillError, formatArn, systemClock } from '../../core/index.js';
import type { ImageTarget } from '../../runtime/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import type { ImageRow, RepositoryRow } from './store.js';
import { createEcrStore } from './store.js';
import type {
  CreateRepositoryInput,
  DescribeImagesInput,
  ImageDetail,
  ImageIdentifier,
  ImageMapping,
  LocalImageRegistry,
  RegisterImageInput,
  Repository,
} from './types.js';
import { IMAGE_TAG, REPOSITORY_NAME, parseImageUri, repositoryUri } from './uri.js';

/**
 * The embedded image registry: ECR's repositories and tags in SQLite, each
 * image holding what it runs here (a program, a folder, a real image) in
 * place of layers. Its digest is the SHA-256 of that target, so registering
 * the same thing twice gives the same digest.
 */

/** Options of the embedded registry. */
export interface LocalEcrOptions {
  db: SqliteDatabase;
  /** The registry's account and region (repository URIs and ARNs). */
  scope: AccountScope;
  /** Default: the system clock. */
  clock?: Clock;
  /** Known program names, to reject a registration of an unknown one. Default: accept any. */
  hasProgram?: (name: string) => boolean;
}

/** The media type DescribeImages reports for our images. */
const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';

function digestOf(target: ImageTarget): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(target)).digest('hex')}`;
}

function notFound(scope: AccountScope, name: string): ModelmillError {
  return new ModelmillError(
    'RepositoryNotFoundException',
    `The repository with name '${name}' does not exist in the registry with id '${scope.accountId}'`,
  );
}

function checkName(name: unknown): string {
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

/** Creates the embedded registry (tables `ecr_*`). */
export function createLocalEcr(options: LocalEcrOptions): LocalImageRegistry {
  const { scope } = options;
  const clock = options.clock ?? systemClock;
  const store = createEcrStore(options.db);
  const resolved = createResolveCache(options.db);
  const seconds = (): number => Math.floor(clock.now() / 1000);

  const describeRepo = (row: RepositoryRow): Repository => ({
    repositoryArn: formatArn(scope, 'ecr', `repository/${row.name}`),
    registryId: scope.accountId,
    repositoryName: row.name,
    repositoryUri: repositoryUri(scope.accountId, scope.region, row.name),
    createdAt: row.created_at,
    imageTagMutability: row.mutability,
    imageScanningConfiguration: { scanOnPush: row.scan_on_push === 1 },
    encryptionConfiguration: JSON.parse(row.encryption) as Repository['encryptionConfiguration'],
  });
  const requireRepo = (name: string): RepositoryRow => {
    const row = store.repository(name);
    if (!row) throw notFound(scope, name);
    return row;
  };
  const detail = (row: ImageRow): ImageDetail => ({
    registryId: scope.accountId,
    repositoryName: row.repository,
    imageDigest: row.digest,
    ...(row.tags.length ? { imageTags: row.tags } : {}),
    imageSizeInBytes: 0,
    imagePushedAt: row.pushed_at,
    imageManifestMediaType: MANIFEST_TYPE,
  });

  function createRepository(input: CreateRepositoryInput): { repository: Repository } {
    const name = checkName(input.repositoryName);
    if (store.repository(name)) {
      throw new ModelmillError(
        'RepositoryAlreadyExistsException',
        `The repository with name '${name}' already exists in the registry with id '${scope.accountId}'`,
      );
    }
    const row: RepositoryRow = {
      name,
      created_at: seconds(),
      mutability: input.imageTagMutability ?? 'MUTABLE',
      scan_on_push: input.imageScanningConfiguration?.scanOnPush ? 1 : 0,
      encryption: JSON.stringify({
        encryptionType: input.encryptionConfiguration?.encryptionType ?? 'AES256',
        ...(input.encryptionConfiguration?.kmsKey
          ? { kmsKey: input.encryptionConfiguration.kmsKey }
          : {}),
      }),
      tags: JSON.stringify(input.tags ?? []),
    };
    store.insertRepository(row);
    return { repository: describeRepo(row) };
  }

  function selectImages(input: DescribeImagesInput): ImageRow[] {
    const name = checkName(input.repositoryName);
    requireRepo(name);
    let rows = store.images(name);
    const status = input.filter?.tagStatus ?? 'ANY';
    if (status === 'TAGGED') rows = rows.filter((r) => r.tags.length > 0);
    if (status === 'UNTAGGED') rows = rows.filter((r) => r.tags.length === 0);
    if (!input.imageIds?.length) return rows;
    return input.imageIds.map((id) => {
      const found = rows.find(
        (r) =>
          (id.imageDigest === undefined || r.digest === id.imageDigest) &&
          (id.imageTag === undefined || r.tags.includes(id.imageTag)),
      );
      if (!found) throw imageNotFound(id, name);
      return found;
    });
  }

  const imageNotFound = (id: ImageIdentifier, name: string): ModelmillError =>
    new ModelmillError(
      'ImageNotFoundException',
      `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${name}' in the registry with id '${scope.accountId}'`,
    );

  function register(input: RegisterImageInput): ImageMapping {
    const ref = parseImageUri(input.imageUri);
    const tag = ref.tag ?? 'latest';
    checkName(ref.repository);
    if (!IMAGE_TAG.test(tag)) {
      throw new ModelmillError(
        'InvalidParameterException',
        `image tag '${tag}' in '${input.imageUri}' is not valid: use up to 128 letters, digits, '_', '.' or '-'`,
      );
    }
    const target = targetOf(input, options.hasProgram);
    const digest = digestOf(target);
    const repo =
      store.repository(ref.repository) ??
      (createRepository({ repositoryName: ref.repository }), requireRepo(ref.repository));
    const current = store.digestOfTag(repo.name, tag);
    if (repo.mutability === 'IMMUTABLE' && current !== undefined && current !== digest) {
      throw new ModelmillError(
        'ImageTagAlreadyExistsException',
        `The image tag '${tag}' already exists in the '${repo.name}' repository and cannot be overwritten because the repository is immutable.`,
      );
    }
    const now = seconds();
    store.putImage(repo.name, tag, digest, target, now);
    resolved.clear();
    return {
      image: `${repo.name}:${tag}`,
      repositoryName: repo.name,
      imageTag: tag,
      imageDigest: digest,
      target,
      registeredAt: now,
    };
  }

  return {
    createRepository: async (input) => createRepository(input),
    async describeRepositories(input = {}) {
      const names = input.repositoryNames;
      const rows = names?.length
        ? names.map((n) => requireRepo(checkName(n)))
        : store.repositories();
      return page(rows.map(describeRepo), input.maxResults, input.nextToken, 'repositories');
    },
    async describeImages(input) {
      return page(
        selectImages(input).map(detail),
        input.maxResults,
        input.nextToken,
        'imageDetails',
      );
    },
    async listImages(input) {
      const rows = selectImages({
        repositoryName: input.repositoryName,
        ...(input.filter ? { filter: input.filter } : {}),
      });
      const ids = rows.flatMap((r) =>
        r.tags.length
          ? r.tags.map((imageTag) => ({ imageDigest: r.digest, imageTag }))
          : [{ imageDigest: r.digest }],
      );
      return page(ids, input.maxResults, input.nextToken, 'imageIds');
    },
    async deleteRepository(input) {
      const row = requireRepo(checkName(input.repositoryName));
      if (!input.force && store.images(row.name).length > 0) {
        throw new ModelmillError(
          'RepositoryNotEmptyException',
          `The repository with name '${row.name}' in registry with id '${scope.accountId}' cannot be deleted because it still contains images`,
        );
      }
      store.deleteRepository(row.name);
      resolved.clear();
      return { repository: describeRepo(row) };
    },
    registerImage: async (input) => register(input),
    listMappings: () =>
      store.repositories().flatMap((repo) =>
        store.images(repo.name).flatMap((img) =>
          img.tags.map((tag) => ({
            image: `${repo.name}:${tag}`,
            repositoryName: repo.name,
            imageTag: tag,
            imageDigest: img.digest,
            target: img.target,
            registeredAt: img.pushed_at,
          })),
        ),
      ),
    resolve: (uri) =>
      resolved.get(uri, () => {
        const ref = parseImageUri(uri);
        if (ref.digest !== undefined) return store.targetByDigest(ref.repository, ref.digest);
        return store.targetByTag(ref.repository, ref.tag ?? 'latest');
      }),
  };
}

/**
 * Resolutions by URI, kept until this registry changes an image or another
 * connection to the database commits (SQLite's `data_version` moves), so a
 * registration made by another process is seen at once.
 */
function createResolveCache(db: SqliteDatabase) {
  const version = db.prepare('PRAGMA data_version').pluck();
  const cache = new Map<string, ImageTarget | undefined>();
  let seen = version.get();
  return {
    clear: () => cache.clear(),
    get(uri: string, load: () => ImageTarget | undefined): ImageTarget | undefined {
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

function targetOf(input: RegisterImageInput, hasProgram?: (name: string) => boolean): ImageTarget {
  const given = [input.program, input.folder, input.container].filter((v) => v !== undefined);
  if (given.length !== 1) {
    throw new ModelmillError(
      'InvalidParameterException',
      `registering '${input.imageUri}' needs exactly one of program, folder or container (got ${given.length})`,
    );
  }
  if (input.program !== undefined) {
    if (hasProgram && !hasProgram(input.program)) {
      throw new ModelmillError(
        'InvalidParameterException',
        `cannot register '${input.imageUri}': no built-in program is named '${input.program}'; see \`modelmill images list\` for the known programs`,
      );
    }
    return { kind: 'program', program: input.program };
  }
  if (input.folder !== undefined) {
    const folder = resolve(input.folder);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new ModelmillError(
        'InvalidParameterException',
        `cannot register '${input.imageUri}': '${folder}' is not a folder (give a folder holding the image's executables, e.g. train and serve)`,
      );
    }
    return { kind: 'folder', folder };
  }
  return {
    kind: 'container',
    image: input.container === true ? input.imageUri : String(input.container),
  };
}

/** One page of `items` after `token` (a decimal offset), as ECR pages (`maxResults` 1..1000, default 100). */
function page<K extends string, T>(
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
  const slice = items.slice(start, start + size);
  const next = start + size < items.length ? String(start + size) : undefined;
  return { [key]: slice, ...(next ? { nextToken: next } : {}) } as Record<K, T[]> & {
    nextToken?: string;
  };
}
