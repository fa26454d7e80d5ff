import type { HistoryEvent } from './history.js';
import { unpackEvent } from './history.js';
import { ChunkWriter } from './history-chunk-writer.js';

/**
 * The stored text of a run of history events (one row of the durable store).
 *
 * Most events are StateEntered/StateExited pairs whose payload is the same
 * text over and over (a Pass hands its input on; a state's output is the next
 * state's input), whose ids, previous ids and timestamps step by one or not
 * at all, and whose state names follow each other in the order first seen.
 * So a chunk is written as
 *
 *   {"v":3,"t":[types],"s":[strings],"d":[details],"e":[numbers]}
 *
 * where each distinct type, state name and payload text is written once, and
 * `e` holds one row of six numbers per event: type index, id - the previous
 * event's id, id - previousEventId, timestamp - the previous event's
 * timestamp, then for a plain StateEntered/StateExited 1 + zigzag(name index
 * - the previous plain event's name index) and the payload index, otherwise 0
 * and the index of its details in `d` (as `packEvent` writes them; -1 for
 * none). A run of events each with the same row as the event two before (a
 * chain of Entered/Exited pairs) is written as `-1, count` instead.
 *
 * Chunks of the first format (a JSON array of packed events) still read.
 */

const unzigzag = (code: number): number => (code % 2 === 0 ? code / 2 : -(code + 1) / 2);

/** Encodes events (in id order) as one chunk's text. */
export function encodeChunk(events: readonly HistoryEvent[]): string {
  const writer = new ChunkWriter();
  for (const event of events) writer.add(event);
  return writer.finish();
}

/** A decoded chunk's tables. */
interface ChunkTables {
  t: string[];
  s: string[];
  d: unknown[];
  e: number[];
}

/** A row's details: plain (its name and payload in `s`) or packed (in `d`); none for -1. */
function plainOrPacked(
  tables: ChunkTables,
  type: string,
  name: number | undefined,
  index: number,
): Record<string, unknown> | undefined {
  if (name !== undefined) {
    const payload = tables.s[index];
    return type.endsWith('StateEntered')
      ? { name: tables.s[name], input: payload, inputDetails: { truncated: false } }
      : { name: tables.s[name], output: payload, outputDetails: { truncated: false } };
  }
  if (index < 0) return undefined;
  return unpackEvent([0, 0, 0, type, tables.d[index]]).details;
}

/** Decodes a chunk written by `encodeChunk` (or an older format) into events. */
export function decodeChunk(text: string): HistoryEvent[] {
  const parsed = JSON.parse(text) as unknown;
  if (Array.isArray(parsed)) return (parsed as unknown[][]).map(unpackEvent);
  return decodeRows(parsed as ChunkTables);
}

/** Version 3: rows, and runs repeating the row two back. */
function decodeRows(tables: ChunkTables): HistoryEvent[] {
  const numbers = tables.e;
  const events: HistoryEvent[] = [];
  let id = 0;
  let timestamp = 0;
  let lastName = 0;
  // Where in `numbers` the rows of the two events before start.
  let back2 = -1;
  let back1 = -1;
  let at = 0;
  const decode = (row: number): void => {
    const type = tables.t[numbers[row] as number] as string;
    id += numbers[row + 1] as number;
    timestamp += numbers[row + 3] as number;
    const code = numbers[row + 4] as number;
    let name: number | undefined;
    if (code > 0) name = lastName += unzigzag(code - 1);
    const event: HistoryEvent = {
      id,
      previousEventId: id - (numbers[row + 2] as number),
      timestamp,
      type,
    };
    const details = plainOrPacked(tables, type, name, numbers[row + 5] as number);
    if (details) event.details = details;
    events.push(event);
    back2 = back1;
    back1 = row;
  };
  while (at < numbers.length) {
    if (numbers[at] === -1) {
      for (let n = numbers[at + 1] as number; n > 0; n -= 1) decode(back2);
      at += 2;
    } else {
      decode(at);
      at += 6;
    }
  }
  return events;
}
