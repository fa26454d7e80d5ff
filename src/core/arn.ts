import { ModelmillError } from './errors.js';

/** The parts of an Amazon Resource Name. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, e.g. `stateMachine:name` or `job-queue/name`. */
  resource: string;
}

/** Where resources live locally: ARNs are minted with these, and any ARN resolves by name. */
export interface AccountScope {
  region: string;
  accountId: string;
  partition?: string;
}

/** True when `text` looks like an ARN. */
export function isArn(text: string): boolean {
  return text.startsWith('arn:') && text.split(':').length >= 6;
}

/** Splits an ARN; throws ValidationException naming the ARN when it is not one. */
export function parseArn(text: string): Arn {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') {
    throw new ModelmillError(
      'ValidationException',
      `'${text}' is not an ARN: expected arn:<partition>:<service>:<region>:<account>:<resource>`,
    );
  }
  const [, partition = '', service = '', region = '', account = ''] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/** Builds an ARN in the local account and region. */
export function formatArn(
  scope: AccountScope,
  service: string,
  resource: string,
  global = false,
): string {
  const region = global ? '' : scope.region;
  return `arn:${scope.partition ?? 'aws'}:${service}:${region}:${scope.accountId}:${resource}`;
}

/**
 * The name a resource ARN points at, whatever account or region it carries:
 * `arn:aws:states:eu-west-1:1111:stateMachine:foo` → `foo`,
 * `arn:aws:batch:...:job-queue/q` → `q`, `arn:aws:lambda:...:function:f:$LATEST` → `f`.
 * A plain name is returned unchanged, so callers accept either.
 */
export function nameFromArnOrName(text: string): string {
  if (!isArn(text)) return text;
  const { resource } = parseArn(text);
  const slash = resource.indexOf('/');
  if (slash >= 0 && (slash < resource.indexOf(':') || !resource.includes(':'))) {
    return resource.slice(slash + 1).split(':')[0] ?? '';
  }
  const pieces = resource.split(':');
  return pieces.length > 1 ? (pieces[1] ?? '') : (pieces[0] ?? '');
}
