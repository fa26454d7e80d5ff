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

/** How many state names `nameSlots` holds before it starts over. */
const NAME_SLOTS = 65_536;
/**
 * State names seen by recent chunks: per name, the chunk that last wrote it
 * and its index there. Names come from definitions, so the same ones recur in
 * every chunk of a machine; looking one up here and stamping it is cheaper
 * than adding every name of every chunk to a fresh map.
 */
const nameSlots = new Map<string, { chunk: number; index: number }>();
let chunksEncoded = 0;

/** A chunk's strings (`s`): state names and payload texts, each written once. */
class ChunkStrings {
  readonly list: string[] = [];
  private readonly chunk = (chunksEncoded += 1);
  private readonly payloads = new Map<string, number>();
  // Runs repeat: a state's Exited follows its Entered, a Pass's output is the next input.
  private lastName: string | undefined;
  private lastNameIndex = 0;
  private lastPayload: string | undefined;
  private lastPayloadIndex = 0;

  name(text: string): number {
    if (text === this.lastName) return this.lastNameIndex;
    let slot = nameSlots.get(text);
    if (slot === undefined) {
      if (nameSlots.size >= NAME_SLOTS) nameSlots.clear();
      slot = { chunk: 0, index: 0 };
      nameSlots.set(text, slot);
    }
    if (slot.chunk !== this.chunk) {
      slot.chunk = this.chunk;
      slot.index = this.list.push(text) - 1;
    }
    this.lastName = text;
    this.lastNameIndex = slot.index;
    return slot.index;
  }

  payload(text: string): number {
    if (text === this.lastPayload) return this.lastPayloadIndex;
    let index = this.payloads.get(text);
    if (index === undefined) {
      index = this.list.push(text) - 1;
      this.payloads.set(text, index);
    }
    this.lastPayload = text;
    this.lastPayloadIndex = index;
    return index;
  }
}

/**
 * Encodes events (in id order) as one chunk's text. The numbers are written
 * straight into the text: growing an array of 60,000 of them and
 * stringifying it took several times longer.
 */
export function encodeChunk(events: readonly HistoryEvent[]): string {
  const types: string[] = [];
  // Per type: its index in `types` and what its events can be written as.
  const typeInfo = new Map<string, { index: number; kind: Compact }>();
  const strings = new ChunkStrings();
  const details: unknown[] = [];
  let numbers = '';
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
    const own = event.details;
    let name = 0;
    let index = -1;
    if (type.kind !== Compact.None && own && isPlain(own, type.kind)) {
      name = 1 + strings.name(own.name as string);
      index = strings.payload((type.kind === Compact.Input ? own.input : own.output) as string);
    } else if (own) index = details.push(packEvent(event)[4]) - 1;
    numbers += `${i === 0 ? '' : ','}${event.id - lastId},${event.id - event.previousEventId},${event.timestamp - lastTime},${type.index},${name},${index}`;
    lastId = event.id;
    lastTime = event.timestamp;
  }
  return `{"v":2,"t":${JSON.stringify(types)},"s":${JSON.stringify(strings.list)},"d":${JSON.stringify(details)},"e":[${numbers}]}`;
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
