import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { errorMessage, isPlainObject } from '../core/index.js';
import type { ConfigParameter, ParamExpansion } from './config-params.js';
import { expandParams, readDeclaredParameters } from './config-params.js';
import type { ConfigIssue } from './issues.js';
import { formatPath, zodFieldIssues } from './issues.js';
import type { KindRegistry } from './registry.js';
import { referenceOrderIssues } from './kinds/index.js';
import { createKindRegistry } from './registry.js';
import { stackNameFrom } from './stack-name.js';
import type { AnyResourceKind, FieldIssue, ResourceSpec } from './types.js';

/**
 * Resource configs: a JSON document `{ "resources": [ { "kind": ..., "name": ... } ] }`
 * (or just the array), validated by the kinds' schemas before anything is
 * applied. Every problem is reported, each naming the resource (index, kind,
 * name) and the field.
 */

/** A validated resource, ready to plan, apply or synthesize. */
export interface CompiledResource {
  /** Position in the config's `resources`. */
  index: number;
  kind: AnyResourceKind;
  spec: ResourceSpec;
  /** Unique among the resources of its kind. */
  key: string;
  /** `table 'jobs'`. */
  label: string;
}

/** The outcome of compiling a config: the resources, or every problem found. */
export type CompileResult =
  | {
      ok: true;
      resources: CompiledResource[];
      stack?: string;
      parameters: Record<string, ConfigParameter>;
      /** The config's `description`, if any. */
      description?: string;
    }
  | { ok: false; issues: ConfigIssue[] };

/** Options of {@link compileResources}. */
export interface CompileResourcesOptions {
  /** Folder relative paths resolve against (definition files). Default: the working directory. */
  baseDir?: string;
  /** Values for `${Name}` references (`--param Name=Value`). Default: none. */
  params?: Readonly<Record<string, string>>;
  /** The kinds allowed. Default: the built-in kinds. */
  kinds?: KindRegistry;
}

const TOP_LEVEL = ['resources', 'parameters', 'stack', 'description'];

/** Validates a config document (or a module's list of specs). */
export function compileResources(
  document: unknown,
  options: CompileResourcesOptions = {},
): CompileResult {
  const kinds = options.kinds ?? createKindRegistry();
  const issues: ConfigIssue[] = [];
  const shape = readShape(document, issues);
  const { declared, issues: paramIssues } = readDeclaredParameters(shape.parameters);
  issues.push(...paramIssues);
  const values: Record<string, string> = {};
  for (const [name, p] of Object.entries(declared))
    if (p.default !== undefined) values[name] = p.default;
  Object.assign(values, options.params ?? {});
  const expansion: ParamExpansion = { used: new Set(), issues };
  const context = { baseDir: options.baseDir ?? process.cwd() };
  const resources: CompiledResource[] = [];
  shape.resources.forEach((raw, index) => {
    const compiled = compileOne(raw, index, { kinds, values, expansion, context });
    if ('issues' in compiled) issues.push(...compiled.issues);
    else resources.push(compiled);
  });
  for (const name of Object.keys(options.params ?? {})) {
    if (!expansion.used.has(name) && !(name in declared)) {
      issues.push({
        where: `--param ${name}`,
        field: '',
        message: `the config has no \${${name}} reference and declares no such parameter; check the name`,
      });
    }
  }
  issues.push(...duplicates(resources));
  issues.push(...referenceOrderIssues(resources));
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    resources,
    parameters: declared,
    ...(shape.stack === undefined ? {} : { stack: shape.stack }),
    ...(shape.description === undefined ? {} : { description: shape.description }),
  };
}

/** Reads and validates a config file; relative paths inside resolve against its folder. */
export function loadResourceConfig(
  file: string,
  options: Omit<CompileResourcesOptions, 'baseDir'> = {},
): CompileResult & { file: string } {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return {
      ok: false,
      file: path,
      issues: [{ where: path, field: '', message: `cannot read the config: ${errorMessage(err)}` }],
    };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      file: path,
      issues: [{ where: path, field: '', message: `not valid JSON: ${errorMessage(err)}` }],
    };
  }
  return { ...compileResources(document, { ...options, baseDir: dirname(path) }), file: path };
}

/** The stack name a config file gets by default: its base name without extension (made valid). */
export function defaultStackName(file: string): string {
  return stackNameFrom(basename(file, extname(file)));
}

