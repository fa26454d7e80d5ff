import { isIPv4, isIPv6 } from 'node:net';
import type { JsonNode } from './pattern-json.js';
import { PatternProblem } from './pattern-json.js';

/**
 * IP address matching (`{"cidr": "10.0.0.0/24"}`): IPv4 and IPv6 blocks,
 * compared as integers so a match costs one parse and one comparison.
 */

/** Parses an IPv4 or IPv6 address into a bigint, or undefined when it is neither. */
export function ipToBigInt(text: string): { value: bigint; bits: 32 | 128 } | undefined {
  if (isIPv4(text)) {
    const value = text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
    return { value, bits: 32 };
  }
  if (!isIPv6(text)) return undefined;
  let head = text;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.') && lastColon >= 0) {
    // IPv4-embedded form (::ffff:1.2.3.4): the last 32 bits become two groups.
    const v4 = ipToBigInt(text.slice(lastColon + 1));
    if (!v4) return undefined;
    const high = (v4.value >> 16n).toString(16);
    const low = (v4.value & 0xffffn).toString(16);
    head = `${text.slice(0, lastColon + 1)}${high}:${low}`;
  }
  const [left = '', right] = head.split('::');
  const leftGroups = left === '' ? [] : left.split(':');
  const rightGroups = right === undefined || right === '' ? [] : right.split(':');
  const missing = 8 - leftGroups.length - rightGroups.length;
  const groups = [
    ...leftGroups,
    ...Array<string>(right === undefined ? 0 : missing).fill('0'),
    ...rightGroups,
  ];
  if (groups.length !== 8) return undefined;
  const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  return { value, bits: 128 };
}

/** Compiles a `cidr` operand into a predicate on string values. */
export function compileCidr(node: JsonNode, field: string): (value: unknown) => boolean {
  if (node.kind !== 'string')
    throw new PatternProblem('cidr match pattern must be a string', node.firstEnd, field);
  const parts = node.value.split('/');
  if (parts.length !== 2)
    throw new PatternProblem("Malformed CIDR, one '/' required", node.firstEnd, field);
  const [address = '', maskText = ''] = parts;
  const ip = ipToBigInt(address);
  if (!ip) throw new PatternProblem(`Nonstandard IP address: ${address}`, node.firstEnd, field);
  const mask = /^\d{1,3}$/.test(maskText) ? Number(maskText) : NaN;
  if (!(mask >= 0 && mask <= ip.bits))
    throw new PatternProblem(
      `Malformed CIDR, mask bits must be between 0 and ${ip.bits}`,
      node.firstEnd,
      field,
    );
  const shift = BigInt(ip.bits - mask);
  const network = ip.value >> shift;
  return (value) => {
    if (typeof value !== 'string') return false;
    const candidate = ipToBigInt(value);
    return (
      candidate !== undefined && candidate.bits === ip.bits && candidate.value >> shift === network
    );
  };
}
