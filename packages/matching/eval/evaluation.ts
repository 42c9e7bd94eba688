/**
 * The labelled evaluation: real ledger supplier names (eval/labels.csv, each label written
 * down with how it was decided) matched against an evaluation register made of the 31 real
 * BasicCompanyData rows, the hand-written register forms and near-miss decoys
 * (eval/register-entries.csv, generated numbers 98…/99… or numbers published in the
 * samples) and a seeded generated background of companies. Prints precision and recall.
 */
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { samplePath } from '@cwb/sample-data';
import { BASIC_COMPANY_COLUMNS, BASIC_COMPANY_HEADER_LINE, loadBasicCompanyData, openRegisters, writeGeneratedBasicCompanyData } from '@cwb/companies-house';
import { z } from 'zod';
import { parseCsv } from './csv-text';
import { buildNameIndex, SupplierMatcher, type MatcherOptions, type SupplierMatch } from '../src/index';

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

const labelSchema = z.object({
  case_id: z.string().regex(/^[HIJ]\d{3}$/),
  group: z.enum(['hand', 'identifier', 'name-only', 'excluded']),
  source_file: z.string().min(1),
  supplier_name: z.string().min(1),
  postcode: z.string(),
  company_number: z.string(),
  vat_number: z.string(),
  supplier_id: z.string(),
  expected_org_id: z.string().regex(/^(GB-COH-[0-9A-Z]{8})?$/),
  basis: z.string().min(1),
  note: z.string().min(1),
});
export type Label = z.infer<typeof labelSchema>;

const entrySchema = z.object({
  number: z.string().regex(/^[0-9A-Z]{8}$/),
  name: z.string().min(1),
  previous_name: z.string(),
  postcode: z.string(),
  provenance: z.string().min(1),
  case_id: z.string(),
});

async function readRecords<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  const [header, ...rows] = parseCsv(await readFile(file, 'utf8'));
  if (!header) throw new Error(`${file}: empty`);
  return rows.map((cells, index) => {
    const parsed = schema.safeParse(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
    if (!parsed.success) throw new Error(`${file}:${index + 2}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
}

export const loadLabels = () => readRecords(here('./labels.csv'), labelSchema);
export const loadRegisterEntries = () => readRecords(here('./register-entries.csv'), entrySchema);

const csvField = (value: string) => `"${value.replace(/"/g, '""')}"`;

/** The hand-written entries as BasicCompanyData rows (generated, labelled so in the URI column). */
async function writeEntriesAsBasicCompanyData(file: string): Promise<void> {
  const entries = await loadRegisterEntries();
  const lines = entries.map((e) => {
    const values: Record<string, string> = {
      CompanyName: e.name,
      CompanyNumber: e.number,
      'RegAddress.PostCode': e.postcode,
      CompanyCategory: e.name.endsWith(' LLP') ? 'Limited Liability Partnership' : 'Private Limited Company',
      CompanyStatus: 'Active',
      CountryOfOrigin: 'United Kingdom',
      'Accounts.AccountCategory': 'TOTAL EXEMPTION FULL',
      URI: `generated:${e.provenance}`,
      'PreviousName_1.CompanyName': e.previous_name,
    };
    return BASIC_COMPANY_COLUMNS.map((c) => csvField(values[c] ?? '')).join(',');
  });
  await writeFile(file, `${BASIC_COMPANY_HEADER_LINE}\n${lines.join('\n')}\n`);
}

export interface EvaluationOptions extends MatcherOptions {
  /** Generated background companies in the evaluation register. */
  background?: number;
  seed?: number;
}

export interface GroupScore {
  group: string;
  cases: number;
  positives: number;
  predicted: number;
  correct: number;
  wrong: number;
  precision: number;
  recall: number;
}

export interface EvaluationResult {
  registerSize: number;
  scores: GroupScore[];
  /** Every case with its outcome, for reading the mistakes. */
  outcomes: { label: Label; match: SupplierMatch; outcome: 'correct' | 'wrong' | 'missed' | 'abstained-correctly' }[];
}

export async function runEvaluation(options: EvaluationOptions = {}): Promise<EvaluationResult> {
  const folder = await mkdtemp(join(tmpdir(), 'cwb-eval-'));
  const db = await openRegisters(':memory:', { mode: 'read_write' });
  try {
    const entries = join(folder, 'entries.csv');
    await writeEntriesAsBasicCompanyData(entries);
    const background = await writeGeneratedBasicCompanyData(db.conn, join(folder, 'background.csv'), { companies: options.background ?? 100_000, seed: options.seed ?? 9 });
    const registerSize = await loadBasicCompanyData(db.conn, [samplePath('companies_house/basic_company_data_2021-01_head31.csv'), entries, ...background]);
    await buildNameIndex(db.conn);
    const labels = (await loadLabels()).filter((l) => l.group !== 'excluded');
    const matcher = new SupplierMatcher(db.conn, options);
    const matches = await matcher.matchBatch(
      labels.map((l) => ({
        name: l.supplier_name,
        postcode: l.postcode || null,
        company_number: l.company_number || null,
        vat_number: l.vat_number || null,
        supplier_id: l.supplier_id || null,
      })),
    );
    const outcomes = labels.map((label, i) => {
      const match = matches[i]!;
      const outcome: EvaluationResult['outcomes'][number]['outcome'] =
        match.org_id === null ? (label.expected_org_id === '' ? 'abstained-correctly' : 'missed') : match.org_id === label.expected_org_id ? 'correct' : 'wrong';
      return { label, match, outcome };
    });
    const score = (group: string, subset: typeof outcomes): GroupScore => {
      const predicted = subset.filter((o) => o.match.org_id !== null).length;
      const correct = subset.filter((o) => o.outcome === 'correct').length;
      const positives = subset.filter((o) => o.label.expected_org_id !== '').length;
      return { group, cases: subset.length, positives, predicted, correct, wrong: predicted - correct, precision: predicted === 0 ? 1 : correct / predicted, recall: positives === 0 ? 1 : correct / positives };
    };
    const groups = ['hand', 'identifier', 'name-only'];
    return { registerSize, scores: [...groups.map((g) => score(g, outcomes.filter((o) => o.label.group === g))), score('all', outcomes)], outcomes };
  } finally {
    db.close();
    await rm(folder, { recursive: true, force: true });
  }
}
