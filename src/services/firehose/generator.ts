import type { Clock, IdGenerator } from '../../core/index.js';
import { ModelmillError } from '../../core/index.js';
import type { FirehoseService } from './types.js';

/**
 * Records from a template, as the Kinesis Data Generator makes them: the
 * text of the template with every `{{tag}}` replaced, tags in its
 * faker/moment style — `{{random.number({"min":1,"max":100})}}`,
 * `{{random.float({"min":-1,"max":1,"precision":0.001})}}`,
 * `{{random.arrayElement(["a","b"])}}`, `{{random.uuid}}`,
 * `{{random.boolean}}`, `{{internet.mac}}`, `{{internet.ip}}`,
 * `{{internet.ipv6}}`, `{{date.utc("YYYY-MM-DD HH:mm:ss.SSS")}}`,
 * `{{date.now("X")}}` (moment tokens YYYY MM DD HH mm ss SSS, X = epoch
 * seconds, x = epoch ms; no format: ISO-8601). `date.now` is local time,
 * `date.utc` UTC. Values go in as they are: quote them in the template
 * where JSON wants a string.
 */

/** Randomness, time and ids the generator draws on. */
export interface GeneratorPorts {
  /** A number in [0, 1). */
  random: () => number;
  clock: Clock;
  ids: IdGenerator;
}

type Tag = (ports: GeneratorPorts) => string;

function invalid(tag: string, why: string): ModelmillError {
  return new ModelmillError('InvalidTemplate', `Template tag {{${tag}}}: ${why}`);
}

function between(ports: GeneratorPorts, min: number, max: number): number {
  return min + ports.random() * (max - min);
}

function numberTag(tag: string, arg: unknown, float: boolean): Tag {
  const options = typeof arg === 'number' ? { max: arg } : ((arg ?? {}) as Record<string, unknown>);
  const min = options.min ?? 0;
  const max = options.max ?? (float ? 1 : 99999);
  const precision = options.precision ?? (float ? 0.01 : 1);
  if (typeof min !== 'number' || typeof max !== 'number' || typeof precision !== 'number')
    throw invalid(tag, 'min, max and precision must be numbers');
  if (min > max) throw invalid(tag, `min ${min} is above max ${max}`);
  if (!(precision > 0)) throw invalid(tag, 'precision must be above 0');
  const decimals = Math.max(0, -Math.floor(Math.log10(precision)));
  return (ports) => {
    const steps = Math.floor((max - min) / precision);
    const value = min + Math.floor(ports.random() * (steps + 1)) * precision;
    return decimals === 0 ? String(Math.round(value)) : value.toFixed(decimals);
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Formats `time` with moment's tokens, in UTC or local time. */
export function formatMoment(time: number, format: string, utc: boolean): string {
  const d = new Date(time);
  const [year, month, day, hours, minutes, seconds, ms] = utc
    ? [
        d.getUTCFullYear(),
        d.getUTCMonth(),
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
        d.getUTCMilliseconds(),
      ]
    : [
        d.getFullYear(),
        d.getMonth(),
        d.getDate(),
        d.getHours(),
        d.getMinutes(),
        d.getSeconds(),
        d.getMilliseconds(),
      ];
  const tokens: Record<string, string> = {
    YYYY: String(year),
    MM: pad(month + 1),
    DD: pad(day),
    HH: pad(hours),
    mm: pad(minutes),
    ss: pad(seconds),
    SSS: pad(ms, 3),
    X: String(Math.floor(time / 1000)),
    x: String(time),
  };
  return format.replace(/\[([^\]]*)\]|YYYY|SSS|MM|DD|HH|mm|ss|X|x/g, (token, literal?: string) =>
    literal !== undefined ? literal : (tokens[token] ?? token),
  );
}

function hex(ports: GeneratorPorts, digits: number): string {
  let out = '';
  for (let i = 0; i < digits; i += 1) out += Math.floor(ports.random() * 16).toString(16);
  return out;
}

function compileTag(tag: string): Tag {
  const match = /^\s*([a-zA-Z]+\.[a-zA-Z0-9]+)\s*(?:\((.*)\))?\s*$/s.exec(tag);
  if (!match?.[1]) throw invalid(tag, 'expected name or name(arguments)');
  let args: unknown[];
  try {
    args = match[2] === undefined ? [] : (JSON.parse(`[${match[2]}]`) as unknown[]);
  } catch {
    throw invalid(tag, 'arguments must be JSON values, e.g. {"min":1,"max":10} or ["a","b"]');
  }
  const [arg] = args;
  switch (match[1]) {
    case 'random.number':
      return numberTag(tag, arg, false);
    case 'random.float':
      return numberTag(tag, arg, true);
    case 'random.uuid':
      return (ports) => ports.ids.uuid();
    case 'random.boolean':
      return (ports) => String(ports.random() < 0.5);
    case 'random.arrayElement': {
      if (!Array.isArray(arg) || arg.length === 0) throw invalid(tag, 'needs a non-empty array');
      return (ports) => {
        const picked: unknown = arg[Math.floor(ports.random() * arg.length)];
        return typeof picked === 'string' ? picked : JSON.stringify(picked);
      };
    }
    case 'internet.mac':
      return (ports) => Array.from({ length: 6 }, () => hex(ports, 2)).join(':');
    case 'internet.ip':
      return (ports) =>
        Array.from({ length: 4 }, () => Math.floor(between(ports, 0, 256))).join('.');
    case 'internet.ipv6':
      return (ports) => Array.from({ length: 8 }, () => hex(ports, 4)).join(':');
    case 'date.now':
    case 'date.utc': {
      if (arg !== undefined && typeof arg !== 'string')
        throw invalid(tag, 'the format must be a string');
      const utc = match[1] === 'date.utc';
      return (ports) =>
        arg === undefined
          ? new Date(ports.clock.now()).toISOString()
          : formatMoment(ports.clock.now(), arg, utc);
    }
    default:
      throw invalid(
        tag,
        'unknown tag; use random.number, random.float, random.uuid, random.boolean, random.arrayElement, internet.mac, internet.ip, internet.ipv6, date.now or date.utc',
      );
  }
}

/** Compiles a template once; the answer makes one record per call. */
export function compileTemplate(template: string): (ports: GeneratorPorts) => string {
  const parts: Array<string | Tag> = [];
  let last = 0;
  for (const match of template.matchAll(/\{\{(.*?)\}\}/gs)) {
    parts.push(template.slice(last, match.index), compileTag(match[1] ?? ''));
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));
  return (ports) => parts.map((part) => (typeof part === 'string' ? part : part(ports))).join('');
}

