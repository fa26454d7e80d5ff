import type { HistoryEvent } from './history.js';
import { packEvent } from './history.js';
import { DigitWriter } from './history-chunk-digits.js';
import { ChunkStrings } from './history-chunk-strings.js';

/** How an event can be written: not plain, or a plain StateEntered / StateExited. */
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

/** Zigzag: small steps of either sign as small non-negative numbers. */
const zigzag = (step: number): number => (step >= 0 ? 2 * step : -2 * step - 1);

/**
 * Writes one chunk's text (the format is described in history-chunk.ts) as
 * events arrive, so the durable store keeps no event objects until it
 * commits: they die young, and a scavenge in the middle of a long execution
 * copies none of them. The numbers go straight into a byte buffer (see
 * DigitWriter).
 */
export class ChunkWriter {
  /** The first and the last event id written. */
  firstId = 0;
  lastId = 0;
  private readonly types: string[] = [];
  // Per type: its index in `types` and what its events can be written as.
  private readonly typeInfo = new Map<string, { index: number; kind: Compact }>();
  private readonly strings = new ChunkStrings();
  private readonly details: unknown[] = [];
  private readonly numbers = new DigitWriter();
  private lastTime = 0;
  private lastName = 0;
  // The rows of the two events before, and how many events since repeat the row two back.
  private back2 = [-1, 0, 0, 0, 0, 0];
  private back1 = [-1, 0, 0, 0, 0, 0];
  private run = 0;

  /** Adds the next event (in id order). */
  add(event: HistoryEvent): void {
    const type = this.typeOf(event.type);
    const own = event.details;
    let name = 0;
    let index = -1;
    if (type.kind !== Compact.None && own && isPlain(own, type.kind)) {
      const nameIndex = this.strings.name(own.name as string);
      name = 1 + zigzag(nameIndex - this.lastName);
      this.lastName = nameIndex;
      index = this.strings.payload(
        (type.kind === Compact.Input ? own.input : own.output) as string,
      );
    } else if (own) index = this.details.push(packEvent(event)[4]) - 1;
    if (this.firstId === 0) this.firstId = event.id;
    const row = this.back2; // reused: the row two back is not needed once compared
    const step = event.id - this.lastId;
    const link = event.id - event.previousEventId;
    const elapsed = event.timestamp - this.lastTime;
    if (
      row[0] === type.index &&
      row[1] === step &&
      row[2] === link &&
      row[3] === elapsed &&
      row[4] === name &&
      row[5] === index
    )
      this.run += 1;
    else {
      this.endRun();
      row[0] = type.index;
      row[1] = step;
      row[2] = link;
      row[3] = elapsed;
      row[4] = name;
      row[5] = index;
      const numbers = this.numbers;
      numbers.int(type.index);
      numbers.int(step);
      numbers.int(link);
      numbers.int(elapsed);
      numbers.int(name);
      numbers.int(index);
    }
    this.back2 = this.back1;
    this.back1 = row;
    this.lastId = event.id;
    this.lastTime = event.timestamp;
  }

  /** The chunk's text. */
  finish(): string {
    this.endRun();
    return `{"v":3,"t":${JSON.stringify(this.types)},"s":${JSON.stringify(this.strings.list)},"d":${JSON.stringify(this.details)},"e":[${this.numbers.text()}]}`;
  }

  private endRun(): void {
    if (this.run > 0) {
      this.numbers.int(-1);
      this.numbers.int(this.run);
    }
    this.run = 0;
  }

  private typeOf(name: string): { index: number; kind: Compact } {
    let type = this.typeInfo.get(name);
    if (type === undefined) {
      type = { index: this.types.length, kind: kindOfType(name) };
      this.types.push(name);
      this.typeInfo.set(name, type);
    }
    return type;
  }
}
