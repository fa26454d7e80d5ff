import jsonata from 'jsonata';
import { isPlainObject } from '../core/index.js';
import { at, atIndex, DiagnosticCode, type DiagnosticCollector } from './validate-diagnostics.js';

/**
 * Checks of JSONata-mode values: every string written as `{% expression %}`
 * must be surrounded exactly so, parse with the JSONata parser, and read only
 * what a Step Functions expression can see (`$states`, variables, literals).
 */

/** A JSONata node as the `jsonata` package's `ast()` returns it. */
interface Node {
  type: string;
  value?: unknown;
  position?: number;
  [key: string]: unknown;
}

/** What checking one expression found. */
interface ExpressionFinding {
  severity: 'ERROR' | 'WARNING';
  code: DiagnosticCode;
  message: string;
}

const cache = new Map<string, ExpressionFinding[]>();
const CACHE_LIMIT = 5_000;

/** Checks every string inside a JSONata-mode value (objects and arrays included). */
export function checkJsonataValue(
  value: unknown,
  location: string,
  out: DiagnosticCollector,
): void {
  if (typeof value === 'string') checkJsonataString(value, location, out);
  else if (Array.isArray(value))
    value.forEach((item, i) => checkJsonataValue(item, atIndex(location, i), out));
  else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value))
      checkJsonataValue(item, at(location, key), out);
  }
}

/** True when `value` is a string written as a JSONata expression. */
export function isJsonataText(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('{%');
}

/** Checks one string of a JSONata-mode field; plain strings are literals and pass. */
export function checkJsonataString(
  value: string,
  location: string,
  out: DiagnosticCollector,
): void {
  const opens = value.startsWith('{%');
  const closes = value.endsWith('%}') && value.length >= 4;
  if (!opens && !closes) return;
  if (!opens || !closes) {
    out.schema(
      `JSONata string must start with {% and end with %}: '${clip(value)}'. Write the expression as "{% <expression> %}", or remove the stray ${opens ? '{%' : '%}'} from a literal string.`,
      location,
    );
    return;
  }
  if (!/^\{%\s\S/.test(value)) {
    out.schema(
      `JSONata string '${clip(value)}' must open with '{% ' followed directly by the expression. Write it as "{% <expression> %}".`,
      location,
    );
    return;
  }
  for (const finding of findingsFor(value.slice(2, -2).trim())) {
    if (finding.severity === 'ERROR') out.error(finding.code, finding.message, location);
    else out.warn(finding.code, finding.message, location);
  }
}

function findingsFor(expression: string): ExpressionFinding[] {
  let findings = cache.get(expression);
  if (findings === undefined) {
    findings = analyse(expression);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(expression, findings);
  }
  return findings;
}

function analyse(expression: string): ExpressionFinding[] {
  if (expression === '') {
    return [
      {
        severity: 'ERROR',
        code: DiagnosticCode.INVALID_JSONATA_EXPRESSION,
        message: 'The JSONata expression is empty. Write an expression between {% and %}.',
      },
    ];
  }
  let ast: Node;
  try {
    ast = jsonata(expression).ast() as Node;
  } catch (err) {
    const e = err as { message?: string; position?: number };
    const where = e.position === undefined ? '' : ` at position ${e.position}`;
    return [
      {
        severity: 'ERROR',
        code: DiagnosticCode.INVALID_JSONATA_EXPRESSION,
        message: `The JSONata expression '${clip(expression)}' does not parse${where}: ${e.message ?? String(err)}. Fix the expression's syntax.`,
      },
    ];
  }
  const findings: ExpressionFinding[] = [];
  walk(ast, true, findings);
  return findings;
}

/** Walks the AST; `top` says whether the node reads the (absent) top-level context. */
function walk(node: unknown, top: boolean, findings: ExpressionFinding[]): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, top, findings);
    return;
  }
  if (!isPlainObject(node) || typeof node.type !== 'string') return;
  const n = node as Node;
  switch (n.type) {
    case 'path':
      return walkPath(n, top, findings);
    case 'name':
      if (top) findings.push(topLevelName(String(n.value)));
      break;
    case 'variable':
      if (n.value === '$') findings.push(doubleDollar());
      else if (n.value === '' && top && Array.isArray(n.predicate)) findings.push(jsonPathLike());
      break;
    case 'sort':
      walk(n.lhs, top, findings);
      walk(n.terms, false, findings);
      return;
    case 'transform':
      return;
  }
  for (const key of [
    'lhs',
    'rhs',
    'expression',
    'expressions',
    'arguments',
    'condition',
    'then',
    'else',
    'body',
  ]) {
    if (key in n) walk(n[key], top, findings);
  }
  walkStages(n, findings);
}

function walkPath(n: Node, top: boolean, findings: ExpressionFinding[]): void {
  const steps = Array.isArray(n.steps) ? (n.steps as Node[]) : [];
  const first = steps[0];
  if (top && first?.type === 'variable' && first.value === '' && steps.length > 1) {
    findings.push(jsonPathLike());
  }
  steps.forEach((step, i) => walk(step, top && i === 0, findings));
  if (n.group !== undefined) walk(n.group, false, findings);
}

function walkStages(n: Node, findings: ExpressionFinding[]): void {
  for (const key of ['stages', 'predicate', 'group']) {
    if (key in n) walk(n[key], false, findings);
  }
  if (n.type === 'filter') walk(n.expr, false, findings);
}

function topLevelName(name: string): ExpressionFinding {
  return {
    severity: 'ERROR',
    code: DiagnosticCode.UNSUPPORTED_JSONATA_EXPRESSION,
    message: `Reference to '${name}' at the top level is not supported. Read the state input as $states.input.${name}, or a variable as $${name}.`,
  };
}

function doubleDollar(): ExpressionFinding {
  return {
    severity: 'ERROR',
    code: DiagnosticCode.UNSUPPORTED_JSONATA_EXPRESSION,
    message: "Reference to '$$' is not supported. Read the context object as $states.context.",
  };
}

function jsonPathLike(): ExpressionFinding {
  return {
    severity: 'WARNING',
    code: DiagnosticCode.UNSUPPORTED_JSONATA_EXPRESSION,
    message:
      "The expression reads '$' the JSONPath way; in JSONata states the input is $states.input (for example $states.input.field), and '$' alone has no value.",
  };
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
