import type { JsonNode } from './pattern-json.js';
import { PatternProblem } from './pattern-json.js';
import { compileCidr } from './pattern-cidr.js';

/**
 * The content-filter operators of event patterns (and SNS filter policies):
 * each `{ "<operator>": ... }` object inside a field's array becomes a
 * predicate on one scalar value of the event, validated with EventBridge's
 * reasons and positions.
 */

/** A predicate on one scalar event value (string, number, boolean or null). */
export type ScalarTest = (value: unknown) => boolean;

/** What an operator object compiles to. */
export type Operator = { kind: 'exists'; exists: boolean } | { kind: 'test'; test: ScalarTest };

/** Which language is being compiled: EventBridge patterns or SNS filter policies. */
export type PatternDialect = 'eventbridge' | 'sns';

/** Compiles `{ "<operator>": value }` found at `field`. */
export function compileOperator(
  node: JsonNode & { kind: 'object' },
  field: string,
  dialect: PatternDialect,
): Operator {
  const entry = node.entries[0];
  if (!entry) throw new PatternProblem('Empty objects are not allowed', node.end, field);
  const value = entry.value;
  if (node.entries.length > 1) {
    const extra = node.entries[1]!;
    throw new PatternProblem(
      `Only one match type is allowed per object, found "${entry.key}" and "${extra.key}"`,
      extra.keyEnd,
      field,
    );
  }
  switch (entry.key) {
    case 'exists':
      if (value.kind !== 'boolean')
        throw new PatternProblem(
          'exists match pattern must be either true or false.',
          value.firstEnd,
          field,
        );
      return { kind: 'exists', exists: value.value };
    case 'prefix':
    case 'suffix':
      return { kind: 'test', test: affix(entry.key, value, field, false) };
    case 'equals-ignore-case': {
      const wanted = stringOf(value, 'equals-ignore-case match pattern must be a string', field);
      const lower = wanted.toLowerCase();
      return {
        kind: 'test',
        test: (x) => typeof x === 'string' && x.toLowerCase() === lower,
      };
    }
    case 'anything-but':
      return { kind: 'test', test: anythingBut(value, field, dialect) };
    case 'numeric':
      return { kind: 'test', test: numeric(value, field) };
    case 'cidr':
      return { kind: 'test', test: compileCidr(value, field) };
    case 'wildcard':
      if (dialect === 'eventbridge') return { kind: 'test', test: wildcard(value, field) };
      break;
    default:
      break;
  }
  throw new PatternProblem(`Unrecognized match type ${entry.key}`, value.firstEnd, field);
}

function stringOf(node: JsonNode, reason: string, field: string): string {
  if (node.kind !== 'string') throw new PatternProblem(reason, node.firstEnd, field);
  return node.value;
}

/** `prefix`/`suffix`: a string, or `{ "equals-ignore-case": string }`. */
function affix(
  kind: 'prefix' | 'suffix',
  node: JsonNode,
  field: string,
  negated: boolean,
): ScalarTest {
  const reason = negated
    ? 'prefix/suffix match pattern must be a string'
    : `${kind} match pattern must be a string`;
  let ignoreCase = false;
  let wanted: string;
  if (!negated && node.kind === 'object' && node.entries.length === 1) {
    const inner = node.entries[0]!;
    if (inner.key !== 'equals-ignore-case') {
      throw new PatternProblem(`Unsupported ${kind} pattern: ${inner.key}`, inner.keyEnd, field);
    }
    wanted = stringOf(inner.value, `${kind} match pattern must be a string`, field);
    ignoreCase = true;
  } else {
    wanted = stringOf(node, reason, field);
  }
  if (negated && wanted === '')
    throw new PatternProblem('Null prefix/suffix not allowed', node.firstEnd, field);
  if (ignoreCase) {
    const lower = wanted.toLowerCase();
    return kind === 'prefix'
      ? (x) => typeof x === 'string' && x.toLowerCase().startsWith(lower)
      : (x) => typeof x === 'string' && x.toLowerCase().endsWith(lower);
  }
  return kind === 'prefix'
    ? (x) => typeof x === 'string' && x.startsWith(wanted)
    : (x) => typeof x === 'string' && x.endsWith(wanted);
}

/** A string or a list of strings (anything-but's object forms). */
function stringList(node: JsonNode, reason: string, field: string): string[] {
  if (node.kind === 'string') return [node.value];
  if (node.kind !== 'array')
    throw new PatternProblem(
      'Value of anything-but must be an array or single string/number value.',
      node.firstEnd,
      field,
    );
  if (node.items.length === 0)
    throw new PatternProblem('Empty arrays are not allowed', node.end, field);
  return node.items.map((item) => stringOf(item, reason, field));
}

