import ExcelJS from 'exceljs';
import type { SourceRecord } from '../csv/csv-record-assembler';
import type { RecordSource } from '../tabular/record-source';

export interface XlsxSourceOptions {
  /** The sheet to read; default: the first sheet in the workbook. */
  sheet?: string | null;
  /** Records per chunk handed on. */
  chunk_records?: number;
}

/** An XLSX sheet named in the config that the workbook does not have. */
export class SheetNotFoundError extends Error {
  constructor(
    readonly file: string,
    readonly sheet: string,
    readonly available: string[],
  ) {
    super(`${file}: no sheet named "${sheet}" (the workbook has: ${available.join(', ') || 'no sheets'})`);
    this.name = 'SheetNotFoundError';
  }
}

/**
 * Streams one sheet of an XLSX workbook as records, without loading the workbook
 * (exceljs' streaming WorkbookReader). The record's line is the sheet row number.
 * Dates become ISO dates, formulas their cached result, rich text its plain text.
 */
export class XlsxRecordSource implements RecordSource {
  constructor(
    private readonly path: string,
    private readonly options: XlsxSourceOptions = {},
  ) {}

  describe(): { encoding: string; delimiter: string } {
    return { encoding: 'xlsx', delimiter: '' };
  }

  async *open(): AsyncGenerator<SourceRecord[]> {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(this.path, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    const wanted = this.options.sheet ?? null;
    const seen: string[] = [];
    const size = this.options.chunk_records ?? 2000;
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name: string }).name;
      seen.push(name);
      if (wanted !== null && name !== wanted) {
        for await (const _row of worksheet) {
          // drain the sheet: the zip is read in order
        }
        continue;
      }
      let out: SourceRecord[] = [];
      for await (const row of worksheet) {
        const values = (row.values as unknown[]).slice(1).map(cellText);
        out.push({ line: row.number, fields: values, raw: values.join(',') });
        if (out.length >= size) {
          yield out;
          out = [];
        }
      }
      if (out.length > 0) yield out;
      return;
    }
    if (wanted !== null) throw new SheetNotFoundError(this.path, wanted, seen);
  }
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const cell = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (cell.richText) return cell.richText.map((part) => part.text).join('');
    if ('result' in cell) return cellText(cell.result);
    if (cell.text !== undefined) return cellText(cell.text);
    if (cell.error) return '';
  }
  return String(value);
}
