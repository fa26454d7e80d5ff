import type { TableStore } from './types.js';

/** Helpers shared by the parts of the DynamoDB contract suite. */

/** What each part of the contract runs against. */
export interface ContractContext {
  /** The adapter under test (set once the tables exist). */
  readonly store: TableStore;
  /** The suite's tables: hash-only S, S + N range, S + S range. */
  tables: { runs: string; events: string; names: string };
}

/** Sets compared regardless of order (DynamoDB does not keep set order). */
export function sortedSets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedSets);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] =
      ['SS', 'NS', 'BS'].includes(key) && Array.isArray(inner)
        ? [...inner].sort()
        : sortedSets(inner);
  }
  return out;
}

/** Waits until DescribeTable reports the table ACTIVE. */
export async function waitActive(
  store: TableStore,
  name: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await store.describeTable({ TableName: name });
    if (Table.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`table ${name} is still ${Table.TableStatus}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
