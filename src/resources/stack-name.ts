import { ModelmillError } from '../core/index.js';

/**
 * Stack names: what `up` remembers its resources under. The rules are
 * CloudFormation's (a letter, then letters, digits and hyphens, at most 128),
 * so a stack keeps its name on the AWS backend.
 */

const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** Throws ValidationError unless `name` is a valid stack name. */
export function assertStackName(name: string): void {
  if (!STACK_NAME.test(name)) {
    throw new ModelmillError(
      'ValidationError',
      `stack name '${name}' is not valid: use a letter, then letters, digits and hyphens (at most 128), e.g. --stack storage-dev`,
    );
  }
}

/** A valid stack name made from a file's base name (other characters become hyphens). */
export function stackNameFrom(base: string): string {
  const cleaned = base
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^[^A-Za-z]+/, '')
    .slice(0, 128)
    .replace(/-+$/, '');
  return cleaned === '' ? 'stack' : cleaned;
}
