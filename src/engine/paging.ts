import { ModelmillError } from '../core/index.js';

/** Encodes an offset as an opaque NextToken. */
export function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

/** Decodes a NextToken; an unreadable token is AWS's InvalidToken. */
export function decodeToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through to the error below
  }
  throw new ModelmillError(
    'InvalidToken',
    `'${token}' is not a token this API returned; pass the nextToken of the previous page unchanged`,
  );
}

/** Slices one page out of a full list. */
export function pageOf<T>(
  items: readonly T[],
  nextToken: string | undefined,
  maxResults: number | undefined,
  defaultMax = 100,
): { items: T[]; nextToken?: string } {
  const offset = decodeToken(nextToken);
  const limit = maxResults && maxResults > 0 ? maxResults : defaultMax;
  const page = items.slice(offset, offset + limit);
  return offset + limit < items.length
    ? { items: page, nextToken: encodeToken(offset + limit) }
    : { items: page };
}
