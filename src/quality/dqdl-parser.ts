import { checkKeywordCase, parseCondition, startsCondition } from './dqdl-conditions.js';
import { DqdlCursor, describe } from './dqdl-cursor.js';
import type { Token } from './dqdl-lexer.js';
import { checkLeafRule } from './dqdl-validate.js';
import { RULE_TYPES, UNSUPPORTED_RULE_TYPES, closestRuleType } from './rule-types.js';
import type { DqCondition, DqLeafRule, DqRule, DqRuleset } from './types.js';

/**
 * The DQDL parser: `Rules = [ rule, ... ]`, optionally preceded by
 * `Metadata = {...}` and `DataSources = {...}`; rules joined with `and` /
 * `or` where each joined rule is in parentheses (nesting allowed, one operator
 * per level). Errors are InvalidInputException with the line, the column and
 * the rule's number in the message and in `details`.
 */

/** Parses a DQDL document. */
export function parseDqdl(text: string): DqRuleset {
  const cursor = new DqdlCursor(text);
  const ruleset: DqRuleset = { rules: [] };
  while (cursor.is('Metadata') || cursor.is('DataSources') || cursor.is('Sources')) {
    const name = cursor.next().text;
    cursor.expect('=', `after '${name}' (${name} = { "key": "value" })`);
    const section = parseDictionary(cursor, name);
    if (name === 'Metadata') ruleset.metadata = section;
    else ruleset.dataSources = section;
  }
  if (!cursor.is('Rules')) {
    cursor.fail(
      cursor.peek(),
      `a DQDL document is Rules = [ <rule>, <rule>, ... ]; found ${describe(cursor.peek())} where 'Rules' should be`,
    );
  }
  cursor.next();
  cursor.expect('=', "after 'Rules' (Rules = [ ... ])");
  cursor.expect('[', 'to open the list of rules (Rules = [ ... ])');
  if (!cursor.accept(']')) {
    do {
      cursor.ruleNumber += 1;
      cursor.ruleType = undefined;
      if (cursor.is(']'))
        cursor.fail(
          cursor.peek(),
          `a rule is missing after the last ','; remove the trailing comma`,
        );
      ruleset.rules.push(parseTopRule(cursor));
    } while (cursor.accept(','));
    if (!cursor.is(']')) {
      cursor.fail(
        cursor.peek(),
        `expected ',' before the next rule or ']' to close the list after ${cursor.ruleName()}; found ${describe(cursor.peek())}`,
      );
    }
    cursor.next();
  }
  cursor.ruleNumber = 0;
  if (cursor.peek().kind !== 'eof') {
    cursor.fail(
      cursor.peek(),
      `nothing may follow the closing ']' of Rules; found ${describe(cursor.peek())}`,
    );
  }
  return ruleset;
}

/** A top-level rule: a leaf rule, or parenthesized rules joined by and/or. */
function parseTopRule(cursor: DqdlCursor): DqRule {
  if (cursor.is('(')) return parseChain(cursor);
  const rule = parseLeaf(cursor);
  const after = cursor.peek();
  if (after.kind === 'word' && ['and', 'or', 'AND', 'OR'].includes(after.text)) {
    cursor.fail(
      after,
      `rules joined with '${after.text}' must each be in parentheses, e.g. (IsComplete "a") ${after.text} (IsUnique "a"), in ${cursor.ruleName()}`,
    );
  }
  return rule;
}

/** `(r) op (r) op ...` with one operator; a lone `(r)` is just r. */
function parseChain(cursor: DqdlCursor): DqRule {
  const start = cursor.peek();
  const rules = [parseGroup(cursor)];
  let operator: 'and' | 'or' | undefined;
  while (cursor.peek().kind === 'word' && /^(and|or|AND|OR)$/.test(cursor.peek().text)) {
    const token = cursor.next();
    const op = token.text.toLowerCase() as 'and' | 'or';
    cursor.ruleType = undefined;
    if (operator !== undefined && op !== operator) {
      cursor.fail(
        token,
        `${cursor.ruleName()} mixes 'and' and 'or' at one level; wrap one side in parentheses, e.g. (A) and ((B) or (C))`,
      );
    }
    operator = op;
    if (!cursor.is('(')) {
      cursor.fail(
        cursor.peek(),
        `the rule after '${token.text}' must be in parentheses in ${cursor.ruleName()}; found ${describe(cursor.peek())}`,
      );
    }
    rules.push(parseGroup(cursor));
  }
  if (operator === undefined) return rules[0] as DqRule;
  return {
    kind: 'composite',
    operator,
    rules,
    position: { line: start.line, column: start.column },
  };
}

/** `( rule )` where rule is a leaf or a chain. */
function parseGroup(cursor: DqdlCursor): DqRule {
  cursor.expect('(', `in ${cursor.ruleName()}`);
  const inner = cursor.is('(') ? parseChain(cursor) : parseLeaf(cursor);
  cursor.expect(')', `to close the parenthesis in ${cursor.ruleName()}`);
  return inner;
}

