import ExcelJS from 'exceljs';
import { FileRejectedError } from '../connector';
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

  /**
   * The workbook's sheets in order, as their rows are read. A workbook the streaming reader
   * cannot parse is read whole instead; one neither can read is refused with the reason.
   */
  async sheetNames(): Promise<string[]> {
    const names: string[] = [];
    try {
      for await (const worksheet of this.streamReader()) {
        names.push((worksheet as unknown as { name: string }).name);
        for await (const _row of worksheet) {
          // drain: the zip is read in order
        }
      }
      return names;
    } catch {
      const workbook = await this.loadWhole();
      return workbook.worksheets.map((sheet) => sheet.name);
    }
  }

  async *open(): AsyncGenerator<SourceRecord[]> {
    let yielded = false;
    let lastLine = 0;
    try {
      for await (const chunk of this.openStreaming()) {
        yielded = true;
        lastLine = chunk[chunk.length - 1]?.line ?? lastLine;
        yield chunk;
      }
      return;
    } catch (error) {
      if (error instanceof SheetNotFoundError || error instanceof FileRejectedError) throw error;
      if (yielded) {
        throw new FileRejectedError(this.path, `the workbook could not be read after row ${lastLine}: ${(error as Error).message}`, lastLine + 1, WORKBOOK_EXPECTED);
      }
    }
    // The streaming reader failed before the first row (some writers store the workbook's parts
    // in an order it does not expect): read the whole workbook instead.
    yield* this.openWhole();
  }

  private streamReader() {
    return new ExcelJS.stream.xlsx.WorkbookReader(this.path, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
  }

  private async loadWhole(): Promise<ExcelJS.Workbook> {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.readFile(this.path);
    } catch (error) {
      throw new FileRejectedError(this.path, `not a readable XLSX workbook: ${(error as Error).message}`, null, WORKBOOK_EXPECTED);
    }
    return workbook;
  }

  private async *openWhole(): AsyncGenerator<SourceRecord[]> {
    const workbook = await this.loadWhole();
    const wanted = this.options.sheet ?? null;
    const sheet = wanted === null ? workbook.worksheets[0] : workbook.worksheets.find((w) => w.name === wanted);
    if (!sheet) {
      if (wanted !== null) throw new SheetNotFoundError(this.path, wanted, workbook.worksheets.map((w) => w.name));
      return;
    }
    const size = this.options.chunk_records ?? 2000;
    let out: SourceRecord[] = [];
    for (let number = 1; number <= sheet.rowCount; number += 1) {
      const values = rowValues(sheet.getRow(number).values);
      if (values.length === 0) continue;
      out.push({ line: number, fields: values, raw: values.join(',') });
      if (out.length >= size) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  }

  private async *openStreaming(): AsyncGenerator<SourceRecord[]> {
    const reader = this.streamReader();
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
        const values = rowValues(row.values);
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

const WORKBOOK_EXPECTED = 'a workbook Excel or LibreOffice can open (re-save it as .xlsx, or export the sheet as CSV)';

/** exceljs row values are 1-based and sparse (`[ , 'a', , 'c']`), or an object for some rows. */
function rowValues(values: unknown): string[] {
  if (!Array.isArray(values)) {
    if (values && typeof values === 'object') return Object.values(values as Record<string, unknown>).map(cellText);
    return [];
  }
  const out: string[] = [];
  for (let i = 1; i < values.length; i += 1) out.push(cellText(values[i]));
  return out;
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
    return '';
  }
  if (typeof value === 'number' && !Number.isInteger(value)) {
    // Binary floating point (1234.5600000001): at most 10 decimals, as Excel itself shows.
    return String(Number(value.toFixed(10)));
  }
  return String(value);
}
