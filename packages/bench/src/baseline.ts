import { createReadStream, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { basename, join } from 'node:path';
import { DuckDBInstance, quotedString as s, type DuckDBConnection } from '@duckdb/node-api';
import type { LayoutName } from './generate/layouts';

/**
 * The DuckDB-only baseline: the same work as the pipeline, written as plain SQL by a data engineer
 * who knows each layout. It reads every AP export with DuckDB's CSV reader, parses dates and amounts,
 * sets aside unreadable rows and totals, normalises supplier postcodes and locates them in the ONSPD
 * file, computes the local-spend share per anchor and financial year, and (the part the pipeline
 * does not do yet) normalises supplier names and exact-matches them to BasicCompanyData.
 */
export interface BaselineInput {
  anchors: { id: string; layout: LayoutName; file: string; homeLads: string[] }[];
  onspdFile: string;
  companiesFile: string;
  suppliersTruthFile: string;
  threads: number;
  memoryLimit: string;
  /** Scratch space for the Windows-1252 → UTF-8 pass (DuckDB's built-in latin-1 reader rejects bytes 0x80–0x9F). */
  scratchDir: string;
}

export interface SpendRow {
  anchor_id: string;
  financial_year: string;
  location_band: string;
  pence: number;
  payments: number;
}

export interface BaselineResult {
  seconds: number;
  phases: Record<'postcodes' | 'transcode' | 'ledgers' | 'locate_and_share' | 'companies' | 'match', number>;
  files: { anchor_id: string; rows_in: number; loaded: number; quarantined: number; skipped: number }[];
  spend: SpendRow[];
  matching: { published_names: number; truth_companies: number; matched: number; correct: number; wrong: number; ambiguous: number; precision: number; recall: number };
  /** Local spend when a supplier without a located postcode is located by its matched company's registered office. */
  withCompanyFallback: { home_area: number; outside_home_area: number; unknown_location: number };
  peakRssMb: number;
}

const LAYOUT_SQL: Record<LayoutName, { encoding: string; names: string[]; select: string }> = {
  'nhs-ccg-postcodes': {
    encoding: 'utf-8',
    names: ['family', 'entity', 'date', 'expense_type', 'expense_area', 'supplier', 'txn', 'amount', 'description', 'postcode'],
    select: `try_strptime(trim(date), '%m/%d/%Y')::DATE AS payment_date,
             try_cast(replace(trim(amount), ',', '') AS DECIMAL(18, 2)) AS amount,
             trim(supplier) AS supplier, postcode, NULL::VARCHAR AS company_number`,
  },
  'nhs-oracle-vendor': {
    encoding: 'windows-1252',
    names: ['month', 'family', 'entity', 'date', 'expense_type', 'supplier', 'txn', 'amount'],
    select: `try_strptime(trim(date), '%d-%b-%Y')::DATE AS payment_date,
             try_cast(regexp_replace(amount, '[\\s\\x{00A0}£,]', '', 'g') AS DECIMAL(18, 2)) AS amount,
             coalesce(nullif(regexp_extract(supplier, '^\\s*[A-Z0-9]{4,20}\\s+:\\s+(.+?)\\s*$', 1), ''), trim(supplier)) AS supplier,
             NULL::VARCHAR AS postcode,
             nullif(regexp_extract(supplier, '^\\s*UK((?:[A-Z]{2}|[0-9]{2})[0-9]{6})[0-9]{2}\\s+:', 1), '') AS company_number`,
  },
  'leeds-2020': {
    encoding: 'windows-1252',
    names: ['org_code', 'org', 'effective', 'unit', 'division', 'category', 'purpose', 'code', 'date', 'txn', 'vat', 'amount', 'cap', 'supplier', 'card'],
    select: `try_strptime(trim(date), '%d/%m/%Y')::DATE AS payment_date,
             try_cast(trim(amount) AS DECIMAL(18, 2)) AS amount,
             regexp_replace(supplier, '^[\\s\\x{00A0}]+|[\\s\\x{00A0}]+$', '', 'g') AS supplier,
             NULL::VARCHAR AS postcode, NULL::VARCHAR AS company_number`,
  },
  calderdale: {
    encoding: 'utf-8',
    names: ['body', 'org', 'date', 'ref', 'invoice', 'amount', 'vat', 'supplier', 'company_no', 'charity', 'supplier_id', 'vat_no', 'area', 'category', 'code', 'bvacop', 'proclass', 'extended', 'source', 'subsource', 'definition', 'purpose', 'vcse'],
    select: `try_cast(trim(date) AS DATE) AS payment_date,
             try_cast(trim(amount) AS DECIMAL(18, 2)) AS amount,
             trim(supplier) AS supplier, NULL::VARCHAR AS postcode,
             CASE WHEN regexp_full_match(trim(company_no), '[0-9]{1,8}') THEN lpad(trim(company_no), 8, '0') ELSE nullif(upper(trim(company_no)), '') END AS company_number`,
  },
  craven: {
    encoding: 'windows-1252',
    names: ['body', 'txn', 'supplier_id', 'supplier', 'date', 'account', 'account_name', 'cost_centre', 'cost_centre_name', 'amount'],
    select: `try_strptime(trim(date), '%d/%m/%Y')::DATE AS payment_date,
             try_cast(replace(trim(amount), ',', '') AS DECIMAL(18, 2)) AS amount,
             trim(supplier) AS supplier, NULL::VARCHAR AS postcode, NULL::VARCHAR AS company_number`,
  },
};

/** Postcode → `pcds` form, as the connector does (upper case, one space before the inward code); NULL when not a postcode. */
const NORMALISE_POSTCODE = `CREATE OR REPLACE MACRO norm_postcode(p) AS (
  CASE WHEN regexp_full_match(upper(regexp_replace(p, '[\\s\\x{00A0}]+', '', 'g')), '[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}')
       THEN left(upper(regexp_replace(p, '[\\s\\x{00A0}]+', '', 'g')), length(upper(regexp_replace(p, '[\\s\\x{00A0}]+', '', 'g'))) - 3)
            || ' ' || right(upper(regexp_replace(p, '[\\s\\x{00A0}]+', '', 'g')), 3) END)`;

/** Supplier name → match key: drop a "T/A" trading name, upper case, no punctuation, LIMITED = LTD, single spaces. */
const NORMALISE_NAME = `CREATE OR REPLACE MACRO norm_name(n) AS nullif(trim(regexp_replace(regexp_replace(regexp_replace(
  upper(regexp_replace(regexp_replace(n, '\\s+T/A\\s.*$', '', 'i'), '\\.', '', 'g')),
  '[^A-Z0-9&]+', ' ', 'g'), '\\b(LIMITED)\\b', 'LTD', 'g'), '\\s+', ' ', 'g')), '')`;

async function timed(conn: DuckDBConnection, sql: string): Promise<number> {
  const t = performance.now();
  await conn.run(sql);
  const seconds = (performance.now() - t) / 1000;
  if (process.env.BENCH_DEBUG) process.stderr.write(`baseline ${seconds.toFixed(1)} s: ${sql.trim().split('\n')[0]}\n`);
  return seconds;
}

async function rows<T>(conn: DuckDBConnection, sql: string): Promise<T[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as T[];
}

export async function runBaseline(input: BaselineInput): Promise<BaselineResult> {
  const started = performance.now();
  const instance = await DuckDBInstance.create(':memory:', { threads: String(input.threads), memory_limit: input.memoryLimit, preserve_insertion_order: 'false' });
  const conn = await instance.connect();
  await conn.run(NORMALISE_POSTCODE);
  await conn.run(NORMALISE_NAME);
  const anchorValues = input.anchors
    .map((a) => `(${s(a.id)}, ${s(a.file)}, [${a.homeLads.map(s).join(', ')}]::VARCHAR[])`)
    .join(', ');
  await conn.run(`CREATE TABLE anchors AS SELECT * FROM (VALUES ${anchorValues}) t(anchor_id, file, home_lads)`);

  // 1. The postcode directory: only the three columns the share needs.
  const postcodes = await timed(
    conn,
    `CREATE TABLE postcodes AS
     SELECT norm_postcode(pcds) AS postcode,
            CASE WHEN regexp_full_match(oslaua, '[A-Z][0-9]{8}') AND NOT regexp_full_match(oslaua, '[A-Z]99999999')
                  AND coalesce(try_cast(lat AS DOUBLE) < 99.9, false) AND coalesce(trim(osgrdind), '') <> '9'
                 THEN oslaua END AS lad
       FROM read_csv(${s(input.onspdFile)}, header = true, all_varchar = true, delim = ',', quote = '"')`,
  );

  // 2a. DuckDB reads UTF-8, UTF-16 and strict Latin-1 only (more needs the encodings extension, a download);
  // Windows-1252 exports with bytes 0x80–0x9F (en dash, curly quotes) are transcoded first, streamed.
  const t0 = performance.now();
  mkdirSync(input.scratchDir, { recursive: true });
  const readable = new Map<string, string>();
  for (const a of input.anchors) {
    if (LAYOUT_SQL[a.layout].encoding === 'utf-8') {
      readable.set(a.file, a.file);
      continue;
    }
    const out = join(input.scratchDir, basename(a.file));
    await transcodeToUtf8(a.file, out);
    readable.set(a.file, out);
  }
  const transcode = (performance.now() - t0) / 1000;
  await conn.run(`CREATE TABLE read_files AS SELECT * FROM (VALUES ${[...readable.entries()].map(([f, r]) => `(${s(f)}, ${s(r)})`).join(', ')}) t(file, readable)`);

  // 2b. Every AP export, one read_csv per layout over all its files; each record loaded, quarantined or skipped.
  const byLayout = new Map<LayoutName, string[]>();
  for (const a of input.anchors) byLayout.set(a.layout, [...(byLayout.get(a.layout) ?? []), readable.get(a.file) as string]);
  const selects = [...byLayout.entries()].map(([layout, files]) => {
    const l = LAYOUT_SQL[layout];
    return `SELECT filename AS file, ${l.select}, upper(trim(supplier)) LIKE 'REDACTED%' AS redacted
      FROM read_csv([${files.map(s).join(', ')}], header = true, all_varchar = true, delim = ',', quote = '"', escape = '"',
                    encoding = 'utf-8', names = [${l.names.map(s).join(', ')}], filename = true, null_padding = false)`;
  });
  const ledgers = await timed(
    conn,
    `CREATE TABLE records AS
     SELECT a.anchor_id, r.*,
            CASE WHEN r.payment_date IS NULL AND nullif(r.supplier, '') IS NULL THEN 'skipped'
                 WHEN r.payment_date IS NULL OR r.amount IS NULL THEN 'quarantined'
                 ELSE 'loaded' END AS disposition
       FROM (${selects.join('\nUNION ALL BY NAME\n')}) r JOIN read_files f ON f.readable = r.file JOIN anchors a ON a.file = f.file`,
  );

  // 3. Locate each payment's supplier postcode and compute the share (redacted rows keep no postcode).
  const locate = await timed(
    conn,
    `CREATE TABLE spend AS
     WITH payments AS (
       SELECT p.anchor_id, p.payment_date, CAST(p.amount * 100 AS BIGINT) AS pence,
              CASE WHEN p.redacted THEN NULL ELSE norm_postcode(p.postcode) END AS postcode
         FROM records p WHERE disposition = 'loaded'),
     located AS (
       SELECT payments.*, postcodes.lad,
              CAST(year(payment_date - INTERVAL 3 MONTH) AS VARCHAR) || '-' || right(CAST(year(payment_date - INTERVAL 3 MONTH) + 1 AS VARCHAR), 2) AS financial_year
         FROM payments LEFT JOIN postcodes USING (postcode))
     SELECT l.anchor_id, financial_year,
            CASE WHEN lad IS NULL THEN 'unknown_location' WHEN list_contains(a.home_lads, lad) THEN 'home_area' ELSE 'outside_home_area' END AS location_band,
            sum(pence) AS pence, count(*) AS payments
       FROM located l JOIN anchors a USING (anchor_id)
      GROUP BY ALL`,
  );
  const spend = (await rows<SpendRow>(conn, 'SELECT * FROM spend ORDER BY ALL')).map((r) => ({ ...r, pence: Number(r.pence), payments: Number(r.payments) }));
  const files = (
    await rows<{ anchor_id: string; rows_in: bigint; loaded: bigint; quarantined: bigint; skipped: bigint }>(
      conn,
      `SELECT anchor_id, count(*) AS rows_in, count(*) FILTER (disposition = 'loaded') AS loaded,
              count(*) FILTER (disposition = 'quarantined') AS quarantined, count(*) FILTER (disposition = 'skipped') AS skipped
         FROM records GROUP BY anchor_id ORDER BY anchor_id`,
    )
  ).map((r) => ({ anchor_id: r.anchor_id, rows_in: Number(r.rows_in), loaded: Number(r.loaded), quarantined: Number(r.quarantined), skipped: Number(r.skipped) }));

  // 4. Companies: BasicCompanyData (its header has leading spaces), keyed by normalised name.
  const companies = await timed(
    conn,
    `CREATE TABLE companies AS
     SELECT norm_name(CompanyName) AS name_key, trim(CompanyNumber) AS company_number, CompanyStatus AS status,
            norm_postcode("RegAddress.PostCode") AS postcode
       FROM read_csv(${s(input.companiesFile)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', normalize_names = false)`,
  );

  // 5. Exact match of distinct published names (live companies preferred to dissolved namesakes), scored against the truth.
  const match = await timed(
    conn,
    `CREATE TABLE matches AS
     WITH names AS (SELECT DISTINCT supplier AS name FROM records WHERE disposition = 'loaded' AND NOT redacted AND supplier IS NOT NULL),
     candidates AS (
       SELECT n.name, c.company_number, c.status,
              rank() OVER (PARTITION BY n.name ORDER BY (c.status = 'Dissolved')) AS preference
         FROM names n JOIN companies c ON c.name_key = norm_name(n.name)),
     best AS (SELECT name, list(company_number) AS numbers FROM candidates WHERE preference = 1 GROUP BY name)
     SELECT n.name, CASE WHEN len(b.numbers) = 1 THEN b.numbers[1] END AS company_number, coalesce(len(b.numbers) > 1, false) AS ambiguous
       FROM names n LEFT JOIN best b USING (name)`,
  );
  const t4 = performance.now();
  const [quality] = await rows<Record<string, bigint>>(
    conn,
    `WITH truth AS (SELECT published_name AS name, nullif(company_number, '') AS truth
                      FROM read_csv(${s(input.suppliersTruthFile)}, header = true, all_varchar = true, quote = '"', escape = '"'))
     SELECT count(*) AS published_names, count(t.truth) AS truth_companies, count(m.company_number) AS matched,
            count(*) FILTER (m.company_number = t.truth) AS correct,
            count(*) FILTER (m.company_number IS NOT NULL AND m.company_number IS DISTINCT FROM t.truth) AS wrong,
            count(*) FILTER (m.ambiguous) AS ambiguous
       FROM matches m JOIN truth t USING (name)`,
  );
  if (process.env.BENCH_DEBUG) process.stderr.write(`baseline ${((performance.now() - t4) / 1000).toFixed(1)} s: match quality\n`);
  const q = Object.fromEntries(Object.entries(quality ?? {}).map(([k, v]) => [k, Number(v)])) as Record<string, number>;
  const t5 = performance.now();
  const [fallback] = await rows<Record<string, number>>(
    conn,
    `WITH payments AS (
       SELECT r.anchor_id, CAST(r.amount * 100 AS BIGINT) AS pence,
              CASE WHEN r.redacted THEN NULL ELSE norm_postcode(r.postcode) END AS postcode,
              coalesce(r.company_number, m.company_number) AS company_number
         FROM records r LEFT JOIN matches m ON m.name = r.supplier
        WHERE r.disposition = 'loaded'),
     company_lads AS (SELECT c.company_number, p.lad FROM companies c JOIN postcodes p USING (postcode)),
     located AS (
       SELECT p.anchor_id, p.pence, coalesce(pc.lad, cl.lad) AS lad
         FROM payments p LEFT JOIN postcodes pc USING (postcode)
         LEFT JOIN company_lads cl USING (company_number))
     SELECT sum(pence) FILTER (list_contains(a.home_lads, lad)) / sum(pence) AS home_area,
            sum(pence) FILTER (lad IS NOT NULL AND NOT list_contains(a.home_lads, lad)) / sum(pence) AS outside_home_area,
            sum(pence) FILTER (lad IS NULL) / sum(pence) AS unknown_location
       FROM located l JOIN anchors a USING (anchor_id)`,
  );
  if (process.env.BENCH_DEBUG) process.stderr.write(`baseline ${((performance.now() - t5) / 1000).toFixed(1)} s: company fallback share\n`);
  conn.closeSync();
  instance.closeSync();
  rmSync(input.scratchDir, { recursive: true, force: true });
  return {
    seconds: (performance.now() - started) / 1000,
    phases: { postcodes, transcode, ledgers, locate_and_share: locate, companies, match },
    files,
    spend,
    matching: {
      published_names: q.published_names ?? 0,
      truth_companies: q.truth_companies ?? 0,
      matched: q.matched ?? 0,
      correct: q.correct ?? 0,
      wrong: q.wrong ?? 0,
      ambiguous: q.ambiguous ?? 0,
      precision: (q.correct ?? 0) / Math.max(1, q.matched ?? 0),
      recall: (q.correct ?? 0) / Math.max(1, q.truth_companies ?? 0),
    },
    withCompanyFallback: {
      home_area: Number(fallback?.home_area ?? 0),
      outside_home_area: Number(fallback?.outside_home_area ?? 0),
      unknown_location: Number(fallback?.unknown_location ?? 0),
    },
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

async function transcodeToUtf8(from: string, to: string): Promise<void> {
  const decoder = new TextDecoder('windows-1252');
  const out = createWriteStream(to);
  for await (const chunk of createReadStream(from, { highWaterMark: 1 << 20 })) {
    if (!out.write(decoder.decode(chunk as Buffer, { stream: true }))) await once(out, 'drain');
  }
  out.end(decoder.decode());
  await once(out, 'finish');
}
