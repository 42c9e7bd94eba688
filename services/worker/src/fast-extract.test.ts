import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileRejectedError, type ApReadRoute } from '@cwb/connector-sdk';
import { transparencySpendConnector } from '@cwb/connector-transparency-spend';
import { sampleDataRoot } from '@cwb/sample-data';
import { openDatabase, sqlString } from '@cwb/warehouse';
import { fastExtract } from './fast-extract';

/**
 * The differential test of the DuckDB fast path: on every delimited payments file bundled in
 * packages/sample-data (the published samples, the generated demo ledger and the corpus of
 * real exports), the fast path and the per-row Node reader give the same rows, column by column,
 * the same quarantined and skipped records with the same reasons, details and raw text, or the
 * same refusal; a file the fast path hands back to the Node reader says why.
 */
const work = await mkdtemp(join(tmpdir(), 'cwb-fast-'));
afterAll(() => rm(work, { recursive: true, force: true }));

async function delimitedFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await delimitedFiles(path)));
    else if (/\.(csv|tsv|txt)$/i.test(entry.name)) found.push(path);
  }
  return found.sort();
}

/**
 * Every value rule in one small file (credits four ways, £ and commas, sub-penny, each date
 * shape, invalid dates, totals lines, blank and space-only lines, redaction markers, a blank
 * supplier, placeholders, identifiers, quoted quotes and newlines, too many fields, padded cells,
 * non-ASCII text), written as UTF-8 with a BOM and CRLF, and as Windows-1252 with LF.
 */
const QUIRKS = [
  'Date,Supplier Name,Amount,Supplier Postcode,Company Number,VAT Number,Charity Number,Description',
  '01/04/2024,Acme Ltd,"£1,250.00",hx1 1uj,3350709,GB 123 4567 89,1234567,Supplies',
  '15/04/2024,REDACTED PERSONAL DATA,310.50,HX1 1UJ,,,,',
  '22/04/2024,Age UK,(120.00),N/A,n/a,,SC012345,',
  '23/04/2024,Bob,120.00-,,,,,',
  '24/04/2024,Bob,120.00CR,,,,,',
  '24/04/2024,Bob,-£5.00,,,,,',
  '25/04/2024,Bob,12.345,,,,,',
  '25/04/2024,Bob,12.3400,,,,,',
  '26/04/2024,Bob,n/a,,,,,',
  '26/04/2024,Bob,,,,,,',
  'TBC,Bob,1.00,,,,,',
  '31/02/2024,Bob,1.00,,,,,',
  ',Bob,1.00,,,,,',
  '2024-04-27,Bob,1.00,,,,,',
  '2024-04-27T10:00:00Z,Bob,1.00,,,,,',
  '27-Apr-24,Bob,1.00,,,,,',
  '27 April 2024,Bob,1.00,,,,,',
  '20240428,Bob,1.00,,,,,',
  '202404,Bob,1.00,,,,,',
  '45400,Bob,1.00,,,,,',
  ',,,,,,,',
  '   ',
  '',
  'Total,,"1,234.00",,,,,',
  'Grand Total,,"1,234.00",,,,,',
  ',,999.00,,,,,',
  '29/04/2024,"Quote ""Ltd""",5.00,,,,,"multi',
  'line ""desc"""',
  '30/04/2024,,7.00,,,,,',
  '30/04/2024,Too Many,7.00,,,,,,extra',
  '30/04/2024,Trailing Blanks,7.00,,,,,,,',
  '30/04/2024, Acme  ,"  8.00 ",,,,, ',
  '30/04/2024,Café Ltd – Leeds,9.00,,,,,',
  '01/05/2024,x,1.00,SW1A  1AA,SC 123456,DE174312921,,',
  '02/05/2024,***,1.00,,,,,',
  '02/05/2024,Withheld,1.00,,,,,',
  '03/05/2024,Big,"99,999,999,999,999.00",,,,,',
  '03/05/2024,Bob,"1,00.00",,,,,',
];
const quirksUtf8 = join(work, 'quirks-utf8.csv');
const quirksCp1252 = join(work, 'quirks-cp1252.csv');
await writeFile(quirksUtf8, `\ufeff${QUIRKS.join('\r\n')}\r\n`, 'utf8');
// Windows-1252: as Latin-1, but for the en dash, 0x96
await writeFile(quirksCp1252, Buffer.from(`${QUIRKS.join('\n')}\n`.replace(/–/g, '\u0096'), 'latin1'));

const spendFiles = [
  ...(await delimitedFiles(join(sampleDataRoot, 'data', 'spending'))),
  ...(await delimitedFiles(join(sampleDataRoot, 'data', 'corpus', 'files'))),
  ...(await delimitedFiles(join(sampleDataRoot, 'generated'))),
  quirksUtf8,
  quirksCp1252,
];

