/**
 * JSONPath as Step Functions runs it (Jayway's semantics): compile a path
 * once, evaluate it many times. A definite path (only single names and
 * indexes) yields one value or `undefined`; an indefinite one (wildcards,
 * slices, index lists, filters, `..`) yields the array of matches, empty when
 * nothing matches. Definite paths run as a precompiled key walk.
 */
import { StatesError } from './errors.js';
import type { Scope } from './scope.js';
import { definiteEvaluator, indefiniteEvaluator, isDefinite, readIndex } from './jsonpath-eval.js';
import { parsePath, type PathAst, type PathRoot, type PathStep } from './jsonpath-parse.js';
import { javaClassName, javaToString } from './intrinsics-values.js';

export { PathSyntaxError } from './jsonpath-parse.js';
export { evaluateAst } from './jsonpath-eval.js';

/** A parsed, ready-to-run path. */
export interface CompiledPath {
  /** The path as written. */
  readonly text: string;
  /** What `$...` starts from: the input, the context object (`$$`) or a variable (`$name`). */
  readonly rootKind: 'input' | 'context' | 'variable';
  /** The variable name when `rootKind` is `variable`. */
  readonly variable: string | undefined;
  /** True when the path selects at most one node (no wildcard, slice, filter, list or `..`). */
  readonly definite: boolean;
  /** The path in Jayway's normalised form, e.g. `$['a'][0]`. */
  readonly normalized: string;
  /** For a reference path (only single names and indexes), its keys in order; otherwise undefined. */
  readonly keys: readonly (string | number)[] | undefined;
  /** The selected value; `undefined` when a definite path finds nothing. */
  evaluate(scope: Scope): unknown;
  /** Why a definite path found nothing, in Jayway's words (e.g. `No results for path: $['a']`). */
  explainMissing(scope: Scope): string;
}

const JSON_PROVIDER = 'com.jayway.jsonpath.spi.json.JacksonJsonProvider';
const CACHE_LIMIT = 10_000;
const cache = new Map<string, CompiledPath>();

/** Parses `text` (throws PathSyntaxError) into a CompiledPath; results are memoised by text. */
export function compilePath(text: string): CompiledPath {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const compiled = buildPath(parsePath(text.trim()), text);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, compiled);
  return compiled;
}

/** The input as AWS prints it inside a cause: compact JSON. */
export function inputText(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/** States.Runtime for a path that matched nothing in a field such as `value.$` or `ErrorPath`. */
export function pathNotFoundError(path: string, field: string, input: unknown): StatesError {
  return new StatesError(
    'States.Runtime',
    `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${inputText(input)}'`,
  );
}

/** True when `text` parses as a path (for callers that only need a yes/no). */
export function isValidPath(text: string): boolean {
  try {
    compilePath(text);
    return true;
  } catch {
    return false;
  }
}

function buildPath(ast: PathAst, text: string): CompiledPath {
  const rootOf = rootAccessor(ast.root);
  const definite = isDefinite(ast.steps);
  const evaluateFrom = definite ? definiteEvaluator(ast.steps) : indefiniteEvaluator(ast.steps);
  return {
    text,
    rootKind:
      ast.root.kind === 'context' ? 'context' : ast.root.kind === 'variable' ? 'variable' : 'input',
    variable: ast.root.kind === 'variable' ? ast.root.name : undefined,
    definite,
    normalized: '$' + ast.steps.map(stepText).join(''),
    keys: referenceKeys(ast.steps),
    evaluate: (scope) => evaluateFrom(rootOf(scope)),
    explainMissing: (scope) => explain(ast, rootOf(scope)),
  };
}

function referenceKeys(steps: PathStep[]): (string | number)[] | undefined {
  const keys: (string | number)[] = [];
  for (const step of steps) {
    if (step.type === 'property' && step.names.length === 1) keys.push(step.names[0]!);
    else if (step.type === 'index' && step.indexes.length === 1) keys.push(step.indexes[0]!);
    else return undefined;
  }
  return keys;
}

function rootAccessor(root: PathRoot): (scope: Scope) => unknown {
  if (root.kind === 'context') return (scope) => scope.context;
  if (root.kind === 'variable') {
    const name = root.name;
    return (scope) => (Object.hasOwn(scope.variables, name) ? scope.variables[name] : undefined);
  }
  return (scope) => scope.input;
}

/** Jayway's normalised text of one step. */
function stepText(step: PathStep): string {
  switch (step.type) {
    case 'property':
      return `[${step.names.map((n) => `'${n}'`).join(',')}]`;
    case 'index':
      return `[${step.indexes.join(',')}]`;
    case 'wildcard':
      return '[*]';
    case 'slice':
      return `[${step.start ?? ''}:${step.end ?? ''}${step.step === undefined ? '' : `:${step.step}`}]`;
    case 'filter':
      return '[?]';
    case 'scan':
      return `..${stepText(step.step)}`;
    case 'function':
      return `.${step.name}()`;
  }
}

/** Jayway's message for a definite path that matched nothing. */
function explain(ast: PathAst, root: unknown): string {
  const full = '$' + ast.steps.map(stepText).join('');
  if (ast.root.kind === 'variable' && root === undefined)
    return `No variable named '${ast.root.name}' is defined`;
  let value = root;
  let current = '$';
  for (let i = 0; i < ast.steps.length; i++) {
    const step = ast.steps[i]!;
    const leaf = i === ast.steps.length - 1;
    const fragment = stepText(step);
    if (step.type === 'property') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return `Expected to find an object with property ${fragment} in path ${current} but found '${javaClassName(value)}'. This is not a json object according to the JsonProvider: '${JSON_PROVIDER}'.`;
      }
      const name = step.names[0]!;
      if (step.names.length === 1 && !Object.hasOwn(value, name)) {
        return leaf
          ? `No results for path: ${full}`
          : `Missing property in path ${current}${fragment}`;
      }
      value = (value as Record<string, unknown>)[name];
    } else if (step.type === 'index') {
      if (value === null) return `The path ${current} is null`;
      if (!Array.isArray(value)) {
        const rest = ast.steps.slice(i).map(stepText).join('');
        return `Filter: ${rest} can only be applied to arrays. Current context is: ${javaToString(value)}`;
      }
      value = readIndex(value, step.indexes[0]!);
      if (value === undefined) return `No results for path: ${full}`;
    }
    current += fragment;
  }
  return `No results for path: ${full}`;
}
