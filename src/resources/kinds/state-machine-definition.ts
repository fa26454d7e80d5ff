import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateDefinition } from '../../asl/index.js';
import { errorMessage, isPlainObject } from '../../core/index.js';
import type { FieldIssue } from '../types.js';

/**
 * A state machine's definition as a config gives it: inline, or a JSON file
 * relative to the config, with CloudFormation-style `${Name}` placeholders
 * that `definitionSubstitutions` fills in.
 */

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** Substitution values; numbers and booleans are inserted as text, as CloudFormation does. */
export type Substitutions = Record<string, string | number | boolean>;

/** Reads a definition given as a file path (relative to `baseDir`), or returns the inline object. */
export function loadDefinition(
  definition: unknown,
  baseDir: string,
): { value: unknown; file?: string } | { issue: FieldIssue } {
  if (typeof definition !== 'string') return { value: definition };
  const file = resolve(baseDir, definition);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return issue(
      `cannot read the definition file '${file}': ${errorMessage(err)}; fix the path (it is relative to the config file)`,
    );
  }
  try {
    return { value: JSON.parse(text), file };
  } catch (err) {
    return issue(`the definition file '${file}' is not valid JSON: ${errorMessage(err)}`);
  }
}

function issue(message: string): { issue: FieldIssue } {
  return { issue: { path: ['definition'], message } };
}

/** The `${Name}` placeholders used anywhere in a definition (keys and string values). */
export function placeholdersOf(definition: unknown): Set<string> {
  const found = new Set<string>();
  walkStrings(definition, (text) => {
    for (const match of text.matchAll(PLACEHOLDER)) found.add(match[1] ?? '');
    return text;
  });
  return found;
}

/** The definition with every `${Name}` replaced by its substitution (unknown names are kept). */
export function substitute(definition: unknown, substitutions: Substitutions): unknown {
  return walkStrings(definition, (text) =>
    text.replace(PLACEHOLDER, (whole, name: string) =>
      Object.hasOwn(substitutions, name) ? String(substitutions[name]) : whole,
    ),
  );
}

function walkStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => walkStrings(item, map));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[map(key)] = walkStrings(item, map);
    return out;
  }
  return value;
}

/**
 * Checks a definition with its substitutions applied: every placeholder has
 * a value, and the result is a valid ASL document for the machine's type.
 */
export function checkDefinition(
  definition: unknown,
  substitutions: Substitutions,
  type: 'STANDARD' | 'EXPRESS',
): FieldIssue[] {
  if (!isPlainObject(definition)) {
    return [
      {
        path: ['definition'],
        message:
          'expected an ASL document (an object with StartAt and States) or the path of a JSON file holding one',
      },
    ];
  }
  const missing = [...placeholdersOf(definition)].filter(
    (name) => !Object.hasOwn(substitutions, name),
  );
  if (missing.length > 0) {
    return missing.map((name) => ({
      path: ['definition'],
      message: `the placeholder \${${name}} has no value; add "${name}" to definitionSubstitutions`,
    }));
  }
  const result = validateDefinition(substitute(definition, substitutions), { type });
  return result.diagnostics.map((d) => ({
    path: ['definition'],
    message: `${d.location && d.location !== '/' ? `${d.location}: ` : ''}${d.code}: ${d.message}`,
  }));
}
