import { existsSync, statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedString } from '@duckdb/node-api';
import { z } from 'zod';
import { ReferenceInputError } from './reference-input-error';

/** The header and dialect of a CSV file, as DuckDB's own sniffer sees it. */
export const csvHeaderSchema = z.object({
  file: z.string(),
  columns: z.array(z.string().min(1)).min(1),
  delimiter: z.string().length(1),
  quote: z.string().max(1),
  /** Rows above the header (a note or super-header row) that DuckDB's sniffer found and skips. */
  skipRows: z.number().int().nonnegative(),
});
export type CsvHeader = z.infer<typeof csvHeaderSchema>;

/**
 * Read the header of a CSV with DuckDB's `sniff_csv` (handles a UTF-8 BOM, CRLF and quoting).
 * Throws a ReferenceInputError naming the file when it is missing, empty or has no header.
 */
export async function readCsvHeader(conn: DuckDBConnection, file: string): Promise<CsvHeader> {
  if (!existsSync(file)) {
    throw new ReferenceInputError('file not found', { file, hint: 'check the path (relative paths are resolved from the current directory)' });
  }
  if (statSync(file).size === 0) {
    throw new ReferenceInputError('file is empty', { file, line: 1, hint: 'download the file again' });
  }
  const reader = await conn.runAndReadAll(
    `SELECT Delimiter AS delimiter, Quote AS quote, HasHeader AS has_header, SkipRows AS skip_rows,
            list_transform(Columns, c -> c.name) AS columns
       FROM sniff_csv(${quotedString(file)}, header = true, sample_size = 2048)`,
  );
  const row = reader.getRowObjectsJS()[0];
  if (!row) throw new ReferenceInputError('DuckDB could not read a CSV header', { file, line: 1 });
  const columns = (row.columns as string[]).map((c) => c.trim());
  const parsed = csvHeaderSchema.safeParse({ file, columns, delimiter: row.delimiter, quote: row.quote === '(empty)' ? '' : row.quote, skipRows: Number(row.skip_rows ?? 0) });
  if (!parsed.success) {
    throw new ReferenceInputError(`the header could not be read as CSV (${parsed.error.issues[0]?.message ?? 'invalid'})`, {
      file,
      line: 1,
      hint: 'the first line must be a comma-separated header row',
    });
  }
  return parsed.data;
}

/** A `columns={...}` struct literal for read_csv giving every column as VARCHAR. */
export function varcharColumnsLiteral(columns: readonly string[]): string {
  return `{${columns.map((c) => `${quotedString(c)}: 'VARCHAR'`).join(', ')}}`;
}

/** `read_csv(...)` over files sharing one header, all columns VARCHAR, explicit dialect. */
export function readCsvSql(files: readonly string[], header: CsvHeader, extra = ''): string {
  const list = `[${files.map((f) => quotedString(f)).join(', ')}]`;
  // A file whose sniffed sample had no quotes may still quote a later value: default to '"'.
  const q = header.quote === '' ? '"' : header.quote;
  const quote = `quote = ${quotedString(q)}, escape = ${quotedString(q)}`;
  return `read_csv(${list}, header = true, skip = ${header.skipRows}, auto_detect = false, delim = ${quotedString(header.delimiter)}, ${quote},
    columns = ${varcharColumnsLiteral(header.columns)}, filename = true${extra ? `, ${extra}` : ''})`;
}