/** `record` on one line when it is JSON; as it is otherwise. */
function oneLine(record: string): string {
  try {
    return JSON.stringify(JSON.parse(record));
  } catch {
    return record;
  }
}

/** What `feedStream` does. */
export interface FeedOptions {
  stream: string;
  /** The record template (see `compileTemplate`). */
  template: string;
  /** Records per second (at least 1). */
  rate: number;
  /** Records in all. */
  count: number;
  /**
   * Put a record that is JSON on one line (so objects stay newline-delimited
   * whatever the template's layout); other records go as made. Default true.
   */
  compact?: boolean;
  /** Called after each second's batch with the totals so far. */
  onProgress?: (sent: number, failed: number) => void;
}

/**
 * Puts `count` records from `template` into `stream`, `rate` per second of
 * `ports.clock` (each second's records in PutRecordBatch calls of up to 500),
 * and answers how many were accepted and refused.
 */
export async function feedStream(
  firehose: Pick<FirehoseService, 'putRecordBatch'>,
  options: FeedOptions,
  ports: GeneratorPorts,
): Promise<{ sent: number; failed: number }> {
  if (!Number.isInteger(options.rate) || options.rate < 1)
    throw new ModelmillError(
      'InvalidArgument',
      `rate must be a whole number above 0 (got ${options.rate})`,
    );
  if (!Number.isInteger(options.count) || options.count < 0)
    throw new ModelmillError(
      'InvalidArgument',
      `count must be a whole number (got ${options.count})`,
    );
  const make = compileTemplate(options.template);
  let sent = 0;
  let failed = 0;
  const start = ports.clock.now();
  for (let second = 0; sent + failed < options.count; second += 1) {
    const wait = start + second * 1000 - ports.clock.now();
    if (wait > 0) await ports.clock.sleep(wait);
    const size = Math.min(options.rate, options.count - sent - failed);
    for (let offset = 0; offset < size; offset += 500) {
      const records = Array.from({ length: Math.min(500, size - offset) }, () => ({
        Data: options.compact === false ? make(ports) : oneLine(make(ports)),
      }));
      const out = await firehose.putRecordBatch({
        DeliveryStreamName: options.stream,
        Records: records,
      });
      failed += out.FailedPutCount;
      sent += records.length - out.FailedPutCount;
    }
    options.onProgress?.(sent, failed);
  }
  return { sent, failed };
}
