import { xmlEscape } from '../../server/index.js';

/**
 * The AWS Query protocol's flattened parameters, unflattened: `a.b` nests,
 * `X.member.N` is a list, `X.entry.N.key|Name` / `.value|Value` is a map.
 * And the XML pieces SNS answers with (lists as `<member>`, maps as
 * `<entry><key/><value/></entry>`).
 */

type Tree = { [key: string]: Tree | string };

function insert(tree: Tree, path: string[], value: string): void {
  let node = tree;
  for (let i = 0; i < path.length - 1; i += 1) {
    const key = path[i]!;
    const next = node[key];
    if (typeof next === 'object') node = next;
    else {
      const created: Tree = {};
      node[key] = created;
      node = created;
    }
  }
  node[path[path.length - 1]!] = value;
}

function byIndex(node: Tree): Array<Tree | string> {
  return Object.keys(node)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => node[k]!);
}

function normalize(node: Tree | string): unknown {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && keys[0] === 'member' && typeof node.member === 'object')
    return byIndex(node.member).map(normalize);
  if (keys.length === 1 && keys[0] === 'entry' && typeof node.entry === 'object') {
    const out: Record<string, unknown> = {};
    for (const entry of byIndex(node.entry)) {
      if (typeof entry !== 'object') continue;
      const key = entry.key ?? entry.Name;
      const value = entry.value ?? entry.Value;
      if (typeof key === 'string' && value !== undefined) out[key] = normalize(value);
    }
    return out;
  }
  return Object.fromEntries(keys.map((k) => [k, normalize(node[k]!)]));
}

/** Turns `Action=...&A.entry.1.key=...` parameters into the request object (Action and Version dropped). */
export function unflatten(params: Record<string, string>): Record<string, any> {
  const tree: Tree = {};
  for (const [key, value] of Object.entries(params)) {
    if (key === 'Action' || key === 'Version') continue;
    insert(tree, key.split('.'), value);
  }
  return normalize(tree) as Record<string, any>;
}

/** An element, or nothing when the value is undefined. */
export function element(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${xmlEscape(String(value))}</${name}>`;
}

/** A list of records as `<name><member>...</member></name>`. */
export function memberList(
  name: string,
  items: Array<Record<string, string | number | boolean | undefined>>,
): string {
  const members = items.map(
    (item) =>
      `<member>${Object.entries(item)
        .map(([k, v]) => element(k, v))
        .join('')}</member>`,
  );
  return `<${name}>${members.join('')}</${name}>`;
}

/** A map as `<name><entry><key/><value/></entry>...</name>`. */
export function entryMap(name: string, map: Record<string, string>): string {
  const entries = Object.entries(map).map(
    ([k, v]) => `<entry>${element('key', k)}${element('value', v)}</entry>`,
  );
  return `<${name}>${entries.join('')}</${name}>`;
}
