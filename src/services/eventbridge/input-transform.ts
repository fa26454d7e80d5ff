import { ModelmillError } from '../../core/index.js';
import type { EventBridgeEvent, Target } from './types.js';

/**
 * What a target receives: the whole event (default), a constant `Input`, the
 * part of the event an `InputPath` selects, or an `InputTransformer`'s
 * template with `<var>` placeholders filled from `InputPathsMap` and the
 * predefined `aws.events.*` variables. Placeholders inside a JSON string
 * take the raw text of a value; outside, its JSON; in a plain-text template,
 * strings go in as they are.
 */

/** What a compiled target input needs to render. */
export interface RenderContext {
  ruleName: string;
  ruleArn: string;
  /** Epoch ms when the bus received the event. */
  ingestionTime: number;
}

/** Renders the input text for one event. */
export type InputRenderer = (event: EventBridgeEvent, context: RenderContext) => string;

const PREDEFINED = new Set([
  'aws.events.rule-arn',
  'aws.events.rule-name',
  'aws.events.event.ingestion-time',
  'aws.events.event',
  'aws.events.event.json',
]);

type Step = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'all' };

/** Parses the JSON paths EventBridge accepts: `$`, `.name` (dashes, slashes ok), `['name']`, `[0]`, `*`. */
export function parseEventPath(path: string, where: string): Step[] {
  const fail = (why: string) =>
    new ModelmillError(
      'ValidationException',
      `${where}: '${path}' is not a valid JSON path (${why}); write e.g. $.detail.status or $.detail['--year']`,
    );
  if (!path.startsWith('$')) throw fail('it must start with $');
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === '.') {
      let j = i + 1;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j += 1;
      const name = path.slice(i + 1, j);
      if (name === '') throw fail(`empty name at position ${i + 1}`);
      steps.push(name === '*' ? { kind: 'all' } : { kind: 'key', key: name });
      i = j;
    } else if (path[i] === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) throw fail(`unclosed [ at position ${i}`);
      const inner = path.slice(i + 1, close).trim();
      if (inner === '*') steps.push({ kind: 'all' });
      else if (/^\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ kind: 'key', key: inner.slice(1, -1) });
      else throw fail(`'[${inner}]' is neither an index, * nor a quoted name`);
      i = close + 1;
    } else throw fail(`unexpected '${path[i]}' at position ${i}`);
  }
  return steps;
}

/** The value at `steps` in `value`; a wildcard yields the array of matches. */
export function selectPath(value: unknown, steps: readonly Step[]): unknown {
  let current: unknown[] = [value];
  let many = false;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const node of current) {
      if (step.kind === 'all') {
        many = true;
        if (Array.isArray(node)) next.push(...(node as unknown[]));
        else if (typeof node === 'object' && node !== null) next.push(...Object.values(node));
      } else if (step.kind === 'index') {
        if (Array.isArray(node) && step.index < node.length) next.push(node[step.index]);
      } else if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
        const child = (node as Record<string, unknown>)[step.key];
        if (child !== undefined) next.push(child);
      }
    }
    current = next;
  }
  return many ? current : current[0];
}

interface Piece {
  text?: string;
  variable?: string;
  quoted: boolean;
}

/** Splits a template into text and `<var>` placeholders, noting which sit inside JSON strings. */
function scanTemplate(template: string): { pieces: Piece[]; json: boolean } {
  const trimmed = template.trim();
  const json = trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"');
  const pieces: Piece[] = [];
  let inString = false;
  let text = '';
  for (let i = 0; i < template.length; i += 1) {
    const ch = template[i]!;
    if (ch === '<') {
      const close = template.indexOf('>', i);
      const name = close > i ? template.slice(i + 1, close) : '';
      if (/^[A-Za-z0-9_.-]+$/.test(name)) {
        if (text) pieces.push({ text, quoted: inString });
        text = '';
        pieces.push({ variable: name, quoted: inString });
        i = close;
        continue;
      }
    }
    if (json && ch === '\\' && inString) {
      text += ch + (template[i + 1] ?? '');
      i += 1;
      continue;
    }
    if (json && ch === '"') inString = !inString;
    text += ch;
  }
  if (text) pieces.push({ text, quoted: inString });
  return { pieces, json };
}

function fill(value: unknown, quoted: boolean, json: boolean): string {
  if (value === undefined) return json && !quoted ? 'null' : '';
  if (!json) return typeof value === 'string' ? value : JSON.stringify(value);
  if (quoted) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return JSON.stringify(text).slice(1, -1);
  }
  return JSON.stringify(value);
}

