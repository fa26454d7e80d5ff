import { jsonEqual } from '../../src/core/index.js';

/** A recorded AWS case (see ../shared/conformance/README.md). */
export interface ConformanceCase {
  id: string;
  definition: unknown;
  input: unknown;
  expected: { status: string; output?: unknown; error?: string; cause?: string };
  historyEventTypes?: string[];
  normalised?: boolean;
  normalisedTokens?: string[];
  causeRecordedAsJson?: boolean;
}

/** What our engine produced for a case. */
export interface Actual {
  status: string;
  output?: unknown;
  error?: string | undefined;
  cause?: string | undefined;
  historyEventTypes: string[];
}

/** Compares a case; returns the first difference in words, or undefined when it passes. */
export function compareCase(c: ConformanceCase, actual: Actual): string | undefined {
  if (actual.status !== c.expected.status) {
    return `status ${actual.status} (expected ${c.expected.status})${actual.error ? `: ${actual.error}: ${actual.cause ?? ''}` : ''}`;
  }
  const tokens = c.normalised ? (c.normalisedTokens ?? []) : [];
  if (c.expected.status === 'SUCCEEDED') {
    const same = c.normalised
      ? matches(c.expected.output, actual.output, tokens)
      : jsonEqual(c.expected.output, actual.output);
    if (!same)
      return `output ${JSON.stringify(actual.output)} (expected ${JSON.stringify(c.expected.output)})`;
  } else {
    if ((c.expected.error ?? undefined) !== (actual.error ?? undefined))
      return `error ${actual.error} (expected ${c.expected.error})`;
    if (!causeMatches(c, actual.cause, tokens))
      return `cause ${JSON.stringify(actual.cause)} (expected ${JSON.stringify(c.expected.cause)})`;
  }
  if (c.historyEventTypes && !historyMatches(c, actual.historyEventTypes)) {
    return `history ${actual.historyEventTypes.join(',')} (expected ${c.historyEventTypes.join(',')})`;
  }
  return undefined;
}

function causeMatches(c: ConformanceCase, cause: string | undefined, tokens: string[]): boolean {
  const expected = c.expected.cause;
  if (expected === undefined) return cause === undefined || cause === '';
  if (cause === undefined) return false;
  if (c.causeRecordedAsJson) {
    try {
      return c.normalised
        ? matches(JSON.parse(expected), JSON.parse(cause), tokens)
        : jsonEqual(JSON.parse(expected), JSON.parse(cause));
    } catch {
      return false;
    }
  }
  return c.normalised ? stringMatches(expected, cause, tokens) : expected === cause;
}

/** Structural comparison with the README's wildcards. */
export function matches(expected: unknown, actual: unknown, tokens: string[]): boolean {
  if (typeof expected === 'string') {
    if (isWholeWildcard(expected, tokens))
      return actual !== undefined && (actual === null || typeof actual !== 'object');
    return typeof actual === 'string' && stringMatches(expected, actual, tokens);
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matches(e, actual[i], tokens))
    );
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const ek = Object.keys(expected);
    const ak = Object.keys(actual);
    return (
      ek.length === ak.length &&
      ek.every((k) => k in actual && matches((expected as any)[k], (actual as any)[k], tokens))
    );
  }
  return jsonEqual(expected, actual);
}

function isWholeWildcard(text: string, tokens: string[]): boolean {
  return /^<[^<>]+>$/.test(text) || tokens.includes(text);
}

function stringMatches(expected: string, actual: string, tokens: string[]): boolean {
  const wild = '\u0000';
  let pattern = expected.replace(/<[^<>]+>/g, wild);
  for (const token of [...tokens].sort((a, b) => b.length - a.length))
    pattern = pattern.split(token).join(wild);
  const regex = new RegExp(
    `^${pattern
      .split(wild)
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[\\s\\S]*?')}$`,
  );
  return regex.test(actual);
}

function historyMatches(c: ConformanceCase, actual: string[]): boolean {
  const expected = c.historyEventTypes ?? [];
  const text = JSON.stringify(c.definition);
  const nested = text.includes('"Parallel"') || text.includes('"Map"');
  if (!nested)
    return expected.length === actual.length && expected.every((t, i) => t === actual[i]);
  // Inside Parallel branches and Map iterations AWS gives no fixed order: compare as multisets.
  return sameMultiset(expected, actual);
}

function sameMultiset(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const counts = new Map<string, number>();
  for (const x of a) counts.set(x, (counts.get(x) ?? 0) + 1);
  for (const x of b) counts.set(x, (counts.get(x) ?? 0) - 1);
  return [...counts.values()].every((n) => n === 0);
}
