import { ModelmillError, utf8Length } from '../../core/index.js';
import { invalidParameter } from './names.js';
import type { MessageAttributeValue, PublishInput } from './types.js';

/**
 * Publish's validation with SNS's limits and wording: message and subject,
 * message attributes (names, types, numbers, arrays), the 256 KiB size, the
 * `json` message structure and FIFO's group and deduplication ids.
 */

/** The largest message, attributes included (256 KiB). */
export const MAX_MESSAGE_BYTES = 262_144;
const MAX_ATTRIBUTES = 10;

function attributeError(message: string): ModelmillError {
  return new ModelmillError('ParameterValueInvalid', message);
}

function checkAttribute(name: string, value: MessageAttributeValue): void {
  if (
    !/^[A-Za-z0-9_.-]{1,256}$/.test(name) ||
    name.startsWith('.') ||
    name.endsWith('.') ||
    name.includes('..')
  )
    throw attributeError(
      `The message attribute name '${name}' is invalid: use 1-256 letters, digits, '_', '-' and '.' (not at the start or end, not twice in a row).`,
    );
  if (/^(aws\.|amazon\.)/i.test(name))
    throw attributeError(
      `The message attribute name '${name}' starts with a reserved prefix (AWS. or Amazon.).`,
    );
  const type = typeof value?.DataType === 'string' ? value.DataType : '';
  const base = type.split('.')[0];
  if (!['String', 'Number', 'Binary'].includes(base ?? ''))
    throw attributeError(
      `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
    );
  if (base === 'Binary') {
    if (typeof value.BinaryValue !== 'string' || value.BinaryValue === '')
      throw attributeError(
        `The message attribute '${name}' with type 'Binary' must use field 'Binary'.`,
      );
    return;
  }
  if (typeof value.StringValue !== 'string' || value.StringValue === '')
    throw attributeError(
      `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
    );
  if (base === 'Number') {
    const n = Number(value.StringValue);
    if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value.StringValue.trim()) || Math.abs(n) > 1e9)
      throw attributeError(
        `The message attribute '${name}' with type 'Number' must be a number between -10^9 and 10^9 (got '${value.StringValue}').`,
      );
  }
  if (type.startsWith('String.Array')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value.StringValue);
    } catch {
      parsed = undefined;
    }
    const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
    if (!Array.isArray(parsed) || !parsed.every(scalar))
      throw attributeError(
        `The message attribute '${name}' with type 'String.Array' must be a JSON array of strings, numbers, booleans or nulls (got ${value.StringValue}).`,
      );
  }
}

/** Checks attributes; returns them (empty when none). */
export function checkAttributes(attributes: unknown): Record<string, MessageAttributeValue> {
  if (attributes === undefined || attributes === null) return {};
  if (typeof attributes !== 'object')
    throw invalidParameter(
      'MessageAttributes must be a map of name to {DataType, StringValue|BinaryValue}',
    );
  const entries = Object.entries(attributes as Record<string, MessageAttributeValue>);
  if (entries.length > MAX_ATTRIBUTES)
    throw invalidParameter(
      `MessageAttributes: ${entries.length} attributes; a message may carry at most ${MAX_ATTRIBUTES}`,
    );
  for (const [name, value] of entries) checkAttribute(name, value);
  return Object.fromEntries(entries);
}

/** Checks a subject: at most 100 printable ASCII characters, no line breaks. */
export function checkSubject(subject: unknown): string | undefined {
  if (subject === undefined || subject === null) return undefined;
  if (
    typeof subject !== 'string' ||
    subject === '' ||
    subject.length > 100 ||
    !/^[\x20-\x7e]+$/.test(subject) ||
    !/^[A-Za-z0-9\p{P}]/u.test(subject)
  )
    throw invalidParameter(
      `Subject: must be 1-100 printable ASCII characters starting with a letter, digit or punctuation, without line breaks (got ${JSON.stringify(subject)})`,
    );
  return subject;
}

/** The per-protocol messages of a publish: `default` and, for `json` structure, overrides per protocol. */
export function messagesOf(input: PublishInput): Record<string, string> & { default: string } {
  const message = input.Message;
  if (typeof message !== 'string' || message === '') throw invalidParameter('Empty message');
  if (input.MessageStructure === undefined || input.MessageStructure === null)
    return { default: message };
  if (input.MessageStructure !== 'json')
    throw invalidParameter(
      `MessageStructure: '${input.MessageStructure}' is not supported; the only value is 'json'`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  const record = parsed as Record<string, unknown>;
  if (typeof record.default !== 'string')
    throw invalidParameter('Message Structure - No default entry in JSON message body');
  const out: Record<string, string> & { default: string } = { default: record.default };
  for (const [protocol, text] of Object.entries(record))
    if (typeof text === 'string') out[protocol] = text;
  return out;
}

/** Checks the size of message plus attributes. */
export function checkSize(
  message: string,
  attributes: Record<string, MessageAttributeValue>,
): void {
  let size = utf8Length(message);
  for (const [name, value] of Object.entries(attributes))
    size +=
      utf8Length(name) +
      utf8Length(value.DataType) +
      utf8Length(value.StringValue ?? value.BinaryValue ?? '');
  if (size > MAX_MESSAGE_BYTES)
    throw invalidParameter(
      `Message too long: ${size} bytes with attributes; the limit is ${MAX_MESSAGE_BYTES} bytes (256 KiB). Store large payloads in S3 and publish their location.`,
    );
}
