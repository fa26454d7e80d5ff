import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * `npm ci` (the CI's first step) refuses a lock file that lacks an entry for
 * any optional dependency, even one for another platform. `npm install`
 * leaves such entries out when the registry cannot describe them (a mirror
 * without the macOS or Windows builds of a native package), so check here,
 * before CI does.
 */

interface LockEntry {
  optionalDependencies?: Record<string, string>;
}

/** Where npm would find `dep` for the package at `path`: its own node_modules, then each parent's. */
function resolves(packages: Record<string, LockEntry>, path: string, dep: string): boolean {
  let base = path;
  for (;;) {
    if (packages[`${base ? `${base}/` : ''}node_modules/${dep}`]) return true;
    if (base === '') return false;
    const at = base.lastIndexOf('node_modules/');
    base = at <= 0 ? '' : base.slice(0, at - 1);
  }
}

describe('package-lock.json', () => {
  it('has an entry for every optional dependency, for every platform', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, LockEntry>;
    };
    const missing = Object.entries(lock.packages).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((dep) => !resolves(lock.packages, path, dep))
        .map((dep) => `${path || '(root)'} → ${dep}`),
    );
    expect(
      missing,
      'add these entries to package-lock.json (version, os, cpu, optional: true)',
    ).toEqual([]);
  });
});