/** `Type "param"... [condition] [with threshold condition] [where "sql"]`. */
function parseLeaf(cursor: DqdlCursor): DqLeafRule {
  const typeToken = cursor.next();
  checkRuleType(cursor, typeToken);
  cursor.ruleType = typeToken.text;
  const parameters: string[] = [];
  while (cursor.peek().kind === 'string') parameters.push(cursor.next().text);
  checkKeywordCase(cursor);
  const conditionToken = cursor.peek();
  const condition = startsCondition(cursor) ? parseCondition(cursor) : undefined;
  const rest = parseSuffixes(cursor);
  const rule: DqLeafRule = {
    kind: 'rule',
    type: typeToken.text,
    parameters,
    ...(condition ? { condition } : {}),
    ...(rest.threshold ? { threshold: rest.threshold } : {}),
    ...(rest.where !== undefined ? { where: rest.where } : {}),
    position: { line: typeToken.line, column: typeToken.column },
  };
  checkLeafRule(cursor, rule, {
    type: typeToken,
    condition: conditionToken,
    threshold: rest.thresholdToken,
    where: rest.whereToken,
  });
  return rule;
}

/** `with threshold <condition>` and `where "<sql>"`, in either order. */
interface Suffixes {
  threshold?: DqCondition;
  thresholdToken?: Token;
  where?: string;
  whereToken?: Token;
}

function parseSuffixes(cursor: DqdlCursor): Suffixes {
  const out: Suffixes = {};
  for (;;) {
    checkKeywordCase(cursor);
    if (cursor.is('with') && out.threshold === undefined) {
      out.thresholdToken = cursor.next();
      cursor.expect('threshold', `after 'with' in ${cursor.ruleName()} (with threshold > 0.9)`);
      if (!startsCondition(cursor)) {
        cursor.fail(
          cursor.peek(),
          `expected a comparison after 'with threshold' in ${cursor.ruleName()} (with threshold > 0.9); found ${describe(cursor.peek())}`,
        );
      }
      out.threshold = parseCondition(cursor);
    } else if (cursor.is('where') && out.where === undefined) {
      out.whereToken = cursor.next();
      const sql = cursor.next();
      if (sql.kind !== 'string') {
        cursor.fail(
          sql,
          `'where' takes a quoted SQL condition in ${cursor.ruleName()} (where "price > 0"); found ${describe(sql)}`,
        );
      }
      out.where = sql.text;
    } else {
      return out;
    }
  }
}

function checkRuleType(cursor: DqdlCursor, token: Token): void {
  if (token.kind !== 'word') {
    cursor.fail(
      token,
      `expected a rule type such as Completeness or RowCount to start ${cursor.ruleName()}; found ${describe(token)}`,
    );
  }
  if (RULE_TYPES[token.text] !== undefined) return;
  const reason = UNSUPPORTED_RULE_TYPES[token.text];
  if (reason !== undefined) {
    cursor.fail(
      token,
      `${token.text} (rule ${cursor.ruleNumber}) is a DQDL rule type modelmill does not evaluate locally: ${reason}; remove the rule or keep it in an AWS-only ruleset`,
    );
  }
  const guess = closestRuleType(token.text);
  cursor.fail(
    token,
    `unknown rule type '${token.text}' in rule ${cursor.ruleNumber}` +
      (guess ? `; did you mean ${guess}?` : '') +
      ` Rule types (case sensitive): ${Object.keys(RULE_TYPES).join(', ')}`,
  );
}

/** `{ "key": "value" | ["a", "b"], ... }` */
function parseDictionary(cursor: DqdlCursor, name: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  cursor.expect('{', `to open the ${name} section`);
  if (cursor.accept('}')) return out;
  do {
    const key = cursor.next();
    if (key.kind !== 'string')
      cursor.fail(key, `expected a quoted key in the ${name} section; found ${describe(key)}`);
    cursor.expect(':', `after the key "${key.text}" in the ${name} section`);
    out[key.text] = parseDictionaryValue(cursor, name);
  } while (cursor.accept(','));
  cursor.expect('}', `to close the ${name} section`);
  return out;
}

function parseDictionaryValue(cursor: DqdlCursor, name: string): string | string[] {
  if (cursor.accept('[')) {
    const values: string[] = [];
    do {
      const item = cursor.next();
      if (item.kind !== 'string')
        cursor.fail(
          item,
          `expected a quoted string in the ${name} section; found ${describe(item)}`,
        );
      values.push(item.text);
    } while (cursor.accept(','));
    cursor.expect(']', `to close the list in the ${name} section`);
    return values;
  }
  const value = cursor.next();
  if (value.kind !== 'string')
    cursor.fail(
      value,
      `expected a quoted string or a list in the ${name} section; found ${describe(value)}`,
    );
  return value.text;
}
