import { ModelmillError } from '../../../core/index.js';
import type { AttributeValue, Item } from '../types.js';

/**
 * Document paths (`a.b[2].c`) over items: read, write, remove, projection,
 * and the overlap check DynamoDB applies to the paths of one expression.
 */

/** A resolved path: map keys and list indexes; the first element is always a name. */
export type DocumentPath = readonly (string | number)[];

/** Formats a path as DynamoDB does in messages: `[a, b, [2]]`. */
export function formatPath(path: DocumentPath): string {
  return `[${path.map((e) => (typeof e === 'number' ? `[${e}]` : e)).join(', ')}]`;
}

function child(
  value: AttributeValue | undefined,
  element: string | number,
): AttributeValue | undefined {
  if (value === undefined) return undefined;
  if (typeof element === 'number') return 'L' in value ? value.L[element] : undefined;
  return 'M' in value ? value.M[element] : undefined;
}

/** The value at `path`, or undefined when any step is missing or of the wrong type. */
export function getPath(item: Item | undefined, path: DocumentPath): AttributeValue | undefined {
  const [first, ...rest] = path;
  if (item === undefined || typeof first !== 'string') return undefined;
  let current = item[first];
  for (const element of rest) {
    current = child(current, element);
    if (current === undefined) return undefined;
  }
  return current;
}

function invalidForUpdate(): ModelmillError {
  return new ModelmillError(
    'ValidationException',
    'The document path provided in the update expression is invalid for update',
  );
}

/**
 * Writes `value` at `path`. The parent must exist and be a map (for a name) or
 * a list (for an index; an index past the end appends), as in DynamoDB.
 */
export function setPath(item: Item, path: DocumentPath, value: AttributeValue): void {
  const last = path[path.length - 1];
  if (path.length === 1 && typeof last === 'string') {
    item[last] = value;
    return;
  }
  const parent = getPath(item, path.slice(0, -1));
  if (typeof last === 'string' && parent !== undefined && 'M' in parent) {
    parent.M[last] = value;
  } else if (typeof last === 'number' && parent !== undefined && 'L' in parent) {
    if (last >= parent.L.length) parent.L.push(value);
    else parent.L[last] = value;
  } else {
    throw invalidForUpdate();
  }
}

/**
 * Removes the attributes at `paths` (one REMOVE clause). List indexes refer to
 * the list before any removal, so they are removed from the highest down.
 */
export function removePaths(item: Item, paths: DocumentPath[]): void {
  const ordered = [...paths].sort((a, b) => {
    const x = a[a.length - 1];
    const y = b[b.length - 1];
    return typeof x === 'number' && typeof y === 'number' ? y - x : 0;
  });
  for (const path of ordered) {
    const last = path[path.length - 1];
    if (path.length === 1 && typeof last === 'string') {
      delete item[last];
      continue;
    }
    const parent = getPath(item, path.slice(0, -1));
    if (parent === undefined) continue;
    if (typeof last === 'string' && 'M' in parent) delete parent.M[last];
    else if (typeof last === 'number' && 'L' in parent) parent.L.splice(last, 1);
    else throw invalidForUpdate();
  }
}

/** True when one path is the other or lies inside it. */
export function pathsOverlap(a: DocumentPath, b: DocumentPath): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** Fails with DynamoDB's message when two paths of one expression overlap. */
export function checkNoOverlap(paths: DocumentPath[], kind: string): void {
  for (let i = 0; i < paths.length; i += 1) {
    for (let j = i + 1; j < paths.length; j += 1) {
      const a = paths[i] as DocumentPath;
      const b = paths[j] as DocumentPath;
      if (pathsOverlap(a, b)) {
        throw new ModelmillError(
          'ValidationException',
          `Invalid ${kind}: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${formatPath(a)}, path two: ${formatPath(b)}`,
        );
      }
    }
  }
}

interface ProjectionTree {
  whole: boolean;
  children: Map<string | number, ProjectionTree>;
}

function buildTree(paths: DocumentPath[]): ProjectionTree {
  const root: ProjectionTree = { whole: false, children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const element of path) {
      let next = node.children.get(element);
      if (next === undefined) {
        next = { whole: false, children: new Map() };
        node.children.set(element, next);
      }
      node = next;
    }
    node.whole = true;
  }
  return root;
}

function projectValue(value: AttributeValue, tree: ProjectionTree): AttributeValue | undefined {
  if (tree.whole) return value;
  if ('M' in value) {
    const out: Record<string, AttributeValue> = {};
    for (const [key, sub] of tree.children) {
      const inner = typeof key === 'string' ? value.M[key] : undefined;
      const projected = inner === undefined ? undefined : projectValue(inner, sub);
      if (projected !== undefined) out[key as string] = projected;
    }
    return Object.keys(out).length > 0 ? { M: out } : undefined;
  }
  if ('L' in value) {
    const indexes = [...tree.children.keys()].filter((k): k is number => typeof k === 'number');
    const out: AttributeValue[] = [];
    for (const index of indexes.sort((a, b) => a - b)) {
      const inner = value.L[index];
      const projected =
        inner === undefined
          ? undefined
          : projectValue(inner, tree.children.get(index) as ProjectionTree);
      if (projected !== undefined) out.push(projected);
    }
    return out.length > 0 ? { L: out } : undefined;
  }
  return undefined;
}

/**
 * The parts of `item` named by `paths`, nested as in the item; list elements
 * picked by index are returned in index order, without gaps (as DynamoDB does).
 */
export function project(item: Item, paths: DocumentPath[]): Item {
  const tree = buildTree(paths);
  const out: Item = {};
  for (const [name, sub] of tree.children) {
    const value = typeof name === 'string' ? item[name] : undefined;
    const projected = value === undefined ? undefined : projectValue(value, sub);
    if (projected !== undefined) out[name as string] = projected;
  }
  return out;
}
