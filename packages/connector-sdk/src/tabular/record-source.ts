import type { SourceRecord } from '../csv/csv-record-assembler';

/**
 * A file read as records (CSV lines or spreadsheet rows), in bounded chunks.
 * `open()` may be called more than once (a pre-scan, then the read); each call restarts the file.
 */
export interface RecordSource {
  open(): AsyncIterable<SourceRecord[]>;
  /** Encoding and delimiter as detected so far (final once the file has been read). */
  describe(): { encoding: string; delimiter: string };
}
