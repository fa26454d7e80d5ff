import { ModelmillError } from '../../core/index.js';
import type { CompiledPattern } from '../eventbridge/index.js';
import {
  PatternProblem,
  compileEventPattern,
  describePatternProblem,
} from '../eventbridge/index.js';
import type { MessageAttributeValue } from './types.js';

/**
 * Subscription filter policies: the event-pattern language in its SNS
 * dialect (no wildcards), applied to the message attributes (default scope)
 * or to the message body parsed as JSON (`FilterPolicyScope: MessageBody`).
 * Policies are limited to 5 keys and 150 value combinations, as in SNS.
 */

/** Filter policy scopes. */
export const FilterPolicyScope = {
  MessageAttributes: 'MessageAttributes',
  MessageBody: 'MessageBody',
} as const;
/** A filter policy scope. */
export type FilterPolicyScope = (typeof FilterPolicyScope)[keyof typeof FilterPolicyScope];

/** A compiled policy: does a message pass? */
export type MessageFilter = (
  message: string,
  attributes: Record<string, MessageAttributeValue>,
) => boolean;

const MAX_KEYS = 5;
const MAX_COMBINATIONS = 150;

function problem(message: string): ModelmillError {
  return new ModelmillError('InvalidParameter', `Invalid parameter: FilterPolicy: ${message}`);
}

/** Compiles a policy; throws InvalidParameter naming the reason and position. */
export function compileFilterPolicy(
  text: string,
  scope: string = FilterPolicyScope.MessageAttributes,
): MessageFilter {
  if (scope !== FilterPolicyScope.MessageAttributes && scope !== FilterPolicyScope.MessageBody)
    throw new ModelmillError(
      'InvalidParameter',
      `Invalid parameter: FilterPolicyScope: '${scope}' is neither MessageAttributes nor MessageBody`,
    );
  const body = scope === FilterPolicyScope.MessageBody;
  let pattern: CompiledPattern;
  try {
    pattern = compileEventPattern(text, { dialect: 'sns', flat: !body, existsNeedsValue: true });
  } catch (err) {
    const cause = (err as Error).cause;
    if (cause instanceof PatternProblem) throw problem(describePatternProblem(text, cause, ''));
    throw err;
  }
  if (pattern.keys > MAX_KEYS)
    throw problem(
      `Filter policy can not have more than ${MAX_KEYS} keys (this one has ${pattern.keys})`,
    );
  if (pattern.combinations > MAX_COMBINATIONS)
    throw problem(
      `Filter policy is too complex: its value combinations (${pattern.combinations}) exceed ${MAX_COMBINATIONS}; split it across subscriptions or use fewer values`,
    );
  if (body) {
    return (message) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(message);
      } catch {
        return false;
      }
      return (
        typeof parsed === 'object' &&
        parsed !== null &&
        !Array.isArray(parsed) &&
        pattern.matches(parsed)
      );
    };
  }
  return (_message, attributes) => pattern.matches(attributeValues(attributes));
}

/** Attributes as filter values: String as text, Number as a number, String.Array as its array; Binary is not matched. */
export function attributeValues(
  attributes: Record<string, MessageAttributeValue>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    const type = attribute.DataType.split('.')[0];
    const value = attribute.StringValue;
    if (value === undefined) continue;
    if (type === 'Number') out[name] = Number(value);
    else if (attribute.DataType.startsWith('String.Array')) {
      try {
        const parsed: unknown = JSON.parse(value);
        if (Array.isArray(parsed)) out[name] = parsed;
      } catch {
        // an unparseable array matches nothing
      }
    } else if (type === 'String') out[name] = value;
  }
  return out;
}
