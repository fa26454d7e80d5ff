import { ModelmillError, isPlainObject } from '../../../core/index.js';
import { checkAttributeValue } from '../attribute-value.js';
import { isReservedWord } from '../reserved-words.js';
import type { AttributeValue } from '../types.js';
import type { ConditionNode, ExpressionKind, Parsed, PathNode, UpdateNode } from './ast.js';
import { parseCondition } from './parse-condition.js';
import { parseProjection, parseUpdate } from './parse-update.js';

/**
 * One request's ExpressionAttributeNames and ExpressionAttributeValues:
 * checked once, substituted into every expression of the request, with
 * DynamoDB's checks for undefined references, unused entries and reserved words.
 */

function invalid(message: string): ModelmillError {
  return new ModelmillError('ValidationException', message);
}

/** Which expressions the request carries, for the "only with expressions" checks. */
export interface ExpressionUse {
  /** Any expression at all (names may be used by projections too). */
  any: boolean;
  /** An expression that can use values (condition, filter, key condition, update). */
  withValues: boolean;
}

/** Resolves references in a request's expressions and tracks what was used. */
export class ExpressionContext {
  private readonly names: Record<string, string>;
  private readonly values: Record<string, AttributeValue>;
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();

  constructor(names: unknown, values: unknown, use: ExpressionUse) {
    this.names = checkNames(names, use);
    this.values = checkValues(values, use);
  }

  /** Parses and resolves a condition; undefined when `source` is absent. */
  condition(source: string | undefined, kind: ExpressionKind): ConditionNode | undefined {
    if (source === undefined) return undefined;
    return this.resolve(parseCondition(source, kind), kind).tree;
  }

  /** Parses and resolves an UpdateExpression. */
  update(source: string): UpdateNode {
    return this.resolve(parseUpdate(source), 'UpdateExpression').tree;
  }

  /** Parses and resolves a ProjectionExpression; undefined when absent. */
  projection(source: string | undefined): PathNode[] | undefined {
    if (source === undefined) return undefined;
    return this.resolve(parseProjection(source), 'ProjectionExpression').tree;
  }

  private resolve<T>(parsed: Parsed<T>, kind: ExpressionKind): Parsed<T> {
    for (const path of parsed.paths) {
      for (const name of path.bareNames) {
        if (isReservedWord(name)) {
          throw invalid(
            `Invalid ${kind}: Attribute name is a reserved keyword; reserved keyword: ${name} (write it as an expression attribute name: "#${name}" in the expression and {"#${name}": "${name}"} in ExpressionAttributeNames)`,
          );
        }
      }
      for (const alias of path.aliases) {
        const name = this.names[alias.ref];
        if (name === undefined) {
          throw invalid(
            `Invalid ${kind}: An expression attribute name used in the document path is not defined; attribute name: ${alias.ref}`,
          );
        }
        this.usedNames.add(alias.ref);
        path.elements[alias.index] = name;
      }
    }
    for (const node of parsed.values) {
      const value = this.values[node.ref];
      if (value === undefined) {
        throw invalid(
          `Invalid ${kind}: An expression attribute value used in expression is not defined; attribute value: ${node.ref}`,
        );
      }
      this.usedValues.add(node.ref);
      node.value = value;
    }
    return parsed;
  }

  /** Fails when a name or value was given but no expression used it. */
  finish(): void {
    const unusedNames = Object.keys(this.names).filter((key) => !this.usedNames.has(key));
    if (unusedNames.length > 0) {
      throw invalid(
        `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`,
      );
    }
    const unusedValues = Object.keys(this.values).filter((key) => !this.usedValues.has(key));
    if (unusedValues.length > 0) {
      throw invalid(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`,
      );
    }
  }
}

function checkNames(names: unknown, use: ExpressionUse): Record<string, string> {
  if (names === undefined || names === null) return {};
  if (!use.any)
    throw invalid('ExpressionAttributeNames can only be specified when using expressions');
  if (!isPlainObject(names)) {
    throw invalid('ExpressionAttributeNames must be a map of "#name" keys to attribute names');
  }
  const keys = Object.keys(names);
  if (keys.length === 0) throw invalid('ExpressionAttributeNames must not be empty');
  for (const key of keys) {
    if (!/^#[A-Za-z0-9_]+$/.test(key)) {
      throw invalid(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`);
    }
    const name = names[key];
    if (typeof name !== 'string' || name === '') {
      throw invalid(
        `ExpressionAttributeNames contains invalid value: Empty attribute name or not a string for key ${key}`,
      );
    }
  }
  return names as Record<string, string>;
}

function checkValues(values: unknown, use: ExpressionUse): Record<string, AttributeValue> {
  if (values === undefined || values === null) return {};
  if (!use.withValues) {
    throw invalid('ExpressionAttributeValues can only be specified when using expressions');
  }
  if (!isPlainObject(values)) {
    throw invalid('ExpressionAttributeValues must be a map of ":value" keys to AttributeValues');
  }
  const keys = Object.keys(values);
  if (keys.length === 0) throw invalid('ExpressionAttributeValues must not be empty');
  const out: Record<string, AttributeValue> = {};
  for (const key of keys) {
    if (!/^:[A-Za-z0-9_]+$/.test(key)) {
      throw invalid(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`);
    }
    try {
      out[key] = checkAttributeValue(values[key], `ExpressionAttributeValues.${key}`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw invalid(`ExpressionAttributeValues contains invalid value: ${message} for key ${key}`);
    }
  }
  return out;
}
