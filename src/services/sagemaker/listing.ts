import type { ResourceRow } from './store.js';
import { textOr, validation } from './names.js';
import type { ListJobsInput } from './types.js';

/**
 * The List* operations' common part: NameContains, StatusEquals and time
 * filters, SortBy / SortOrder, and MaxResults / NextToken paging (the token is
 * an offset into the filtered, sorted list).
 */

/** How one List* operation reads its rows. */
export interface ListingSpec<T> {
  /** The document field that holds the name. */
  nameField: string;
  /** The document field that holds the status, when the operation filters on one. */
  statusField?: string;
  /** Default order of SortOrder. */
  defaultOrder: 'Ascending' | 'Descending';
  /** The summary of one row. */
  summarize: (row: ResourceRow) => T;
  /** Extra sort keys (e.g. FinalObjectiveMetricValue). */
  sortKeys?: Record<string, (row: ResourceRow) => string | number>;
}

function field(row: ResourceRow, name: string): unknown {
  return row.doc[name];
}

function pageBounds(token: string | undefined, maxResults: number | undefined): [number, number] {
  const offset = token === undefined || token === '' ? 0 : Number(token);
  if (!Number.isInteger(offset) || offset < 0) {
    throw validation(
      `NextToken '${token}' was not returned by this operation: pass the NextToken of the previous page, or none for the first page`,
    );
  }
  const size = maxResults ?? 100;
  if (!Number.isInteger(size) || size < 1 || size > 100) {
    throw validation(
      `1 validation error detected: Value '${size}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`,
    );
  }
  return [offset, size];
}

function matches(
  row: ResourceRow,
  input: Omit<ListJobsInput, 'SortBy'>,
  spec: ListingSpec<unknown>,
): boolean {
  const name = textOr(field(row, spec.nameField), row.name);
  if (input.NameContains && !name.toLowerCase().includes(input.NameContains.toLowerCase()))
    return false;
  if (input.StatusEquals && spec.statusField && field(row, spec.statusField) !== input.StatusEquals)
    return false;
  const created = row.created;
  if (input.CreationTimeAfter !== undefined && !(created > input.CreationTimeAfter)) return false;
  if (input.CreationTimeBefore !== undefined && !(created < input.CreationTimeBefore)) return false;
  const modified = Number(field(row, 'LastModifiedTime') ?? created);
  if (input.LastModifiedTimeAfter !== undefined && !(modified > input.LastModifiedTimeAfter))
    return false;
  if (input.LastModifiedTimeBefore !== undefined && !(modified < input.LastModifiedTimeBefore))
    return false;
  return true;
}

/** Filters, sorts and pages `rows`; returns the page's summaries and the next token. */
export function listPage<T>(
  rows: readonly ResourceRow[],
  input: Omit<ListJobsInput, 'SortBy'> & { SortBy?: string },
  spec: ListingSpec<T>,
): { items: T[]; NextToken?: string } {
  const [offset, size] = pageBounds(input.NextToken, input.MaxResults);
  const sortBy = input.SortBy ?? 'CreationTime';
  const keyOf =
    spec.sortKeys?.[sortBy] ??
    (sortBy === 'Name'
      ? (row: ResourceRow) => textOr(field(row, spec.nameField), row.name)
      : sortBy === 'Status'
        ? (row: ResourceRow) => String(spec.statusField ? field(row, spec.statusField) : row.status)
        : sortBy === 'CreationTime'
          ? (row: ResourceRow) => row.created
          : undefined);
  if (!keyOf) {
    throw validation(
      `1 validation error detected: Value '${sortBy}' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [Name, CreationTime, Status${spec.sortKeys ? `, ${Object.keys(spec.sortKeys).join(', ')}` : ''}]`,
    );
  }
  const order = (input.SortOrder ?? spec.defaultOrder) === 'Descending' ? -1 : 1;
  const kept = rows
    .filter((row) => matches(row, input, spec as ListingSpec<unknown>))
    .map((row, index) => ({ row, index, key: keyOf(row) }))
    .sort((a, b) => {
      const cmp = a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index;
      return cmp * order;
    });
  const slice = kept.slice(offset, offset + size);
  const more = kept.length > offset + size;
  return {
    items: slice.map((entry) => spec.summarize(entry.row)),
    ...(more ? { NextToken: String(offset + size) } : {}),
  };
}

/** Picks `keys` of a document that are set. */
export function pick(
  doc: Record<string, unknown>,
  keys: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (doc[key] !== undefined) out[key] = doc[key];
  return out;
}
