import { isPlainObject } from '../core/index.js';
import type { ConfigIssue } from './issues.js';

/**
 * Config parameters: `${Name}` references in a config's values, filled from
 * `--param Name=Value` or the parameter's declared default. `${!Name}` stands
 * for a literal `${Name}` (as in CloudFormation's Fn::Sub). Fields a kind
 * keeps verbatim (a state machine's `definition`) are not expanded: pass
 * values into them through `definitionSubstitutions`.
 */

const REFERENCE = /\$\{(!?)([^}]*)\}/g;

/** A declared parameter. */
export interface ConfigParameter {
  default?: string;
  description?: string;
}

/** Parameter values and what was used; `issues` lists references without a value. */
export interface ParamExpansion {
  used: Set<string>;
  issues: ConfigIssue[];
}

/** Reads the `parameters` section: `{ Name: { default, description } }` or `{ Name: "default" }`. */
export function readDeclaredParameters(section: unknown): {
  declared: Record<string, ConfigParameter>;
  issues: ConfigIssue[];
} {
  const declared: Record<string, ConfigParameter> = {};
  const issues: ConfigIssue[] = [];
  if (section === undefined) return { declared, issues };
  if (!isPlainObject(section)) {
    issues.push({
      where: 'parameters',
      field: '',
      message: 'expected an object of parameter names',
    });
    return { declared, issues };
  }
  for (const [name, value] of Object.entries(section)) {
    if (typeof value === 'string') declared[name] = { default: value };
    else if (isPlainObject(value) && ['undefined', 'string'].includes(typeof value.default)) {
      declared[name] = {
        ...(typeof value.default === 'string' ? { default: value.default } : {}),
        ...(typeof value.description === 'string' ? { description: value.description } : {}),
      };
    } else {
      issues.push({
        where: 'parameters',
        field: name,
        message: 'expected a default value (string) or { "default": "...", "description": "..." }',
      });
    }
  }
  return { declared, issues };
}

/**
 * Expands references in `value` (skipping the top-level `verbatim` fields);
 * unknown names are reported at `where`.
 */
export function expandParams(
  value: unknown,
  values: Readonly<Record<string, string>>,
  where: string,
  expansion: ParamExpansion,
  verbatim: readonly string[] = [],
): unknown {
  const walk = (node: unknown, field: string, depth: number): unknown => {
    if (typeof node === 'string') return expandString(node, values, where, field, expansion);
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${field}[${i}]`, depth + 1));
    if (!isPlainObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(node)) {
      const path = field === '' ? key : `${field}.${key}`;
      out[key] = depth === 0 && verbatim.includes(key) ? item : walk(item, path, depth + 1);
    }
    return out;
  };
  return walk(value, '', 0);
}

function expandString(
  text: string,
  values: Readonly<Record<string, string>>,
  where: string,
  field: string,
  expansion: ParamExpansion,
): string {
  return text.replace(REFERENCE, (whole, bang: string, name: string) => {
    if (bang === '!') return `\${${name}}`;
    const value = values[name];
    if (value !== undefined) {
      expansion.used.add(name);
      return value;
    }
    expansion.issues.push({
      where,
      field,
      message: `\${${name}} has no value; pass --param ${name}=VALUE or declare it with a default under "parameters"`,
    });
    return whole;
  });
}

/** Parses `Name=Value` flags; a flag without `=` is an issue. */
export function parseParamFlags(flags: readonly string[]): {
  values: Record<string, string>;
  issues: ConfigIssue[];
} {
  const values: Record<string, string> = {};
  const issues: ConfigIssue[] = [];
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) {
      issues.push({
        where: `--param ${flag}`,
        field: '',
        message: 'expected Name=Value (e.g. --param Env=dev)',
      });
    } else values[flag.slice(0, eq)] = flag.slice(eq + 1);
  }
  return { values, issues };
}