type Outcome = { kind: 'read'; rows: unknown[]; rejected: unknown[] } | { kind: 'refused'; message: string };

const ctx = (file: string) => ({ load_id: 'load-1', anchor_id: 'anchor-1', source_file: (file.startsWith(work) ? relative(work, file) : relative(sampleDataRoot, file)), reference_path: null });

async function nodeRead(path: string): Promise<Outcome> {
  const spec = transparencySpendConnector.spec.parse({ path });
  const info = await stat(path);
  try {
    const rows: unknown[] = [];
    const rejected: unknown[] = [];
    for await (const batch of transparencySpendConnector.read({ path, display_path: path, size: info.size, mtime_ms: info.mtimeMs }, spec, ctx(path))) {
      rows.push(...batch.rows);
      rejected.push(...batch.quarantined.map((r) => ({ ...r, disposition: 'quarantined' })), ...batch.skipped.map((r) => ({ ...r, disposition: 'skipped' })));
    }
    return { kind: 'read', rows, rejected };
  } catch (error) {
    if (error instanceof FileRejectedError) return { kind: 'refused', message: error.message };
    throw error;
  }
}

async function fastRead(path: string, index: number): Promise<{ route: ApReadRoute['route'] | 'fallback'; reason: string; outcome: Outcome }> {
  const spec = transparencySpendConnector.spec.parse({ path });
  const info = await stat(path);
  let route: ApReadRoute;
  try {
    route = await transparencySpendConnector.planRead({ path, display_path: path, size: info.size, mtime_ms: info.mtimeMs }, spec, ctx(path));
  } catch (error) {
    if (error instanceof FileRejectedError) return { route: 'node', reason: 'refused', outcome: { kind: 'refused', message: error.message } };
    throw error;
  }
  if (route.route === 'node') return { route: 'node', reason: route.reason, outcome: { kind: 'refused', message: '' } };
  const dir = join(work, String(index));
  await mkdir(dir, { recursive: true });
  const target = { dir, rowsPath: join(dir, 'rows.parquet'), rejectedPath: join(dir, 'rejected.parquet') };
  const result = await fastExtract(route.plan, target, ctx(path));
  if (result.kind === 'fallback') return { route: 'fallback', reason: result.reason, outcome: { kind: 'refused', message: '' } };
  const db = await openDatabase(':memory:', { mode: 'read_write', threads: 1 });
  try {
    const rows = await db.all(
      `select * replace (strftime(payment_date, '%Y-%m-%d') as payment_date, amount_pence::double as amount_pence, source_line::integer as source_line)
       from read_parquet(${sqlString(target.rowsPath)}) order by source_line`,
    );
    const rejected = await db.all(`select * replace (source_line::integer as source_line) from read_parquet(${sqlString(target.rejectedPath)}) order by source_line`);
    expect({ rows: rows.length, rejected: rejected.length }).toEqual({ rows: result.rows, rejected: result.quarantined + result.skipped });
    return { route: 'duckdb', reason: route.reason, outcome: { kind: 'read', rows, rejected } };
  } finally {
    db.close();
  }
}

const byLine = (a: unknown, b: unknown) => (a as { source_line: number }).source_line - (b as { source_line: number }).source_line;

describe('the DuckDB fast path reads every bundled payments file as the Node reader does', () => {
  const routes: Record<string, string> = {};
  it.each(spendFiles.map((file, index) => [(file.startsWith(work) ? relative(work, file) : relative(sampleDataRoot, file)), file, index] as const))('%s', async (_name, file, index) => {
    const fast = await fastRead(file, index);
    routes[_name] = fast.route === 'duckdb' ? 'duckdb' : `${fast.route}: ${fast.reason}`;
    if (fast.route !== 'duckdb' && fast.reason !== 'refused') return;
    const node = await nodeRead(file);
    if (node.kind === 'refused' || fast.outcome.kind === 'refused') {
      expect(fast.outcome).toEqual(node);
      return;
    }
    expect(fast.outcome.rows.length).toBe(node.rows.length);
    expect(fast.outcome.rejected).toEqual([...node.rejected].sort(byLine));
    expect(fast.outcome.rows).toEqual([...node.rows].sort(byLine));
  });

  it('takes the fast path for the well-formed files and says why for the others', () => {
    const others = Object.entries(routes).filter(([, route]) => route !== 'duckdb');
    expect(others).toEqual([
      [
        'data/spending/local_authority/lambeth_2012-06_invoices_over_500.csv',
        'fallback: 639 records have fewer fields than the header (first on line 19: fused values or a ragged line): read row by row',
      ],
    ]);
    expect(Object.keys(routes)).toHaveLength(spendFiles.length);
  });
});
