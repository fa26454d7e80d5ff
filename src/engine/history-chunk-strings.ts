/** A chunk's strings (`s`): state names and payload texts, each written once. */
export class ChunkStrings {
  readonly list: string[] = [];
  // Each chunk numbers its own strings: chunks of executions running at once are
  // written side by side, so no numbering can be shared between them.
  private readonly names = new Map<string, number>();
  private readonly payloads = new Map<string, number>();
  // Runs repeat: a state's Exited follows its Entered, a Pass's output is the next input.
  private lastName: string | undefined;
  private lastNameIndex = 0;
  private lastPayload: string | undefined;
  private lastPayloadIndex = 0;

  name(text: string): number {
    if (text === this.lastName) return this.lastNameIndex;
    let index = this.names.get(text);
    if (index === undefined) {
      index = this.list.push(text) - 1;
      this.names.set(text, index);
    }
    this.lastName = text;
    this.lastNameIndex = index;
    return index;
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
