import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { renderApFastPathSql, scanLines, transcodeLines, type ApFastPlan } from '@cwb/connector-sdk';
import { stagedApTransactionSchema, stagedRejectedRecordSchema } from '@cwb/contracts';
import { duckdbColumns, openDatabase, sqlString, type Warehouse } from '@cwb/warehouse';

/** Where the fast path wrote a file's staged rows, and how many of each. */
export interface FastExtractResult {
  kind: 'read';
  rows: number;
  quarantined: number;
  skipped: number;
  encoding: string;
}

/** The file needs the Node reader after all (what DuckDB cannot read safely), with the reason. */
export interface FastExtractFallback {
  kind: 'fallback';
  reason: string;
}

/** Records of more lines than this are an unbalanced quote to the Node reader (csv-record-assembler.ts), which refuses the file. */
const MAX_RECORD_LINES = 201;
const RAW_LIMIT = 2000;

/**
 * Reads a delimited AP file whose layout the reader decided (`planApRead`) with DuckDB: its lines
 * decoded as the Node reader decodes them (`transcodeLines`), then records, fields, values and
 * each row's outcome and reason set-based (packages/connector-sdk/sql/ap-fast-path.sql), written
 * as Parquet: canonical rows to `rowsPath`, quarantined and skipped records to `rejectedPath`.
 * A file with what only the Node reader handles (records short of fields, which may be fused;
 * irregular quoting; carriage returns inside a line) comes back as a fallback with the reason,
 * and nothing is written.
 */
export async function fastExtract(
  plan: ApFastPlan,
  target: { dir: string; rowsPath: string; rejectedPath: string },
  lineage: { load_id: string; anchor_id: string; source_file: string },
  options: { threads?: number; memoryLimit?: string } = {},
): Promise<FastExtractResult | FastExtractFallback> {
  const linesPath = join(target.dir, 'lines.utf8.txt');
  const db = await openDatabase(':memory:', { mode: 'read_write', threads: options.threads, memoryLimit: options.memoryLimit ?? '512MB', tempDirectory: target.dir });
  try {
    // UTF-8 with LF or CRLF ends is read as it is (when DuckDB splits it into the same lines);
    // anything else is first decoded line by line as the Node reader decodes it.
    const scanned = await scanLines(plan.path, plan.encoding);
    let encoding = scanned.encoding;
    let lines = scanned.direct ? await loadLines(db, plan.path, scanned.lines, false) : null;
    if (lines === null) {
      const decoded = await transcodeLines(plan.path, plan.encoding, linesPath);
      if (decoded.unsafe_line !== null) {
        return { kind: 'fallback', reason: `line ${decoded.unsafe_line} holds a carriage return or 0x01 byte inside the line: read row by row` };
      }
      encoding = decoded.encoding;
      lines = await loadLines(db, linesPath, decoded.lines, true);
      if (lines === null) return { kind: 'fallback', reason: `DuckDB did not read the file's ${decoded.lines} lines as the Node reader does: read row by row` };
    }
    const fallback = await stageOutcomes(db, plan);
    if (fallback) return { kind: 'fallback', reason: fallback };
    return { kind: 'read', ...(await writeStaged(db, plan, target, lineage)), encoding };
  } finally {
    db.close();
    await rm(linesPath, { force: true });
  }
}

/**
 * Loads a file's physical lines as `fp_lines(line, l)`: one VARCHAR column, no quote, no escape, a
 * delimiter no line holds, so DuckDB splits lines only; insertion order keeps file order. Null
 * when DuckDB cannot read it so or counts other lines than the Node reader (`expected`).
 */
async function loadLines(db: Warehouse, path: string, expected: number, strict: boolean): Promise<number | null> {
  try {
    await db.run(
      `create or replace temp table fp_raw as
       select l from read_csv(${sqlString(path)}, columns = {'l': 'VARCHAR'}, header = false, delim = chr(1), quote = '',
                              escape = '', auto_detect = false, strict_mode = ${strict}, max_line_size = 16777216)`,
    );
  } catch {
    return null;
  }
  const [counted] = await db.all<{ n: bigint }>('select count(*) as n from fp_raw');
  if (Number(counted?.n ?? 0) !== expected) return null;
  await db.run(`create or replace temp view fp_lines as select rowid + 1 as line, coalesce(l, '') as l from fp_raw`);
  return expected;
}

