import { ModelmillError } from '../../core/index.js';

/**
 * Paging and name patterns of the Glue Get* lists: offset tokens that are
 * opaque to callers, and Glue's table-name patterns (`meta*`, `a|b`).
 */

/** Glue's table-name pattern: `*` is any run of characters, `|` separates alternatives. */
export function namePattern(expression: string | undefined): (name: string) => boolean {
  if (expression === undefined || expression === '') return () => true;
  const source = expression
    .split('|')
    .map((alt) =>
      alt
        .split('*')
        .map((part) => part.replace(/[.+?^${}()[\]\\]/g, '\\$&'))
        .join('.*'),
    )
    .join('|');
  const regex = new RegExp(`^(?:${source})$`, 'i');
  return (name) => regex.test(name);
}

/** One page of a list. */
export interface Page<T> {
  items: T[];
  next: string | undefined;
}

/** Offset paging with opaque tokens. */
export function paginate<T>(
  all: T[],
  input: { NextToken?: string; MaxResults?: number },
  limit: number,
): Page<T> {
  const max = input.MaxResults ?? limit;
  if (!Number.isInteger(max) || max < 1 || max > limit) {
    throw new ModelmillError(
      'InvalidInputException',
      `MaxResults must be between 1 and ${limit} (got ${String(input.MaxResults)})`,
    );
  }
  let start = 0;
  if (input.NextToken !== undefined) {
    const decoded = Number(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) {
      throw new ModelmillError(
        'InvalidInputException',
        'NextToken is not a token this service returned; pass the NextToken of the previous page unchanged.',
      );
    }
    start = decoded;
  }
  const end = start + max;
  return {
    items: all.slice(start, end),
    next: end < all.length ? Buffer.from(String(end)).toString('base64url') : undefined,
  };
}

/** Adds NextToken when there is a next page. */
export function withToken<T extends object>(
  body: T,
  next: string | undefined,
): T & { NextToken?: string } {
  return next === undefined ? body : { ...body, NextToken: next };
}
