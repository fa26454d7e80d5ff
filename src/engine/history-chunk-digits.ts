/**
 * The numbers of a history chunk, written as decimal text into a byte buffer
 * as they come. A string built by `+=` keeps a piece per event alive until
 * the chunk is committed, and an array of numbers is slow to grow and to
 * stringify; the buffer makes no garbage per number and becomes one string.
 */
export class DigitWriter {
  private bytes = Buffer.allocUnsafe(1024);
  private at = 0;

  /** Writes `value` (an integer, as every chunk number is), preceded by a comma unless first. */
  int(value: number): void {
    if (this.at + 24 > this.bytes.length) this.grow();
    const bytes = this.bytes;
    if (this.at > 0) bytes[this.at++] = 0x2c; // ','
    if (!Number.isSafeInteger(value)) {
      // Not reached by ids and milliseconds; written as JSON would, to stay readable.
      this.at += bytes.write(JSON.stringify(value), this.at, 'latin1');
      return;
    }
    let rest = value;
    if (rest < 0) {
      bytes[this.at++] = 0x2d; // '-'
      rest = -rest;
    }
    let digits = 1;
    for (let scale = 10; scale <= rest; scale *= 10) digits += 1;
    const end = this.at + digits;
    for (let i = end - 1; i >= this.at; i -= 1) {
      const next = Math.floor(rest / 10);
      bytes[i] = 0x30 + (rest - next * 10);
      rest = next;
    }
    this.at = end;
  }

  /** The numbers written, comma-separated. */
  text(): string {
    return this.bytes.toString('latin1', 0, this.at);
  }

  private grow(): void {
    const bigger = Buffer.allocUnsafe(this.bytes.length * 2);
    this.bytes.copy(bigger, 0, 0, this.at);
    this.bytes = bigger;
  }
}