function anythingBut(node: JsonNode, field: string, dialect: PatternDialect): ScalarTest {
  if (node.kind === 'string' || node.kind === 'number') return excluding([node], field);
  if (node.kind === 'array') {
    if (node.items.length === 0)
      throw new PatternProblem('Empty arrays are not allowed', node.end, field);
    return excluding(node.items, field);
  }
  if (node.kind !== 'object' || node.entries.length !== 1) {
    throw new PatternProblem(
      'Value of anything-but must be an array or single string/number value.',
      node.firstEnd,
      field,
    );
  }
  const inner = node.entries[0]!;
  const value = inner.value;
  switch (inner.key) {
    case 'prefix':
    case 'suffix': {
      if (value.kind === 'object')
        throw new PatternProblem(
          'Value of anything-but must be an array or single string/number value.',
          value.firstEnd,
          field,
        );
      const nodes = value.kind === 'array' ? value.items : [value];
      if (nodes.length === 0)
        throw new PatternProblem('Empty arrays are not allowed', value.end, field);
      const tests = nodes.map((n) => affix(inner.key as 'prefix' | 'suffix', n, field, true));
      return (x) => typeof x !== 'string' || !tests.some((t) => t(x));
    }
    case 'equals-ignore-case': {
      const reason =
        'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.';
      const lowered = new Set(stringList(value, reason, field).map((s) => s.toLowerCase()));
      return (x) => typeof x !== 'string' || !lowered.has(x.toLowerCase());
    }
    case 'wildcard': {
      if (dialect !== 'eventbridge') break;
      const patterns = stringList(value, 'wildcard match pattern must be a string', field).map(
        (text) => wildcardRegex(text, value.firstEnd, field),
      );
      return (x) => typeof x !== 'string' || !patterns.some((re) => re.test(x));
    }
    default:
      break;
  }
  throw new PatternProblem(`Unsupported anything-but pattern: ${inner.key}`, inner.keyEnd, field);
}

/** anything-but with literal values: matches any scalar that is none of them. */
function excluding(nodes: JsonNode[], field: string): ScalarTest {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  for (const item of nodes) {
    if (item.kind === 'string') strings.add(item.value);
    else if (item.kind === 'number') numbers.add(item.value);
    else
      throw new PatternProblem(
        'Inside anything but list, start|null|boolean is not supported.',
        item.firstEnd,
        field,
      );
  }
  return (x) =>
    typeof x === 'string' ? !strings.has(x) : typeof x === 'number' ? !numbers.has(x) : true;
}

const LOWER = new Set(['>', '>=']);
const UPPER = new Set(['<', '<=']);

/** `numeric`: `["=", n]`, or one bound, or a lower and an upper bound in either order. */
function numeric(node: JsonNode, field: string): ScalarTest {
  if (node.kind !== 'array')
    throw new PatternProblem('Value of numeric must be an array.', node.firstEnd, field);
  if (node.items.length === 0)
    throw new PatternProblem('Empty arrays are not allowed', node.end, field);
  const checks: Array<(n: number) => boolean> = [];
  let seenLower = false;
  let seenUpper = false;
  for (let i = 0; i < node.items.length; i += 2) {
    const op = node.items[i]!;
    const operator = op.kind === 'string' ? op.value : undefined;
    const valid =
      operator !== undefined &&
      (i === 0
        ? operator === '=' || LOWER.has(operator) || UPPER.has(operator)
        : (LOWER.has(operator) && !seenLower) || (UPPER.has(operator) && !seenUpper));
    if (!valid || (i > 0 && operator === '=')) {
      const shown = op.kind === 'string' ? op.value : JSON.stringify(nodeValue(op));
      throw new PatternProblem(`Bad numeric range operator: ${shown}`, op.firstEnd, field);
    }
    const operand = node.items[i + 1];
    if (operand?.kind !== 'number') {
      throw new PatternProblem(
        `Value of ${operator} must be numeric`,
        operand ? operand.firstEnd : node.end,
        field,
      );
    }
    const bound = operand.value;
    if (operator === '=') {
      if (node.items.length > 2)
        throw new PatternProblem(
          'Bad numeric range: "=" takes exactly one value',
          node.items[2]!.firstEnd,
          field,
        );
      checks.push((n) => n === bound);
    } else if (operator === '>') checks.push((n) => n > bound);
    else if (operator === '>=') checks.push((n) => n >= bound);
    else if (operator === '<') checks.push((n) => n < bound);
    else checks.push((n) => n <= bound);
    if (LOWER.has(operator)) seenLower = true;
    if (UPPER.has(operator)) seenUpper = true;
  }
  if (checks.length === 1) {
    const only = checks[0]!;
    return (x) => typeof x === 'number' && only(x);
  }
  const [a, b] = checks as [(n: number) => boolean, (n: number) => boolean];
  return (x) => typeof x === 'number' && a(x) && b(x);
}

function nodeValue(node: JsonNode): unknown {
  return 'value' in node ? node.value : node.kind;
}

function wildcard(node: JsonNode, field: string): ScalarTest {
  const re = wildcardRegex(
    stringOf(node, 'wildcard match pattern must be a string', field),
    node.firstEnd,
    field,
  );
  return (x) => typeof x === 'string' && re.test(x);
}

/** `*` matches any run of characters; `\*` is a literal star and `\\` a backslash. */
function wildcardRegex(text: string, offset: number, field: string): RegExp {
  let source = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (ch === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\')
        throw new PatternProblem(`Invalid escape character at pos ${i}`, offset, field);
      source += `\\${next}`;
      i += 1;
    } else if (ch === '*') {
      if (text[i + 1] === '*')
        throw new PatternProblem(`Consecutive wildcard characters at pos ${i + 1}`, offset, field);
      source += '.*';
    } else source += ch.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}
