import type { HistoryEvent } from './history.js';
import { packEvent, unpackEvent } from './history.js';

/**
 * The stored text of a run of history events (one row of the durable store).
 *
 * Most events are StateEntered/StateExited pairs whose payload is the same
 * text over and over (a Pass hands its input on; a state's output is the next
 * state's input), and whose ids, previous ids and timestamps step by one or
 * not at all. So a chunk is written as
 *
 *   {"v":2,"t":[types],"s":[strings],"d":[details],"e":[numbers]}
 *
 * where each distinct type, state name and payload text is written once, and
 * every event is six numbers in `e`: id - the previous event's id, id -
 * previousEventId, timestamp - the previous event's timestamp, type index,
 * then for a plain StateEntered/StateExited 1 + name index and payload
 * index, otherwise 0 and the index of its details in `d` (as `packEvent`
 * writes them; -1 for none). Chunks of the first format (a JSON array of
 * packed events) still read.
 */

const Compact = { None: 0, Input: 1, Output: 2 } as const;
type Compact = (typeof Compact)[keyof typeof Compact];

/** What a type's events can be written as, by the type name alone. */
function kindOfType(type: string): Compact {
  if (type.endsWith('StateEntered')) return Compact.Input;
  if (type.endsWith('StateExited')) return Compact.Output;
  return Compact.None;
}

/** Whether `details` hold a name and an untruncated payload `field` and nothing else. */
function isPlain(details: Record<string, unknown>, kind: Compact): boolean {
  if (typeof details.name !== 'string') return false;
  const payload = kind === Compact.Input ? details.input : details.output;
  const flag = (kind === Compact.Input ? details.inputDetails : details.outputDetails) as
    Record<string, unknown> | undefined;
  if (typeof payload !== 'string' || !flag || flag.truncated !== false) return false;
  let keys = 0;
  for (const key in flag) if (Object.hasOwn(flag, key)) keys += 1;
  for (const key in details) if (Object.hasOwn(details, key)) keys += 1;
  return keys === 4;
}

/** Encodes events (in id order) as one chunk's text. */
export function encodeChunk(events: readonly HistoryEvent[]): string {
  const types: string[] = [];
  // Per type: its index in `types` and what its events can be written as.
  const typeInfo = new Map<string, { index: number; kind: Compact }>();
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  // Runs repeat: a state's Exited follows its Entered, a Pass's output is the next input;
  // so names and payloads each remember the last one looked up.
  const last: Array<{ text: string | undefined; index: number }> = [
    { text: undefined, index: 0 },
    { text: undefined, index: 0 },
  ];
  const intern = (text: string, memo: 0 | 1): number => {
    const seen = last[memo] as { text: string | undefined; index: number };
    if (text === seen.text) return seen.index;
    let index = stringIndex.get(text);
    if (index === undefined) {
      index = strings.length;
      strings.push(text);
      stringIndex.set(text, index);
    }
    seen.text = text;
    seen.index = index;
    return index;
  };
  const details: unknown[] = [];
  const numbers = new Array<number>(events.length * 6);
  let lastId = 0;
  let lastTime = 0;
  for (let i = 0; i < events.length; i += 1) {
    const event = events[i] as HistoryEvent;
    let type = typeInfo.get(event.type);
    if (type === undefined) {
      type = { index: types.length, kind: kindOfType(event.type) };
      types.push(event.type);
      typeInfo.set(event.type, type);
    }
    const at = i * 6;
    numbers[at] = event.id - lastId;
    numbers[at + 1] = event.id - event.previousEventId;
    numbers[at + 2] = event.timestamp - lastTime;
    numbers[at + 3] = type.index;
    lastId = event.id;
    lastTime = event.timestamp;
    const own = event.details;
    if (type.kind !== Compact.None && own && isPlain(own, type.kind)) {
      numbers[at + 4] = 1 + intern(own.name as string, 0);
      numbers[at + 5] = intern((type.kind === Compact.Input ? own.input : own.output) as string, 1);
    } else {
      numbers[at + 4] = 0;
      numbers[at + 5] = own ? details.push(packEvent(event)[4]) - 1 : -1;
    }
  }
  return JSON.stringify({ v: 2, t: types, s: strings, d: details, e: numbers });
}

/** Decodes a chunk written by `encodeChunk` (or the first format) into events. */
export function decodeChunk(text: string): HistoryEvent[] {
  const parsed = JSON.parse(text) as unknown;
  if (Array.isArray(parsed)) return (parsed as unknown[][]).map(unpackEvent);
  const {
    t: types,
    s: strings,
    d: details,
    e: numbers,
  } = parsed as {
    t: string[];
    s: string[];
    d: unknown[];
    e: number[];
  };
  const events = new Array<HistoryEvent>(numbers.length / 6);
  let id = 0;
  let timestamp = 0;
  for (let i = 0; i < events.length; i += 1) {
    const at = i * 6;
    id += numbers[at] as number;
    timestamp += numbers[at + 2] as number;
    const type = types[numbers[at + 3] as number] as string;
    const event: HistoryEvent = {
      id,
      previousEventId: id - (numbers[at + 1] as number),
      timestamp,
      type,
    };
    const name = numbers[at + 4] as number;
    const index = numbers[at + 5] as number;
    if (name > 0) {
      const payload = strings[index];
      event.details = type.endsWith('StateEntered')
        ? { name: strings[name - 1], input: payload, inputDetails: { truncated: false } }
        : { name: strings[name - 1], output: payload, outputDetails: { truncated: false } };
    } else if (index >= 0) {
      event.details = unpackEvent([0, 0, 0, type, details[index]]).details as Record<
        string,
        unknown
      >;
    }
    events[i] = event;
  }
  return events;
}
