import { createReadStream } from 'node:fs';
import type { RecordSource } from '../tabular/record-source';
import { LineDecoder } from '../text/line-decoder';
import { LineSplitter } from '../text/line-splitter';
import { CsvRecordAssembler, type SourceRecord } from './csv-record-assembler';
import { detectDelimiter } from './delimiter-detection';

export interface CsvSourceOptions {
  /** Force an encoding (iconv-lite name); default: detected per line. */
  encoding?: string | null;
  /** Force a delimiter; default: detected from the first lines. */
  delimiter?: string | null;
  /** Read size; memory use is bounded by this plus one batch. */
  chunk_bytes?: number;
}

const SNIFF_LINES = 40;

/** Streams a delimited text file as records: bounded memory whatever the file size. */
export class CsvRecordSource implements RecordSource {
  private encoding = 'utf-8';
  private delimiter: string;

  constructor(
    private readonly path: string,
    private readonly options: CsvSourceOptions = {},
  ) {
    this.delimiter = options.delimiter ?? ',';
  }

  /** The encoding the source was told to use; null: detected per line. */
  forcedEncoding(): string | null {
    return this.options.encoding ?? null;
  }

  describe(): { encoding: string; delimiter: string } {
    return { encoding: this.encoding, delimiter: this.delimiter };
  }

  async *open(): AsyncGenerator<SourceRecord[]> {
    const decoder = new LineDecoder(this.options.encoding ?? null);
    const splitter = new LineSplitter();
    let assembler: CsvRecordAssembler | null = null;
    let lineNumber = 0;
    let sniffed: { text: string; line: number }[] | null = [];
    let out: SourceRecord[] = [];

    const feed = (text: string, line: number) => {
      const record = (assembler as CsvRecordAssembler).push(text, line);
      if (record) out.push(record);
    };
    const startAssembler = () => {
      const lines = sniffed ?? [];
      if (!this.options.delimiter) this.delimiter = detectDelimiter(lines.map((entry) => entry.text));
      assembler = new CsvRecordAssembler(this.delimiter);
      sniffed = null;
      for (const entry of lines) feed(entry.text, entry.line);
    };
    const onLine = (bytes: Buffer) => {
      lineNumber += 1;
      const text = decoder.decode(bytes);
      if (sniffed) {
        sniffed.push({ text, line: lineNumber });
        if (sniffed.length >= SNIFF_LINES) startAssembler();
        return;
      }
      feed(text, lineNumber);
    };

    const stream = createReadStream(this.path, { highWaterMark: this.options.chunk_bytes ?? 1 << 20 });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      splitter.push(chunk, onLine);
      if (out.length > 0) {
        this.encoding = decoder.describe();
        yield out;
        out = [];
      }
    }
    splitter.end(onLine);
    if (sniffed) startAssembler();
    const last = (assembler as CsvRecordAssembler | null)?.end();
    if (last) out.push(last);
    this.encoding = decoder.describe();
    if (out.length > 0) yield out;
  }
}
