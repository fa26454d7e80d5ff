import { ModelmillError } from '../../core/index.js';

/**
 * Parameter names, paths, selectors and labels, checked as Parameter Store
 * checks them. Errors carry AWS's codes (`ValidationException`,
 * `HierarchyLevelLimitExceededException`) and say which name broke which rule.
 */

/** The deepest hierarchy Parameter Store allows. */
export const MAX_DEPTH = 15;
/** The longest name, counting the ARN prefix before it (`arn:aws:ssm:<region>:<account>:parameter/`). */
export const MAX_NAME_WITH_ARN = 1011;

const NAME_CHARS = /^[a-zA-Z0-9_.\-/]+$/;

function validation(message: string): ModelmillError {
  return new ModelmillError('ValidationException', message);
}

/** Levels of a name or path: `/a/b/c` has 3. */
export function depthOf(name: string): number {
  return name.split('/').filter((s) => s !== '').length;
}

/**
 * Checks a parameter name. `creating` adds the rules that only matter for new
 * parameters (the reserved `aws`/`ssm` prefixes, the length with the ARN).
 */
export function assertParameterName(
  name: unknown,
  options: { creating?: boolean; arnPrefixLength?: number } = {},
): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw validation(`Parameter name must be a non-empty string, got ${JSON.stringify(name)}`);
  }
  if (!NAME_CHARS.test(name)) {
    const bad = [...name].find((c) => !NAME_CHARS.test(c)) ?? '';
    throw validation(
      `Parameter name '${name}' contains ${JSON.stringify(bad)}: names may use only letters, digits and . - _ , with / between the levels of a hierarchy`,
    );
  }
  if (name.includes('/') && !name.startsWith('/')) {
    throw validation(
      `Parameter name '${name}' must be a fully qualified name: a name with '/' must start with '/', e.g. '/${name}'`,
    );
  }
  if (name.includes('//') || (name.length > 1 && name.endsWith('/')) || name === '/') {
    throw validation(
      `Parameter name '${name}' has an empty level ('//' or a trailing '/'); give every level a name`,
    );
  }
  if (depthOf(name) > MAX_DEPTH) {
    throw new ModelmillError(
      'HierarchyLevelLimitExceededException',
      `A hierarchy can have a maximum of ${MAX_DEPTH} levels: parameter '${name}' has ${depthOf(name)}; shorten the path`,
    );
  }
  if (options.creating) assertCreatable(name, options.arnPrefixLength ?? 0);
}

function assertCreatable(name: string, arnPrefixLength: number): void {
  const first = name.replace(/^\//, '').toLowerCase();
  if (first.startsWith('aws') || first.startsWith('ssm')) {
    throw validation(
      `Parameter name '${name}' can't be prefixed with "aws" or "ssm" (case-insensitive); choose another first level`,
    );
  }
  const length = arnPrefixLength + name.replace(/^\//, '').length;
  if (length > MAX_NAME_WITH_ARN) {
    throw validation(
      `Parameter name '${name.slice(0, 60)}...' is too long: with its ARN prefix it has ${length} characters, at most ${MAX_NAME_WITH_ARN} are allowed`,
    );
  }
}

/** Checks a GetParametersByPath / Path-filter path: starts with `/`, valid characters, at most 15 levels. */
export function assertPath(path: unknown): asserts path is string {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw validation(
      `Path ${JSON.stringify(path)} is not valid: a path must start with '/', e.g. '/app/dev/'`,
    );
  }
  if (path !== '/' && !NAME_CHARS.test(path)) {
    throw validation(`Path '${path}' contains characters other than letters, digits, . - _ and /`);
  }
  if (path.includes('//')) throw validation(`Path '${path}' has an empty level ('//')`);
  if (depthOf(path) > MAX_DEPTH) {
    throw new ModelmillError(
      'HierarchyLevelLimitExceededException',
      `A hierarchy can have a maximum of ${MAX_DEPTH} levels: path '${path}' has ${depthOf(path)}`,
    );
  }
}

/** `/a/b` → `/a/b/`; `/` stays `/`. */
export function pathPrefix(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

/** A name with its selector taken apart: `/a/b:3` → version 3; `/a/b:prod` → label `prod`. */
export interface SelectedName {
  name: string;
  selector?: string;
  version?: number;
  label?: string;
}

/** Splits `name[:version|:label]`; names themselves never contain `:`. */
export function parseSelector(text: unknown): SelectedName {
  if (typeof text !== 'string')
    throw validation(`Parameter name must be a string, got ${JSON.stringify(text)}`);
  const colon = text.indexOf(':');
  if (colon < 0) return { name: text };
  const name = text.slice(0, colon);
  const selector = text.slice(colon + 1);
  if (selector === '' || selector.includes(':')) {
    throw validation(`'${text}' has an invalid selector: use name:<version> or name:<label>`);
  }
  if (/^\d+$/.test(selector)) return { name, selector: `:${selector}`, version: Number(selector) };
  return { name, selector: `:${selector}`, label: selector };
}

/** Why a label is invalid, or undefined (LabelParameterVersion reports invalid labels instead of failing). */
export function labelProblem(label: string): string | undefined {
  if (label.length === 0 || label.length > 100) return 'must be 1 to 100 characters';
  if (!/^[a-zA-Z0-9_.-]+$/.test(label)) return 'may contain only letters, digits, . - _';
  if (/^\d/.test(label)) return "can't begin with a number";
  if (/^(aws|ssm)/i.test(label)) return 'can\'t begin with "aws" or "ssm"';
  return undefined;
}