/** Checks a target's input settings at PutTargets; throws ValidationException naming the target. */
export function compileTargetInput(target: Target): InputRenderer {
  const id = target.Id;
  const given = ['Input', 'InputPath', 'InputTransformer'].filter((k) => target[k] !== undefined);
  if (given.length > 1)
    throw new ModelmillError(
      'ValidationException',
      `Target ${id}: only one of Input, InputPath and InputTransformer may be given (found ${given.join(' and ')})`,
    );
  if (target.Input !== undefined) {
    const input = target.Input;
    try {
      JSON.parse(input);
    } catch (err) {
      throw new ModelmillError(
        'ValidationException',
        `Target ${id}: Input must be valid JSON text (${(err as Error).message}); to send a plain string, quote it: "\\"text\\""`,
      );
    }
    return () => input;
  }
  if (target.InputPath !== undefined) {
    const steps = parseEventPath(target.InputPath, `Target ${id} InputPath`);
    return (event) => JSON.stringify(selectPath(event, steps) ?? null);
  }
  if (target.InputTransformer !== undefined) return compileTransformer(target);
  return (event) => JSON.stringify(event);
}

function compileTransformer(target: Target): InputRenderer {
  const id = target.Id;
  const { InputPathsMap: map = {}, InputTemplate: template } = target.InputTransformer!;
  if (typeof template !== 'string' || template === '')
    throw new ModelmillError(
      'ValidationException',
      `Target ${id}: InputTransformer.InputTemplate is required`,
    );
  const entries = Object.entries(map);
  if (entries.length > 100)
    throw new ModelmillError(
      'ValidationException',
      `Target ${id}: InputPathsMap has ${entries.length} entries; the limit is 100`,
    );
  const paths = new Map<string, Step[]>();
  for (const [name, path] of entries) {
    if (PREDEFINED.has(name) || name.startsWith('aws.'))
      throw new ModelmillError(
        'ValidationException',
        `Target ${id}: InputPathsMap key '${name}' is reserved (aws.* names are predefined variables)`,
      );
    if (!/^[A-Za-z0-9_-]+$/.test(name))
      throw new ModelmillError(
        'ValidationException',
        `Target ${id}: InputPathsMap key '${name}' may only hold letters, digits, '_' and '-'`,
      );
    paths.set(name, parseEventPath(path, `Target ${id} InputPathsMap['${name}']`));
  }
  const { pieces, json } = scanTemplate(template);
  for (const piece of pieces) {
    if (
      piece.variable !== undefined &&
      !paths.has(piece.variable) &&
      !PREDEFINED.has(piece.variable)
    )
      throw new ModelmillError(
        'ValidationException',
        `Target ${id}: InputTemplate uses <${piece.variable}>, which InputPathsMap does not define (defined: ${[...paths.keys()].join(', ') || 'none'})`,
      );
  }
  const render: InputRenderer = (event, context) => {
    let out = '';
    for (const piece of pieces) {
      if (piece.text !== undefined) out += piece.text;
      else out += placeholder(piece, json, paths, event, context);
    }
    return out;
  };
  if (json) checkJsonTemplate(id, template, render);
  return render;
}

function placeholder(
  piece: Piece,
  json: boolean,
  paths: Map<string, Step[]>,
  event: EventBridgeEvent,
  context: RenderContext,
): string {
  const name = piece.variable!;
  const steps = paths.get(name);
  if (steps) return fill(selectPath(event, steps), piece.quoted, json);
  switch (name) {
    case 'aws.events.rule-arn':
      return fill(context.ruleArn, piece.quoted, json);
    case 'aws.events.rule-name':
      return fill(context.ruleName, piece.quoted, json);
    case 'aws.events.event.ingestion-time':
      return fill(new Date(context.ingestionTime).toISOString(), piece.quoted, json);
    case 'aws.events.event': {
      const { detail: _detail, ...rest } = event;
      return JSON.stringify(rest);
    }
    default:
      return JSON.stringify(event);
  }
}

function checkJsonTemplate(id: string, template: string, render: InputRenderer): void {
  const sample: EventBridgeEvent = {
    version: '0',
    id: 'sample',
    'detail-type': 'sample',
    source: 'sample',
    account: '000000000000',
    time: '1970-01-01T00:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {},
  };
  const text = render(sample, { ruleName: 'r', ruleArn: 'arn', ingestionTime: 0 });
  try {
    JSON.parse(text);
  } catch (err) {
    throw new ModelmillError(
      'ValidationException',
      `Target ${id}: InputTemplate looks like JSON but does not render to valid JSON (${(err as Error).message}); template: ${template}`,
    );
  }
}