function readShape(
  document: unknown,
  issues: ConfigIssue[],
): { resources: unknown[]; parameters?: unknown; stack?: string; description?: string } {
  if (Array.isArray(document)) return { resources: document };
  if (!isPlainObject(document)) {
    issues.push({
      where: 'config',
      field: '',
      message: 'expected { "resources": [...] } or an array of resources',
    });
    return { resources: [] };
  }
  for (const key of Object.keys(document)) {
    if (!TOP_LEVEL.includes(key)) {
      issues.push({
        where: 'config',
        field: key,
        message: `unknown field; a config has ${TOP_LEVEL.join(', ')}`,
      });
    }
  }
  if (!Array.isArray(document.resources)) {
    issues.push({ where: 'config', field: 'resources', message: 'required: a list of resources' });
  }
  if (document.stack !== undefined && typeof document.stack !== 'string') {
    issues.push({ where: 'config', field: 'stack', message: 'expected a stack name (string)' });
  }
  return {
    resources: Array.isArray(document.resources) ? document.resources : [],
    parameters: document.parameters,
    ...(typeof document.stack === 'string' ? { stack: document.stack } : {}),
    ...(typeof document.description === 'string' ? { description: document.description } : {}),
  };
}

interface CompileOneContext {
  kinds: KindRegistry;
  values: Record<string, string>;
  expansion: ParamExpansion;
  context: { baseDir: string };
}

function compileOne(
  raw: unknown,
  index: number,
  { kinds, values, expansion, context }: CompileOneContext,
): CompiledResource | { issues: ConfigIssue[] } {
  const at = `resources[${index}]`;
  if (!isPlainObject(raw)) {
    return {
      issues: [{ where: at, field: '', message: 'expected an object with "kind" and "name"' }],
    };
  }
  const kind = typeof raw.kind === 'string' ? kinds.get(raw.kind) : undefined;
  if (!kind) {
    const known = kinds
      .list()
      .map((k) => k.kind)
      .join(', ');
    const message =
      raw.kind === undefined
        ? `required; one of ${known}`
        : `unknown kind ${JSON.stringify(raw.kind)}; use one of ${known}`;
    return { issues: [{ where: at, field: 'kind', message }] };
  }
  const before = expansion.issues.length;
  const nameLabel = typeof raw.name === 'string' ? raw.name : undefined;
  const expanded = expandParams(
    raw,
    values,
    labelOf(at, kind.kind, nameLabel),
    expansion,
    kind.verbatimFields,
  );
  if (expansion.issues.length > before) return { issues: [] };
  const name =
    isPlainObject(expanded) && typeof expanded.name === 'string' ? expanded.name : undefined;
  const where = labelOf(at, kind.kind, name);
  const parsed = kind.schema.safeParse(expanded);
  if (!parsed.success)
    return { issues: toConfigIssues(where, zodFieldIssues(parsed.error, expanded)) };
  let spec = parsed.data;
  if (kind.compile) {
    const result = kind.compile(spec, context);
    if ('issues' in result) return { issues: toConfigIssues(where, result.issues) };
    spec = result;
  }
  return { index, kind, spec, key: kind.key(spec), label: `${kind.kind} '${spec.name}'` };
}

function labelOf(at: string, kind: string, name: string | undefined): string {
  return name === undefined ? `${at} (${kind})` : `${at} (${kind} '${name}')`;
}

function toConfigIssues(where: string, issues: FieldIssue[]): ConfigIssue[] {
  return issues.map((issue) => ({ where, field: formatPath(issue.path), message: issue.message }));
}

function duplicates(resources: CompiledResource[]): ConfigIssue[] {
  const seen = new Map<string, CompiledResource>();
  const issues: ConfigIssue[] = [];
  for (const resource of resources) {
    const id = `${resource.kind.kind}\u0000${resource.key}`;
    const first = seen.get(id);
    if (first) {
      issues.push({
        where: `resources[${resource.index}] (${resource.label})`,
        field: 'name',
        message: `duplicates resources[${first.index}] (${first.label}); give each ${resource.kind.kind} its own name`,
      });
    } else seen.set(id, resource);
  }
  return issues;
}

/** The default config file name `up`, `down` and `synth` look for in the working directory. */
export const DEFAULT_CONFIG_FILE = 'modelmill.json';

/**
 * The config file a command uses: `--config` when given, else `modelmill.json`
 * in `cwd`; a problem (with the fix) when there is none.
 */
export function resolveConfigPath(
  config: string | undefined,
  cwd: string = process.cwd(),
): { file: string } | { problem: string } {
  if (config !== undefined) return { file: resolve(cwd, config) };
  const file = resolve(cwd, DEFAULT_CONFIG_FILE);
  if (existsSync(file)) return { file };
  return {
    problem: `no ${DEFAULT_CONFIG_FILE} in ${cwd}; pass --config FILE (e.g. --config examples/storage.json)`,
  };
}

/** The `stack` a config file names, if it is readable and names one. */
export function stackNamedIn(file: string): string | undefined {
  try {
    const document: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isPlainObject(document) && typeof document.stack === 'string'
      ? document.stack
      : undefined;
  } catch {
    return undefined;
  }
}
