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
export class ChunkStrings {
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
