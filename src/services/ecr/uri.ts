/**
 * Image URIs as job definitions write them: `[registry/]repository[:tag][@digest]`.
 * An ECR registry host (`<account>.dkr.ecr.<region>.amazonaws.com`) gives the
 * account and region; lookups ignore both (like every ARN here) and use the
 * repository and the tag (default `latest`) or digest.
 */

/** A URI taken apart. */
export interface ImageReference {
  /** The registry host, when the URI names one. */
  registry?: string;
  /** For an ECR host. */
  account?: string;
  region?: string;
  repository: string;
  /** The tag, `latest` when neither a tag nor a digest is given. */
  tag?: string;
  digest?: string;
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/** Splits an image URI; the repository is lower-cased as registries store it. */
export function parseImageUri(uri: string): ImageReference {
  let rest = uri.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const segments = rest.split('/');
  let registry: string | undefined;
  const first = segments[0] ?? '';
  if (
    segments.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost')
  ) {
    registry = first;
    segments.shift();
  }
  let path = segments.join('/');
  let tag: string | undefined;
  const colon = path.lastIndexOf(':');
  if (colon > path.lastIndexOf('/')) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
  }
  const ecr = registry ? ECR_HOST.exec(registry) : null;
  return {
    ...(registry ? { registry } : {}),
    ...(ecr ? { account: ecr[1], region: ecr[2] } : {}),
    repository: path.toLowerCase(),
    ...(tag !== undefined ? { tag } : digest === undefined ? { tag: 'latest' } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** The URI of a repository in the ECR registry of `account` and `region`. */
export function repositoryUri(account: string, region: string, repository: string): string {
  return `${account}.dkr.ecr.${region}.amazonaws.com/${repository}`;
}

/** ECR's rule for repository names. */
export const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** ECR's rule for tags. */
export const IMAGE_TAG = /^[\w][\w.-]{0,127}$/;
