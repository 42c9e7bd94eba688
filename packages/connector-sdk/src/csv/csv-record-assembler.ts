/** One CSV (or sheet) record: its fields and the 1-based physical line where it starts. */
export interface SourceRecord {
  line: number;
  fields: string[];
  /** The record's text as read (lines joined with `\n`), for quarantine. */
  raw: string;
}

/** How long a quoted field may run on before the file is declared broken (an unbalanced quote). */
const MAX_QUOTED_LINES = 200;

/**
 * Turns decoded physical lines into CSV records. Quoted fields may contain the delimiter,
 * doubled quotes and newlines; a stray quote inside an unquoted field is kept as text.
 */
export class CsvRecordAssembler {
  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  private startLine = 0;
  private rawLines: string[] = [];

  constructor(private readonly delimiter: string) {}

  /** Feeds one physical line; returns the completed record, or null when a quoted field continues. */
  push(text: string, line: number): SourceRecord | null {
    if (!this.inQuotes) {
      if (!text.includes('"')) {
        return { line, fields: text.split(this.delimiter), raw: text };
      }
      this.fields = [];
      this.field = '';
      this.startLine = line;
      this.rawLines = [];
    } else {
      this.field += '\n';
    }
    this.rawLines.push(text);
    this.scan(text);
    if (this.inQuotes) {
      if (this.rawLines.length > MAX_QUOTED_LINES) {
        throw new UnbalancedQuoteError(this.startLine, MAX_QUOTED_LINES);
      }
      return null;
    }
    return this.complete();
  }

  /** At end of input: a record still open in a quoted field is returned as it stands. */
  end(): SourceRecord | null {
    if (!this.inQuotes) return null;
    this.inQuotes = false;
    return this.complete();
  }

  private complete(): SourceRecord {
    this.fields.push(this.field);
    const record = { line: this.startLine, fields: this.fields, raw: this.rawLines.join('\n') };
    this.fields = [];
    this.field = '';
    this.rawLines = [];
    return record;
  }

  private scan(text: string): void {
    const delimiter = this.delimiter;
    let i = 0;
    const length = text.length;
    while (i <= length) {
      if (this.inQuotes) {
        const quote = text.indexOf('"', i);
        if (quote === -1) {
          this.field += text.slice(i);
          return;
        }
        this.field += text.slice(i, quote);
        if (text.charCodeAt(quote + 1) === 34) {
          this.field += '"';
          i = quote + 2;
        } else {
          this.inQuotes = false;
          i = quote + 1;
        }
        continue;
      }
      if (i === length) return;
      const next = text.indexOf(delimiter, i);
      const end = next === -1 ? length : next;
      const quote = text.indexOf('"', i);
      if (quote !== -1 && quote < end && (this.field + text.slice(i, quote)).trim() === '') {
        // A field opening with a quote (spaces before it are dropped).
        this.field = '';
        this.inQuotes = true;
        i = quote + 1;
        continue;
      }
      this.field += text.slice(i, end);
      if (next === -1) return;
      this.fields.push(this.field);
      this.field = '';
      i = next + 1;
    }
  }
}

export class UnbalancedQuoteError extends Error {
  constructor(readonly line: number, readonly limit: number) {
    super(
      `line ${line}: a quoted field is still open after ${limit} lines; the file probably has an unbalanced ` +
        `quote on that line (fix the quote, or re-export the file with quoting)`,
    );
    this.name = 'UnbalancedQuoteError';
  }
}
