import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { DuckDBInstance, quotedString } from '@duckdb/node-api';
import { escapeSpreadsheetCellSql } from '@cwb/warehouse';
import { stringify } from 'yaml';
import { overrideSchema, type Override } from './overrides';
import type { SupplierMatch } from './supplier-input';

/** Candidates listed per supplier in a review file. */
export const REVIEW_CANDIDATES = 3;
/** Abstentions whose best candidate scored at least this are plausible enough to ask a person about. */
export const DEFAULT_REVIEW_FLOOR = 0.75;

/** The column a reviewer fills: the org-id of the right candidate (or any org-id), or `none`. */
export const DECISION_COLUMN = 'decision';

const candidateColumns = (n: number) => [`candidate_${n}_org_id`, `candidate_${n}_name`, `candidate_${n}_score`, `candidate_${n}_probability`];
export const REVIEW_COLUMNS = [
  'supplier_name',
  'spend_gbp',
  'method',
  'reason',
  ...Array.from({ length: REVIEW_CANDIDATES }, (_, i) => candidateColumns(i + 1)).flat(),
  DECISION_COLUMN,
] as const;

export interface ReviewInput {
  name: string | null;
  /** What the supplier was paid, when known: the file is ordered by it, so the money is reviewed first. */
  spend_pence?: number | null;
  match: SupplierMatch;
}

/**
 * The matches a person should decide: abstentions (`no_match`, `ambiguous`) whose best
 * candidate scored at least `floor`, with their candidates, scores, match probabilities and
 * the matcher's reason; the largest spend first (then the best score).
 */
export function reviewRows(inputs: readonly ReviewInput[], floor = DEFAULT_REVIEW_FLOOR): Record<(typeof REVIEW_COLUMNS)[number], string>[] {
  return inputs
    .filter((i) => i.name !== null && i.match.org_id === null && (i.match.method === 'no_match' || i.match.method === 'ambiguous'))
    .filter((i) => (i.match.candidates[0]?.score ?? 0) >= floor)
    .sort((a, b) => (b.spend_pence ?? 0) - (a.spend_pence ?? 0) || (b.match.candidates[0]?.score ?? 0) - (a.match.candidates[0]?.score ?? 0))
    .map((i) => {
      const spend = i.spend_pence === undefined || i.spend_pence === null ? '' : (i.spend_pence / 100).toFixed(2);
      const row: Record<string, string> = { supplier_name: i.name!, spend_gbp: spend, method: i.match.method, reason: i.match.reason };
      for (let n = 1; n <= REVIEW_CANDIDATES; n += 1) {
        const c = i.match.candidates[n - 1];
        const [id, name, score, probability] = candidateColumns(n);
        row[id!] = c?.org_id ?? '';
        row[name!] = c?.name ?? '';
        row[score!] = c ? c.score.toFixed(3) : '';
        row[probability!] = c?.probability === undefined ? '' : c.probability.toFixed(3);
      }
      row[DECISION_COLUMN] = '';
      return row as Record<(typeof REVIEW_COLUMNS)[number], string>;
    });
}

async function withMemoryDb<T>(work: (conn: Awaited<ReturnType<DuckDBInstance['connect']>>) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    return await work(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Writes the review CSV (text cells a spreadsheet would run as formulas are escaped). Returns the rows written. */
export async function writeReviewCsv(path: string, inputs: readonly ReviewInput[], floor = DEFAULT_REVIEW_FLOOR): Promise<number> {
  const rows = reviewRows(inputs, floor);
  if (rows.length === 0) {
    await writeFile(path, `${REVIEW_COLUMNS.join(',')}\n`);
    return 0;
  }
  await withMemoryDb(async (conn) => {
    const struct = `[{${REVIEW_COLUMNS.map((c) => `"${c}":"VARCHAR"`).join(',')}}]`;
    await conn.run(`CREATE TABLE review AS SELECT unnest(from_json($rows::JSON, '${struct}'), recursive := true)`, { rows: JSON.stringify(rows) });
    // Blank cells are written empty (not ""), so a person can type into them.
    const select = REVIEW_COLUMNS.map((c) => `nullif(${escapeSpreadsheetCellSql(`"${c}"`)}, '') AS "${c}"`).join(', ');
    await conn.run(`COPY (SELECT ${select} FROM review) TO ${quotedString(path)} (FORMAT csv, HEADER true)`);
  });
  return rows.length;
}

export interface ReviewDecisions {
  overrides: Override[];
  /** Rows left undecided (blank decision). */
  undecided: number;
  /** Rows marked `none`: no organisation fits (written as `no_match` overrides). */
  none: number;
}

/**
 * Reads a review CSV a person has marked: each row with an org-id in `decision` becomes an
 * override (supplier name → org-id), each `none` an override saying the supplier is in none of
 * the registers (`no_match`, so it is not asked about again); blank rows are counted. A decision
 * that is not an org-id is an error with the line and the fix.
 */
export async function readReviewDecisions(path: string): Promise<ReviewDecisions> {
  if (!existsSync(path)) throw new Error(`${path}: file not found. Fix: check the path`);
  const rows = await withMemoryDb(async (conn) => (await conn.runAndReadAll(`SELECT * FROM read_csv(${quotedString(path)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`)).getRowObjectsJS());
  const result: ReviewDecisions = { overrides: [], undecided: 0, none: 0 };
  rows.forEach((row, index) => {
    if (!(DECISION_COLUMN in row) || !('supplier_name' in row)) {
      throw new Error(`${path}:1: not a review file (no supplier_name and ${DECISION_COLUMN} columns). Fix: use the file \`cwb match --review\` wrote`);
    }
    const decision = String(row[DECISION_COLUMN] ?? '').trim();
    // A leading apostrophe was added to formula-like names on the way out.
    const name = String(row.supplier_name ?? '').replace(/^'(?=[=+\-@\t\r])/, '');
    if (decision === '') result.undecided += 1;
    else if (decision.toLowerCase() === 'none') {
      result.none += 1;
      result.overrides.push(overrideSchema.parse({ supplier_name: name, no_match: true, note: 'decided in review: none of the candidates' }));
    } else {
      const parsed = overrideSchema.safeParse({ supplier_name: name, org_id: decision.toUpperCase(), note: 'decided in review' });
      if (!parsed.success) {
        throw new Error(`${path}:${index + 2}: decision "${decision}" is not an org-id. Fix: copy one of the candidate_N_org_id values, or write none`);
      }
      result.overrides.push(parsed.data);
    }
  });
  return result;
}

/** An overrides file's text for the decisions (the format `loadOverridesFile` reads). */
export function overridesYaml(overrides: readonly Override[], comment: string): string {
  return `${comment
    .split('\n')
    .map((line) => `# ${line}`)
    .join('\n')}\n${stringify({ overrides })}`;
}
