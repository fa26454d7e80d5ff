import { compilePath, PathSyntaxError } from './jsonpath.js';

/**
 * JSONPath text as validation needs to see it: whether it parses (with the
 * runtime's parser, so validation and execution agree), where it starts, and
 * whether it is a Reference Path (only single names and indexes).
 */

/** What a path's text is. */
export interface PathAnalysis {
  /** Why the text is not a valid path; undefined when it is. */
  problem?: string;
  /**
   * True when the only problem lies inside a filter or script expression
   * (`[?(...)]`, `[(...)]`), whose Jayway dialect the runtime reads only in
   * part: reported as a warning, since AWS may accept what we cannot run.
   */
  inFilter?: boolean;
  /** Where the path starts: the state input, the context object (`$$`) or a variable. */
  root: 'input' | 'context' | 'variable';
  /** True when every step selects a single node (a Reference Path). */
  reference: boolean;
}

/** Analyses the text of a JSONPath (`$...`, `$$...` or `$variable...`). */
export function analysePath(text: string): PathAnalysis {
  if (!text.startsWith('$')) {
    return {
      problem: "a path must start with '$' (input), '$$' (context object) or '$name' (variable)",
      root: 'input',
      reference: false,
    };
  }
  try {
    const path = compilePath(text);
    return { root: path.rootKind, reference: path.keys !== undefined };
  } catch (err) {
    if (!(err instanceof PathSyntaxError)) throw err;
    const analysis: PathAnalysis = { problem: err.message, root: 'input', reference: false };
    if (insideFilter(text, err.position)) analysis.inFilter = true;
    return analysis;
  }
}

/** True when `position` falls inside a `[?(...)]` or `[(...)]` bracket of `text`. */
export function insideFilter(text: string, position: number): boolean {
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) {
    if (!/^\[\s*\??\s*\(/.test(text.slice(i, i + 8))) continue;
    const close = findClosing(text, i);
    if (position > i && (close < 0 || position <= close)) return true;
  }
  return false;
}

/** Index of the `]` closing the `[` at `open`, skipping quoted text; -1 when unclosed. */
function findClosing(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}
