import type { AccountScope } from '../../core/index.js';
import { ModelmillError, formatArn, isArn, parseArn } from '../../core/index.js';

/**
 * SNS names, ARNs, paging and errors. Error codes are SNS's wire codes
 * (`NotFound`, `InvalidParameter`, `ParameterValueInvalid`, ...), which the
 * SDKs turn into `NotFoundException`, `InvalidParameterException`, ...
 */

/** `InvalidParameter` with SNS's `Invalid parameter: ...` wording. */
export function invalidParameter(message: string): ModelmillError {
  return new ModelmillError('InvalidParameter', `Invalid parameter: ${message}`);
}

/** `NotFound` for a topic. */
export function topicNotFound(arn: string): ModelmillError {
  return new ModelmillError(
    'NotFound',
    `Topic does not exist: '${arn}'. Create it with CreateTopic (or check the name: ARNs resolve by topic name, whatever account or region they carry).`,
  );
}

/** `NotFound` for a subscription. */
export function subscriptionNotFound(arn: string): ModelmillError {
  return new ModelmillError('NotFound', `Subscription does not exist: '${arn}'`);
}

/** The topic name of a topic ARN (any account or region), or InvalidParameter. */
export function topicNameOf(arn: unknown, field = 'TopicArn'): string {
  if (typeof arn !== 'string' || arn === '')
    throw invalidParameter(`${field} Reason: no value for required parameter`);
  if (!isArn(arn))
    throw invalidParameter(
      `${field} Reason: '${arn}' is not an ARN (arn:aws:sns:<region>:<account>:<topic>)`,
    );
  const parts = parseArn(arn);
  const name = parts.resource.split(':')[0] ?? '';
  if (parts.service !== 'sns' || name === '')
    throw invalidParameter(`${field} Reason: '${arn}' is not an SNS topic ARN`);
  return name;
}

/** `arn:aws:sns:<region>:<account>:<name>`. */
export function topicArn(scope: AccountScope, name: string): string {
  return formatArn(scope, 'sns', name);
}

/** Checks a topic name: 1-256 letters, digits, `-` and `_`, plus `.fifo` for FIFO topics. */
export function checkTopicName(name: unknown, fifo: boolean): string {
  if (typeof name !== 'string' || name === '')
    throw invalidParameter('Topic Name Reason: no value for required parameter');
  const body = fifo ? name.replace(/\.fifo$/, '') : name;
  const ok =
    /^[A-Za-z0-9_-]{1,256}$/.test(body) && name.length <= 256 && (!fifo || name.endsWith('.fifo'));
  if (!ok) {
    throw invalidParameter(
      fifo
        ? `Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long (got '${name}').`
        : `Topic Name: '${name}' must be 1-256 ASCII letters, digits, hyphens or underscores${name.endsWith('.fifo') ? ' (a .fifo name needs the attribute FifoTopic=true)' : ''}.`,
    );
  }
  return name;
}

/** Pages a list 100 at a time with an opaque NextToken. */
export function page<T>(
  items: readonly T[],
  nextToken: unknown,
): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined && nextToken !== null && nextToken !== '') {
    const decoded =
      typeof nextToken === 'string' ? Buffer.from(nextToken, 'base64url').toString() : '';
    const match = /^mm:(\d+)$/.exec(decoded);
    if (!match)
      throw invalidParameter(
        `NextToken: '${JSON.stringify(nextToken)}' is not a token this service issued`,
      );
    start = Number(match[1]);
  }
  const slice = items.slice(start, start + 100);
  const end = start + slice.length;
  return end < items.length
    ? { items: slice, nextToken: Buffer.from(`mm:${end}`).toString('base64url') }
    : { items: slice };
}
