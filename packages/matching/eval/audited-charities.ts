/**
 * Error analysis on an audited supplier → charity match set (the NHS-spend research output:
 * columns query_string_n, CharityRegNo, CharityName, match_0_n…match_2_n). The file is GPL
 * research output: it is READ BY PATH here and nothing derived from its rows is written into
 * the repository (the register and truth files go to a temporary folder, deleted afterwards).
 *
 *   pnpm --filter @cwb/matching exec tsx eval/audited-charities.ts <audited.csv> [--worst N] [--causes [--list]] [--sweep] [--superseded-removed]
 *
 * The register is built as a user would have it: every true charity (GB-CHC-<number>, its
 * registered name), with as its other names the candidate names the audit found to be that
 * charity's own (a candidate spelt as the ledger name where the audit says the Charity
 * Commission match was a perfect name match: the Commission's register lists other and working
 * names), plus every other near-miss candidate name as another organisation (generated
 * numbers; a company when the name has a company legal form).
 * The file gives no register statuses, so every organisation is live. With --superseded-removed,
 * the near-miss candidates of the names the audit calls a "date-dependent match" (the ledger's
 * name belonged to a predecessor: merged, renamed or re-registered) are loaded as removed charities
 * (dissolved companies), as a real register would list a predecessor; that reads the audit's
 * outcome into the register, so it is a what-if (how much a register's statuses would give), not
 * the headline figure.
 * Prints the evaluation (precision, recall, F1, calibration by confidence band) and, with
 * --causes, each miss and false match sorted into a cause.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadOtherNames } from '@cwb/companies-house';
import {
  DEFAULT_THRESHOLD,
  evaluateMatcher,
  formatSweep,
  sweepThresholds,
  formatEvaluation,
  nameTokens,
  normaliseName,
  SupplierMatcher,
  type EvaluatedCase,
  type TruthCase,
  withTemporaryRegisters,
} from '../src/index';
import { csvRecords } from './csv-text';

const COMPANY_FORM = /\b(LIMITED|LTD|PLC|LLP|CIC|C\.I\.C\.?)\s*$/i;

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** A looser form than the matcher's: letters and digits only, THE/AND/OF dropped, for telling normalisation misses apart. */
const skeleton = (name: string) =>
  nameTokens(normaliseName(name))
    .filter((t) => !['THE', 'AND', 'OF', 'FOR'].includes(t))
    .join('')
    .replace(/[^A-Z0-9]/g, '');

