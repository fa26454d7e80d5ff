import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The shared folder beside the checkout (`../shared`), holding data from other
 * projects that we read at test time and never copy in. Override with
 * MODELMILL_SHARED. Undefined when absent.
 */
export function sharedDir(...parts: string[]): string | undefined {
  const base = process.env.MODELMILL_SHARED ?? join(repoRoot, '..', 'shared');
  const path = join(base, ...parts);
  return existsSync(path) ? path : undefined;
}