/** Runs the fast path's statements up to each record's outcome; returns why the file needs the Node reader, or null. */
async function stageOutcomes(db: Warehouse, plan: ApFastPlan): Promise<string | null> {
  const statements = renderApFastPathSql(plan);
  for (const statement of statements.filter((s) => s.name !== 'outcomes')) await db.run(statement.sql);
  const [check] = await db.all<{ irregular: number | null; long: number | null; short: number | null; shorts: bigint }>(
    `select min(line) filter (where fields is null) as irregular,
            min(line) filter (where n_lines > ${MAX_RECORD_LINES}) as long,
            min(line) filter (where n_fields < ${plan.header_length} and not is_blank) as short,
            count(*) filter (where n_fields < ${plan.header_length} and not is_blank) as shorts
     from fp_fields`,
  );
  if (check?.irregular != null) return `irregular quoting on line ${check.irregular} (a quote inside an unquoted field, or text after a closing quote): read row by row`;
  if (check?.long != null) return `a quoted field on line ${check.long} runs over more than ${MAX_RECORD_LINES - 1} lines (an unbalanced quote): read row by row`;
  if (check?.short != null) {
    return `${check.shorts} records have fewer fields than the header (first on line ${check.short}: fused values or a ragged line): read row by row`;
  }
  const outcomes = statements.find((s) => s.name === 'outcomes');
  if (!outcomes) throw new Error('ap-fast-path.sql has no outcomes statement');
  await db.run(outcomes.sql);
  return null;
}

/** Writes the outcomes as the staged Parquet files, the columns and types of the contracts; returns the counts. */
async function writeStaged(
  db: Warehouse,
  plan: ApFastPlan,
  target: { rowsPath: string; rejectedPath: string },
  lineage: { load_id: string; anchor_id: string; source_file: string },
): Promise<{ rows: number; quarantined: number; skipped: number }> {
  const params = { load_id: lineage.load_id, anchor_id: lineage.anchor_id, source_file: lineage.source_file };
  const lineageColumns: Record<string, string> = { anchor_id: '$anchor_id', load_id: '$load_id', source_file: '$source_file', source_line: 'line' };
  const select = (columns: Record<string, string>, expressions: Record<string, string>) =>
    Object.entries(columns)
      .map(([name, type]) => `cast(${expressions[name] ?? lineageColumns[name] ?? name} as ${type}) as ${name}`)
      .join(', ');
  await db.run(
    `copy (select ${select(duckdbColumns(stagedApTransactionSchema), {})} from fp_outcomes where outcome = 'row')
     to ${sqlString(target.rowsPath)} (format parquet)`,
    params,
  );
  const badDisposition = plan.on_bad_row === 'skip' ? 'skipped' : 'quarantined';
  await db.run(
    `copy (select ${select(duckdbColumns(stagedRejectedRecordSchema), {
      raw: `left(raw, ${RAW_LIMIT})`,
      disposition: `case when outcome = 'skip' then 'skipped' else '${badDisposition}' end`,
    })} from fp_outcomes where outcome != 'row')
     to ${sqlString(target.rejectedPath)} (format parquet)`,
    params,
  );
  const [counts] = await db.all<{ rows: bigint; quarantined: bigint; skipped: bigint }>(
    `select count(*) filter (where outcome = 'row') as rows,
            count(*) filter (where outcome = 'bad' and '${badDisposition}' = 'quarantined') as quarantined,
            count(*) filter (where outcome = 'skip' or (outcome = 'bad' and '${badDisposition}' = 'skipped')) as skipped
     from fp_outcomes`,
  );
  return { rows: Number(counts?.rows ?? 0), quarantined: Number(counts?.quarantined ?? 0), skipped: Number(counts?.skipped ?? 0) };
}
