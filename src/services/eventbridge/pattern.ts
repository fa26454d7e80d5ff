import { ModelmillError } from '../../core/index.js';
import type { CompiledPattern, PatternOptions } from './pattern-compile.js';
import { compilePattern } from './pattern-compile.js';
import { PatternProblem, lineAndColumn } from './pattern-json.js';

/**
 * Event patterns as the EventBridge API sees them: compile or fail with an
 * `InvalidEventPatternException` worded as AWS words it (reason, then the
 * pattern with the line and column), plus the field the problem is in.
 */

const CACHE_LIMIT = 5_000;
const cache = new Map<string, CompiledPattern>();

/** The message of a pattern problem: AWS's two lines, then the field when known. */
export function describePatternProblem(
  text: string,
  problem: PatternProblem,
  prefix = 'Event pattern is not valid. Reason: ',
): string {
  const { line, column } = lineAndColumn(text, problem.offset);
  const field = problem.field ? `\n in field "${problem.field}"` : '';
  return `${prefix}${problem.reason}\n at [Source: (String)"${text}"; line: ${line}, column: ${column}]${field}`;
}

/**
 * Compiles an event pattern (memoised by text); throws
 * InvalidEventPatternException with the reason, position and field.
 */
export function compileEventPattern(text: string, options: PatternOptions = {}): CompiledPattern {
  const key =
    options.dialect === undefined &&
    options.flat === undefined &&
    options.existsNeedsValue === undefined
      ? text
      : `${options.dialect ?? ''}|${String(options.flat)}|${String(options.existsNeedsValue)}|${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let compiled: CompiledPattern;
  try {
    compiled = compilePattern(text, options);
  } catch (err) {
    if (err instanceof PatternProblem) {
      throw new ModelmillError('InvalidEventPatternException', describePatternProblem(text, err), {
        cause: err,
      });
    }
    throw err;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** True when `event` matches `pattern` (both JSON text); throws on an invalid pattern. */
export function testEventPattern(pattern: string, event: unknown): boolean {
  return compileEventPattern(pattern).matches(event);
}