function causeOf(e: EvaluatedCase, trueName: string): string {
  if (e.outcome === 'wrong') {
    if (e.right_candidate_rank !== null) return 'false match: right org was a candidate (margin/score order)';
    return 'false match: right org not among candidates';
  }
  const ledger = normaliseName(e.truth.name);
  const truth = normaliseName(trueName);
  if (e.right_candidate_rank === null) {
    const shared = nameTokens(ledger).filter((t) => nameTokens(truth).includes(t)).length;
    if (shared === 0) return 'missing alias (no word in common: another name of the charity)';
    return 'blocking (right org not among the candidates)';
  }
  if (ledger === truth) {
    if (e.match.method === 'ambiguous') return 'exact name, several organisations (ambiguous)';
    return 'exact normalised name scored below the threshold (bare-name rule)';
  }
  if (skeleton(e.truth.name) === skeleton(trueName)) return 'normalisation (equal once spacing, THE/AND/OF and punctuation are ignored)';
  if (e.match.method === 'ambiguous') return 'margin (runner-up too close)';
  const best = e.match.candidates[0];
  if (e.right_candidate_rank === 0 && best && best.score < DEFAULT_THRESHOLD) return 'threshold (right org best, scored below it)';
  return 'score order (another candidate scored higher)';
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const path = args.find((a) => !a.startsWith('--'));
  if (!path) throw new Error('usage: tsx eval/audited-charities.ts <audited.csv> [--worst N] [--causes [--list]] [--sweep]');
  const worstAt = args.indexOf('--worst');
  const worst = worstAt >= 0 ? Number(args[worstAt + 1]) : 15;
  const rows = csvRecords(await readFile(path, 'utf8'));
  const charities = new Map<string, string>();
  for (const r of rows) charities.set(String(Math.round(Number(r.CharityRegNo))), r.CharityName!.trim());
  const trueNames = new Set([...charities.values()].map(normaliseName));
  // "CC: 1 existing perfect name match", "2 … perfect except LTD", "4 corrected now perf name match".
  const perfectAtCommission = (audit: string) => /CC: [124] /.test(audit);
  const otherNames = new Map<string, Set<string>>();
  for (const r of rows) {
    const number = String(Math.round(Number(r.CharityRegNo)));
    const query = normaliseName(r.query_string_n!);
    if (!perfectAtCommission(r.audit_type ?? '')) continue;
    for (const k of ['match_0_n', 'match_1_n', 'match_2_n']) {
      const name = r[k]?.trim();
      if (name && normaliseName(name) === query && normaliseName(name) !== normaliseName(charities.get(number)!)) {
        otherNames.set(number, (otherNames.get(number) ?? new Set()).add(name));
        trueNames.add(normaliseName(name));
      }
    }
  }
  // "CC: 8 date-dependent match": the right charity depends on when the payment was made.
  const superseded = new Set<string>();
  if (args.includes('--superseded-removed')) {
    for (const r of rows) {
      if (!/CC: 8 /.test(r.audit_type ?? '')) continue;
      for (const k of ['match_0_n', 'match_1_n', 'match_2_n']) {
        const name = r[k]?.trim();
        if (name && !trueNames.has(normaliseName(name))) superseded.add(name);
      }
    }
  }
  const distractors = new Set<string>();
  for (const r of rows) {
    for (const k of ['match_0_n', 'match_1_n', 'match_2_n']) {
      const name = r[k]?.trim();
      if (name && !trueNames.has(normaliseName(name))) distractors.add(name);
    }
  }
  const dir = await mkdtemp(join(tmpdir(), 'cwb-audited-'));
  try {
    const register = join(dir, 'register.csv');
    const lines = ['scheme,number,name,postcode,type,status'];
    for (const [number, name] of charities) lines.push(`GB-CHC,${number},${csvCell(name)},,charity,registered`);
    let n = 0;
    for (const name of distractors) {
      n += 1;
      const live = !superseded.has(name);
      if (COMPANY_FORM.test(name)) lines.push(`GB-COH,97${String(n).padStart(6, '0')},${csvCell(name)},,company,${live ? 'active' : 'dissolved'}`);
      else lines.push(`GB-CHC,9${String(n).padStart(6, '0')},${csvCell(name)},,charity,${live ? 'registered' : 'removed'}`);
    }
    await writeFile(register, `${lines.join('\n')}\n`);
    // The other names go in as a user's would: an other-names file through the same loader.
    const otherNamesFile = join(dir, 'other-names.csv');
    await writeFile(otherNamesFile, `${['scheme,number,name', ...[...otherNames].flatMap(([number, names]) => [...names].map((name) => `GB-CHC,${number},${csvCell(name)}`))].join('\n')}\n`);
    const addOtherNames = async (conn: DuckDBConnection) => {
      await loadOtherNames(conn, otherNamesFile);
    };
    await withTemporaryRegisters([{ path: register }], async (conn) => {
      const cases: TruthCase[] = rows.map((r) => ({
        name: r.query_string_n!.trim(),
        expected_org_id: `GB-CHC-${Math.round(Number(r.CharityRegNo))}`,
        postcode: null,
        company_number: null,
        charity_number: null,
        weight: Number(r.amount) || 0,
      }));
      const evaluation = await evaluateMatcher(new SupplierMatcher(conn), cases);
      const aliases = [...otherNames.values()].reduce((sum, names) => sum + names.size, 0);
      const removed = superseded.size > 0 ? ` (${superseded.size} of them removed: the predecessors of date-dependent matches)` : '';
      process.stdout.write(`register: ${charities.size} true charities (${aliases} other names), ${distractors.size} near-miss organisations${removed}\n`);
      process.stdout.write(`${formatEvaluation(evaluation, { worst })}\n`);
      if (process.env.AUDIT_DUMP) await writeFile(process.env.AUDIT_DUMP, JSON.stringify(evaluation.evaluated.map((e) => ({ ...e, true_name: charities.get(e.truth.expected_org_id!.slice(7)) }))));
      if (args.includes('--sweep')) process.stdout.write(`\n${formatSweep(await sweepThresholds((threshold) => new SupplierMatcher(conn, { threshold }), cases), 0.99)}\n`);
      if (args.includes('--causes')) {
        const causes = new Map<string, { cases: number; weight: number }>();
        for (const e of evaluation.evaluated) {
          if (e.outcome !== 'missed' && e.outcome !== 'wrong') continue;
          const cause = causeOf(e, charities.get(e.truth.expected_org_id!.slice('GB-CHC-'.length)) ?? '');
          const entry = causes.get(cause) ?? { cases: 0, weight: 0 };
          entry.cases += 1;
          entry.weight += e.truth.weight;
          causes.set(cause, entry);
          if (args.includes('--list')) {
            const right = e.match.candidates.find((c) => c.org_id === e.truth.expected_org_id);
            const top = e.match.candidates.slice(0, 3).map((c) => `${c.name} ${c.score.toFixed(2)}`).join(' | ');
            process.stdout.write(`[${cause.split(' ')[0]}] ${e.truth.name} => true ${charities.get(e.truth.expected_org_id!.slice(7))}${right ? ` (${right.score.toFixed(2)})` : ''} :: ${top}\n`);
          }
        }
        process.stdout.write('\ncause                                                                     cases\n');
        for (const [cause, v] of [...causes.entries()].sort((a, b) => b[1].cases - a[1].cases)) process.stdout.write(`${cause.padEnd(74)}${String(v.cases).padStart(6)}\n`);
      }
    }, addOtherNames);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
