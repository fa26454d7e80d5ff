import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ModelmillError } from '../../core/index.js';
import type { ImageTarget } from '../../runtime/index.js';
import type { EcrContext } from './context.js';
import { checkRepositoryName, page, requireRepository, seconds } from './context.js';
import { createRepository } from './repositories.js';
import type { ImageRow } from './store.js';
import type {
  DescribeImagesInput,
  ImageDetail,
  ImageIdentifier,
  ImageMapping,
  ListImagesInput,
  RegisterImageInput,
} from './types.js';
import { IMAGE_TAG, parseImageUri } from './uri.js';

/**
 * Images of the embedded registry: DescribeImages and ListImages, and the
 * local registrations that say what each URI runs. An image's digest is the
 * SHA-256 of its target, so registering the same thing twice gives the same
 * digest.
 */

/** The media type DescribeImages reports for our images. */
const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';

function detail(ctx: EcrContext, row: ImageRow): ImageDetail {
  return {
    registryId: ctx.scope.accountId,
    repositoryName: row.repository,
    imageDigest: row.digest,
    ...(row.tags.length ? { imageTags: row.tags } : {}),
    imageSizeInBytes: 0,
    imagePushedAt: row.pushed_at,
    imageManifestMediaType: MANIFEST_TYPE,
  };
}

function imageNotFound(ctx: EcrContext, id: ImageIdentifier, name: string): ModelmillError {
  return new ModelmillError(
    'ImageNotFoundException',
    `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${name}' in the registry with id '${ctx.scope.accountId}'`,
  );
}

function selectImages(ctx: EcrContext, input: DescribeImagesInput): ImageRow[] {
  const name = requireRepository(ctx, input.repositoryName).name;
  let rows = ctx.store.images(name);
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
    if (!found) throw imageNotFound(ctx, id, name);
    return found;
  });
}

/** DescribeImages. */
export function describeImages(ctx: EcrContext, input: DescribeImagesInput) {
  const details = selectImages(ctx, input).map((row) => detail(ctx, row));
  return page(details, input.maxResults, input.nextToken, 'imageDetails');
}

/** ListImages: one id per tag (and one for each untagged image). */
export function listImages(ctx: EcrContext, input: ListImagesInput) {
  const rows = selectImages(ctx, {
    repositoryName: input.repositoryName,
    ...(input.filter ? { filter: input.filter } : {}),
  });
  const ids = rows.flatMap((r) =>
    r.tags.length
      ? r.tags.map((imageTag) => ({ imageDigest: r.digest, imageTag }))
      : [{ imageDigest: r.digest }],
  );
  return page(ids, input.maxResults, input.nextToken, 'imageIds');
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

/** Maps a URI to what runs it, creating the repository when missing; an immutable tag cannot move. */
export function registerImage(ctx: EcrContext, input: RegisterImageInput): ImageMapping {
  const ref = parseImageUri(input.imageUri);
  const tag = ref.tag ?? 'latest';
  const repository = checkRepositoryName(ref.repository);
  if (!IMAGE_TAG.test(tag)) {
    throw new ModelmillError(
      'InvalidParameterException',
      `image tag '${tag}' in '${input.imageUri}' is not valid: use up to 128 letters, digits, '_', '.' or '-'`,
    );
  }
  const target = targetOf(input, ctx.hasProgram);
  const digest = `sha256:${createHash('sha256').update(JSON.stringify(target)).digest('hex')}`;
  if (!ctx.store.repository(repository)) createRepository(ctx, { repositoryName: repository });
  const repo = requireRepository(ctx, repository);
  const current = ctx.store.digestOfTag(repo.name, tag);
  if (repo.mutability === 'IMMUTABLE' && current !== undefined && current !== digest) {
    throw new ModelmillError(
      'ImageTagAlreadyExistsException',
      `The image tag '${tag}' already exists in the '${repo.name}' repository and cannot be overwritten because the repository is immutable.`,
    );
  }
  const now = seconds(ctx);
  ctx.store.putImage(repo.name, tag, digest, target, now);
  ctx.resolved.clear();
  return {
    image: `${repo.name}:${tag}`,
    repositoryName: repo.name,
    imageTag: tag,
    imageDigest: digest,
    target,
    registeredAt: now,
  };
}

/** Every mapping, by repository and tag. */
export function listMappings(ctx: EcrContext): ImageMapping[] {
  return ctx.store
    .repositories()
    .flatMap((repo) =>
      ctx.store.images(repo.name).flatMap((img) =>
        img.tags.map((tag) => ({
          image: `${repo.name}:${tag}`,
          repositoryName: repo.name,
          imageTag: tag,
          imageDigest: img.digest,
          target: img.target,
          registeredAt: img.pushed_at,
        })),
      ),
    )
    .sort((a, b) =>
      a.repositoryName === b.repositoryName
        ? a.imageTag.localeCompare(b.imageTag)
        : a.repositoryName.localeCompare(b.repositoryName),
    );
}

/** What `uri` runs (by repository and tag or digest, whatever account or region it names). */
export function resolveImage(ctx: EcrContext, uri: string): ImageTarget | undefined {
  return ctx.resolved.get(uri, () => {
    const ref = parseImageUri(uri);
    if (ref.digest !== undefined) return ctx.store.targetByDigest(ref.repository, ref.digest);
    return ctx.store.targetByTag(ref.repository, ref.tag ?? 'latest');
  });
}
