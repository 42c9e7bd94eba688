/**
 * Splits a byte stream into physical lines, holding at most one partial line between chunks.
 * Terminators (LF, CRLF, or lone CR in old Mac files, detected on the first chunk) are removed.
 */
export class LineSplitter {
  private carry: Buffer | null = null;
  private separator: 0x0a | 0x0d | null = null;

  push(chunk: Buffer, onLine: (line: Buffer) => void): void {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    if (this.separator === null) {
      const lf = data.indexOf(0x0a);
      const cr = data.indexOf(0x0d);
      if (lf === -1 && cr === -1) {
        this.carry = Buffer.from(data);
        return;
      }
      this.separator = lf === -1 && cr !== -1 && cr < data.length - 1 ? 0x0d : 0x0a;
    }
    const separator = this.separator;
    let start = 0;
    let index = data.indexOf(separator, start);
    while (index !== -1) {
      const end = separator === 0x0a && index > start && data[index - 1] === 0x0d ? index - 1 : index;
      onLine(data.subarray(start, end));
      start = index + 1;
      index = data.indexOf(separator, start);
    }
    if (start < data.length) this.carry = Buffer.from(data.subarray(start));
  }

  end(onLine: (line: Buffer) => void): void {
    if (this.carry && this.carry.length > 0) {
      const last = this.carry[this.carry.length - 1] === 0x0d ? this.carry.subarray(0, -1) : this.carry;
      onLine(last);
    }
    this.carry = null;
  }
}
