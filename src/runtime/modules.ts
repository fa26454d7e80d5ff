import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ModelmillError } from '../core/index.js';

/**
 * Finding modules for worker threads and child processes, both from the
 * compiled `dist/` (plain `.js`) and from TypeScript sources under Vitest or
 * tsx, where a `.js` URL names a `.ts` file and new threads and processes
 * need tsx's loader.
 */

/** A module URL as a string, with `.js` mapped to an existing `.ts` sibling when the `.js` is missing. */
export function resolveModuleUrl(module: URL | string): string {
  const url = typeof module === 'string' ? toUrl(module) : module.href;
  if (!url.startsWith('file:')) return url;
  const path = fileURLToPath(url);
  if (existsSync(path)) return url;
  for (const [from, to] of [
    ['.js', '.ts'],
    ['.mjs', '.mts'],
  ] as const) {
    if (path.endsWith(from) && existsSync(path.slice(0, -from.length) + to)) {
      return pathToFileURL(path.slice(0, -from.length) + to).href;
    }
  }
  return url;
}

function toUrl(module: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(module) && !/^[a-z]:[\\/]/i.test(module)) return module;
  return pathToFileURL(module).href;
}

/** True when a module URL needs a TypeScript loader. */
export function isTypeScriptUrl(url: string): boolean {
  return /\.(ts|mts|cts)$/.test(url);
}

/** A file of this folder (worker and child entry points), `.ts` under sources, `.js` in dist. */
export function runtimeFile(base: string): string {
  return resolveModuleUrl(new URL(`./${base}.js`, import.meta.url));
}

/** The URL of a package entry, or a ModelmillError saying TypeScript sources need it. */
function resolvePackage(specifier: string): string {
  try {
    return import.meta.resolve(specifier);
  } catch (err) {
    throw new ModelmillError(
      'RuntimeUnavailable',
      `running TypeScript modules in a worker or child process needs the '${specifier}' package (a devDependency); install dev dependencies or run from the compiled dist/`,
      { cause: err, fault: 'server' },
    );
  }
}

/** Node options that make a child process load TypeScript (`--import <tsx loader>`), or none. */
export function childLoaderArgs(urls: readonly string[]): string[] {
  if (!urls.some(isTypeScriptUrl)) return [];
  return ['--import', resolvePackage('tsx')];
}

/**
 * Source of an `eval` worker that loads `entry`, first registering tsx's
 * loader when TypeScript is involved (`--import` in a worker's execArgv does
 * not reach the worker's own entry on Node 20).
 */
export function workerBootstrap(entry: string, typescript: boolean): string {
  if (!typescript) return `import(${JSON.stringify(entry)});`;
  const api = resolvePackage('tsx/esm/api');
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
}
