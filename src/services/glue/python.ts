import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { ScriptEnvironment } from './script.js';
import { scriptFile } from './script.js';

/**
 * Python jobs' extras. `--extra-py-files` (.py, .zip, pure-Python .whl)
 * found locally go on PYTHONPATH; `--additional-python-modules` cannot be
 * installed (PyPI is not reachable), so each is checked for being importable
 * and the run's log says which are missing. A small `awsglue.utils` stand-in
 * (getResolvedOptions) comes last on PYTHONPATH, for scripts that read their
 * arguments the Glue way.
 */

const SHIM_INIT = '# modelmill: a local stand-in for the awsglue package (utils only).\n';
const SHIM_UTILS = `"""modelmill: a local stand-in for awsglue.utils.getResolvedOptions."""


class GlueArgumentError(Exception):
    pass


def getResolvedOptions(args, options):
    values = {}
    i = 0
    while i < len(args):
        word = args[i]
        if word.startswith("--") and len(word) > 2:
            key = word[2:]
            if "=" in key:
                key, value = key.split("=", 1)
                values[key] = value
            elif i + 1 < len(args) and not (args[i + 1].startswith("--") and len(args[i + 1]) > 2):
                values[key] = args[i + 1]
                i += 1
            else:
                values[key] = "true"
        i += 1
    missing = [name for name in options if name not in values]
    if missing:
        raise GlueArgumentError(
            "the following arguments are required: " + ", ".join("--" + name for name in missing)
        )
    return {name: values[name] for name in options}
`;

/** Writes the awsglue stand-in under `workDir` (once) and returns the folder to put on PYTHONPATH. */
export function awsglueShim(workDir: string): string {
  const root = join(workDir, 'python-shim');
  const utils = join(root, 'awsglue', 'utils.py');
  if (!existsSync(utils)) {
    mkdirSync(join(root, 'awsglue'), { recursive: true });
    writeFileSync(join(root, 'awsglue', '__init__.py'), SHIM_INIT);
    writeFileSync(utils, SHIM_UTILS);
  }
  return root;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Import names of common packages whose distribution name differs. */
const IMPORT_NAMES: Record<string, string> = {
  'scikit-learn': 'sklearn',
  pyyaml: 'yaml',
  'python-dateutil': 'dateutil',
  beautifulsoup4: 'bs4',
  pillow: 'PIL',
  'opencv-python': 'cv2',
  awswrangler: 'awswrangler',
};

/** `pandas==1.5.3` → `pandas`; `scikit-learn>=1` → `sklearn`. */
export function importName(requirement: string): string {
  const distribution = (/^[A-Za-z0-9._-]+/.exec(requirement)?.[0] ?? requirement).toLowerCase();
  return IMPORT_NAMES[distribution] ?? distribution.replace(/[-.]/g, '_');
}

/** Which of `modules` python can import (all false when python cannot be run). */
export function importable(python: string, modules: string[]): Promise<Record<string, boolean>> {
  const code =
    'import importlib.util, json, sys\nprint(json.dumps({m: importlib.util.find_spec(m) is not None for m in sys.argv[1:]}))';
  return new Promise((done) => {
    execFile(python, ['-c', code, ...modules], { timeout: 30_000 }, (err, stdout) => {
      if (err) return done(Object.fromEntries(modules.map((m) => [m, false])));
      try {
        done(JSON.parse(stdout) as Record<string, boolean>);
      } catch {
        done(Object.fromEntries(modules.map((m) => [m, false])));
      }
    });
  });
}

/** The environment and log lines of a Python run with `args` (the merged arguments). */
export async function pythonSetup(
  args: Record<string, string>,
  env: ScriptEnvironment,
  workDir: string,
  inherited: string | undefined,
): Promise<{ pythonPath: string; notes: string[] }> {
  const notes: string[] = [];
  const paths: string[] = [];
  for (const location of list(args['--extra-py-files'])) {
    const found = scriptFile(location, env);
    if ('file' in found && existsSync(found.file)) {
      paths.push(found.file);
      notes.push(`modelmill: --extra-py-files: ${location} is on PYTHONPATH (${found.file})`);
    } else {
      notes.push(
        `modelmill: --extra-py-files: ${location} was not found locally and is left out; put the file there to use it`,
      );
    }
  }
  const modules = list(args['--additional-python-modules']);
  if (modules.length > 0) {
    const names = modules.map(importName);
    const found = await importable(env.python, names);
    modules.forEach((module, i) => {
      const name = names[i] ?? module;
      notes.push(
        found[name]
          ? `modelmill: --additional-python-modules: ${module} is already importable (as ${name}); not installed again`
          : `modelmill: --additional-python-modules: ${module} is not installed locally and modelmill cannot install it (PyPI is not reachable): install it into ${env.python} yourself (pip install '${module}')`,
      );
    });
  }
  paths.push(...(inherited ? [inherited] : []), awsglueShim(workDir));
  return { pythonPath: paths.join(delimiter), notes };
}

/** The log lines of a non-Python run that was given Python extras. */
export function ignoredPythonExtras(args: Record<string, string>): string[] {
  return ['--extra-py-files', '--additional-python-modules']
    .filter((key) => args[key] !== undefined)
    .map((key) => `modelmill: ${key} is recorded but ignored: this job's script is not Python`);
}
