import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** Appends objects as newline-delimited JSON, respecting back-pressure. */
export class NdjsonWriter {
  private readonly stream: WriteStream;
  count = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }

  async write(records: readonly object[]): Promise<void> {
    if (records.length === 0) return;
    let chunk = '';
    for (const record of records) chunk += `${JSON.stringify(record)}\n`;
    this.count += records.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
