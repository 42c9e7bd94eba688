import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Appends objects as newline-delimited JSON, respecting back-pressure. A write error (a full
 * disk, say) is kept and thrown by the next write or by close, so the job fails with it
 * instead of waiting for a 'drain' that never comes.
 */
export class NdjsonWriter {
  private readonly stream: WriteStream;
  private failure: Error | null = null;
  count = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.stream.on('error', (error: NodeJS.ErrnoException) => {
      // fs write errors do not always say which file: this one
      this.failure ??= Object.assign(error, { path: error.path ?? path });
    });
  }

  async write(records: readonly object[]): Promise<void> {
    this.throwIfFailed();
    if (records.length === 0) return;
    let chunk = '';
    for (const record of records) chunk += `${JSON.stringify(record)}\n`;
    this.count += records.length;
    if (!this.stream.write(chunk)) await this.settled('drain');
    this.throwIfFailed();
  }

  async close(): Promise<void> {
    this.throwIfFailed();
    this.stream.end();
    await this.settled('finish');
    this.throwIfFailed();
  }

  /** Waits for the event, or for an error (then thrown by throwIfFailed). */
  private async settled(event: 'drain' | 'finish'): Promise<void> {
    if (this.failure) return;
    await once(this.stream, event).catch(() => undefined);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
