import { existsSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseS3Uri } from '../../core/index.js';
import type { ProgramRegistry, RunTarget } from '../../runtime/index.js';
import type { ObjectFiles } from './types.js';

/**
 * What a job's `Command.ScriptLocation` runs locally:
 * - `program:NAME`, or a bare NAME registered as a program → the built-in
 *   program, with the run's `--key value` words as its arguments;
 * - a `.py` file → `python3 <file> --key value ...` (PYTHONPATH gets the
 *   job's `--extra-py-files` and a small `awsglue.utils` stand-in);
 * - a `.js`/`.mjs`/`.cjs`/`.ts`/`.mts` file → `node <file> --key value ...`
 *   (TypeScript through tsx);
 * a file may be a path (relative to the script root), a `file://` URL, or an
 * `s3://` URI read from the object store's files.
 */

/** How a script runs. */
export type ScriptKind = 'program' | 'python' | 'node';

/** A resolved script: the run target, or why it cannot run. */
export type ScriptPlan =
  { kind: ScriptKind; target: RunTarget; file?: string } | { kind: 'fail'; reason: string };

/** What resolution needs. */
export interface ScriptEnvironment {
  programs: ProgramRegistry;
  objects: ObjectFiles | undefined;
  /** Relative script paths start here. */
  scriptRoot: string;
  /** The Python interpreter. */
  python: string;
}

const NODE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']);

/** The local file of a script location, or why there is none. */
export function scriptFile(
  location: string,
  env: ScriptEnvironment,
): { file: string } | { reason: string } {
  if (location.startsWith('s3://')) {
    if (!env.objects) {
      return {
        reason: `Script ${location} is in S3 and this Glue has no object store to read it from: create the Glue service with the S3 service as its objects option`,
      };
    }
    const { bucket, key } = parseS3Uri(location);
    return { file: env.objects.localPath(bucket, key) };
  }
  if (location.startsWith('file:')) return { file: fileURLToPath(location) };
  return { file: isAbsolute(location) ? location : resolve(env.scriptRoot, location) };
}

function programPlan(name: string, argv: string[], env: ScriptEnvironment): ScriptPlan {
  if (!env.programs.has(name)) {
    const known = env.programs
      .list()
      .map((p) => p.name)
      .join(', ');
    return {
      kind: 'fail',
      reason: `Script program:${name} names no built-in program (registered: ${known || 'none'}): register it with runtime.programs.register({ name, module }) or fix Command.ScriptLocation`,
    };
  }
  return { kind: 'program', target: { kind: 'program', name, args: argv } };
}

/** The tsx loader for TypeScript scripts, as `--import <url>` (none for JavaScript). */
function nodeLoader(file: string): string[] {
  if (!/\.(ts|mts|cts)$/.test(file)) return [];
  return ['--import', import.meta.resolve('tsx')];
}

/** Plans the run of `location` with `argv`. */
export function planScript(location: string, argv: string[], env: ScriptEnvironment): ScriptPlan {
  if (location.startsWith('program:')) return programPlan(location.slice(8), argv, env);
  if (!/[/\\]/.test(location) && extname(location) === '' && env.programs.has(location)) {
    return programPlan(location, argv, env);
  }
  const found = scriptFile(location, env);
  if ('reason' in found) return { kind: 'fail', reason: found.reason };
  const { file } = found;
  if (!existsSync(file)) {
    return {
      kind: 'fail',
      reason: `Script ${location} not found (looked for ${file}): put the script there, or fix Command.ScriptLocation (program:NAME, a .py or .js/.ts file, or an s3:// URI)`,
    };
  }
  const extension = extname(file).toLowerCase();
  if (NODE_EXTENSIONS.has(extension)) {
    return {
      kind: 'node',
      file,
      target: { kind: 'command', command: [process.execPath, ...nodeLoader(file), file, ...argv] },
    };
  }
  if (extension === '.scala' || extension === '.jar') {
    return {
      kind: 'fail',
      reason: `Script ${location} is a Scala job, which modelmill does not run locally: port it to Python or JavaScript, or run it on AWS`,
    };
  }
  return {
    kind: 'python',
    file,
    target: { kind: 'command', command: [env.python, file, ...argv] },
  };
}
