import { readdirSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { ModelmillError } from '../../core/index.js';
import { RESERVED_PREFIX, keyProblem } from './names.js';

/**
 * ListObjectsV2 over the bucket folder: keys come out in S3's order (UTF-8
 * byte order), walking only the folders that can hold keys after the start
 * point and under the prefix, and folding whole folders into CommonPrefixes
 * when the delimiter is `/`.
 */

/** Where a listing resumes: after `key`, and past every key under it when `wholePrefix`. */
export interface ListStart {
  key: string;
  wholePrefix: boolean;
}

/** One item of a listing, in order. */
export type ListItem =
  { kind: 'object'; key: string; path: string } | { kind: 'prefix'; prefix: string };

/** What the walker needs to know about the bucket. */
export interface WalkContext {
  bucketDir: string;
  prefix: string;
  delimiter: string | undefined;
  start: ListStart | undefined;
  /** True when the folder for `key` (ending in `/`) holds a folder-marker object. */
  isMarker(key: string): boolean;
}

/** Compares keys in UTF-8 byte order (code-point order), which is S3's listing order. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

// UTF-16 puts surrogates (astral characters) below U+E000..U+FFFF; UTF-8 puts them above.
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** Encodes a resume point as an opaque continuation token. */
export function encodeToken(start: ListStart): string {
  return Buffer.from(JSON.stringify({ k: start.key, p: start.wholePrefix ? 1 : 0 })).toString(
    'base64url',
  );
}

/** Decodes a continuation token; InvalidArgument when it is not one of ours. */
export function decodeToken(token: string): ListStart {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      k?: unknown;
      p?: unknown;
    };
    if (typeof parsed.k === 'string') return { key: parsed.k, wholePrefix: parsed.p === 1 };
  } catch {
    // fall through to the error below
  }
  throw new ModelmillError(
    'InvalidArgument',
    `The continuation token provided is incorrect: '${token}'. Pass the NextContinuationToken of the previous page unchanged.`,
    { details: { ArgumentName: 'continuation-token' } },
  );
}

/** Yields the listing's objects and common prefixes in order. */
export function* walkListing(ctx: WalkContext): Generator<ListItem> {
  const slash = ctx.prefix.lastIndexOf('/');
  const base = ctx.prefix.slice(0, slash + 1);
  // A prefix whose folder part no stored key can have (`a/../`, `//`) matches nothing.
  if (base !== '' && keyProblem(base) !== undefined) return;
  let lastPrefix: string | undefined;
  for (const item of walkFolder(ctx, `${ctx.bucketDir}/${base}`, base)) {
    if (item.kind === 'prefix') {
      if (item.prefix === lastPrefix) continue;
      lastPrefix = item.prefix;
    }
    yield item;
  }
}

function* walkFolder(ctx: WalkContext, dir: string, keyBase: string): Generator<ListItem> {
  if (
    keyBase !== '' &&
    keyBase.startsWith(ctx.prefix) &&
    isAfterStart(ctx, keyBase) &&
    ctx.isMarker(keyBase)
  ) {
    yield asItem(ctx, keyBase, dir);
  }
  for (const entry of sortedEntries(dir)) {
    const key = keyBase + entry.name + (entry.isDir ? '/' : '');
    const path = dir + entry.name;
    if (!entry.isDir) {
      if (key.startsWith(ctx.prefix) && isAfterStart(ctx, key)) yield asItem(ctx, key, path);
      continue;
    }
    if (!folderMayMatch(ctx, key)) continue;
    const folded =
      ctx.delimiter === '/' && key.startsWith(ctx.prefix) ? commonPrefixOf(ctx, key) : undefined;
    // Fold the folder into one CommonPrefix unless the start point lies inside it.
    if (folded !== undefined && !ctx.prefix.startsWith(folded) && !startsInside(ctx, folded)) {
      if (isAfterStart(ctx, folded) && folderHasObjects(ctx, `${path}/`, key))
        yield { kind: 'prefix', prefix: folded };
      continue;
    }
    yield* walkFolder(ctx, `${path}/`, key);
  }
}

function startsInside(ctx: WalkContext, folded: string): boolean {
  return ctx.start !== undefined && !ctx.start.wholePrefix && ctx.start.key.startsWith(folded);
}

function asItem(ctx: WalkContext, key: string, path: string): ListItem {
  const prefix = commonPrefixOf(ctx, key);
  return prefix === undefined ? { kind: 'object', key, path } : { kind: 'prefix', prefix };
}

function commonPrefixOf(ctx: WalkContext, key: string): string | undefined {
  if (ctx.delimiter === undefined || ctx.delimiter === '') return undefined;
  const at = key.indexOf(ctx.delimiter, ctx.prefix.length);
  return at < 0 ? undefined : key.slice(0, at + ctx.delimiter.length);
}

function isAfterStart(ctx: WalkContext, key: string): boolean {
  const start = ctx.start;
  if (start === undefined) return true;
  if (start.wholePrefix && key.startsWith(start.key)) return false;
  return compareKeys(key, start.key) > 0;
}

// A folder (key ending in '/') can hold matching keys when it lies on the
// prefix's path and not wholly before the start point.
function folderMayMatch(ctx: WalkContext, folderKey: string): boolean {
  if (!folderKey.startsWith(ctx.prefix) && !ctx.prefix.startsWith(folderKey)) return false;
  const start = ctx.start;
  if (start === undefined) return true;
  if (start.key.startsWith(folderKey)) return !(start.wholePrefix && start.key === folderKey);
  if (start.wholePrefix && folderKey.startsWith(start.key)) return false;
  return compareKeys(folderKey, start.key) > 0;
}

function folderHasObjects(ctx: WalkContext, dir: string, keyBase: string): boolean {
  if (ctx.isMarker(keyBase)) return true;
  for (const entry of readEntries(dir)) {
    if (!entry.isDir) return true;
    if (folderHasObjects(ctx, `${dir}${entry.name}/`, `${keyBase}${entry.name}/`)) return true;
  }
  return false;
}

interface Entry {
  name: string;
  isDir: boolean;
  sortKey: string;
}

function sortedEntries(dir: string): Entry[] {
  return readEntries(dir).sort((a, b) => compareKeys(a.sortKey, b.sortKey));
}

function readEntries(dir: string): Entry[] {
  let dirents: Dirent[];
  try {
    dirents = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const entries: Entry[] = [];
  for (const dirent of dirents) {
    if (dirent.name.startsWith(RESERVED_PREFIX)) continue;
    const isDir = dirent.isDirectory();
    if (!isDir && !dirent.isFile()) continue;
    entries.push({ name: dirent.name, isDir, sortKey: isDir ? `${dirent.name}/` : dirent.name });
  }
  return entries;
}
