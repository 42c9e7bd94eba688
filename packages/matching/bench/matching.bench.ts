/**
 * Matching bench, two parts:
 * 1. the labelled evaluation (eval/labels.csv against the evaluation register): precision and
 *    recall per group, and the mistakes;
 * 2. throughput: a generated register (default 5 million companies in the official format and
 *    200,000 charities in the generic register format, the registers' real shape) loaded and
 *    indexed, then N distinct suppliers (default 100,000: the real sample supplier names plus
 *    perturbed register names) matched: time, suppliers per second and peak RSS.
 *
 *   pnpm --filter @cwb/matching bench                                   # full size
 *   pnpm --filter @cwb/matching bench -- --companies 200000 --suppliers 2000
 *   pnpm --filter @cwb/matching bench -- --part throughput --registers /tmp/registers.duckdb   # keep and reuse the generated registers
 *
 * Targets: precision at least 98% (issue 9); 100,000 suppliers against 5M companies and 200k
 * charities in under two minutes and 2 GB (issue 16).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadBasicCompanyData, loadOrganisationRegister, openRegisters, writeGeneratedBasicCompanyData } from '@cwb/companies-house';
import type { DuckDBConnection } from '@duckdb/node-api';
import { buildNameIndex, SWEEP_THRESHOLDS, type SupplierInput } from '../src/index';
import { runEvaluation } from '../eval/evaluation';

const raw: Record<string, string> = {};
const argv = process.argv.slice(2).filter((a) => a !== '--');
for (let i = 0; i < argv.length; i += 2) raw[(argv[i] ?? '').replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = argv[i + 1] ?? 'true';
const args = z.object({
  companies: z.coerce.number().int().positive().default(5_000_000),
  charities: z.coerce.number().int().nonnegative().default(200_000),
  suppliers: z.coerce.number().int().positive().default(100_000),
  background: z.coerce.number().int().positive().default(100_000),
  part: z.enum(['all', 'evaluation', 'throughput']).default('all'),
  /** Also re-run the labelled evaluation at each accept threshold 0.85–0.99. */
  sweep: z.coerce.boolean().default(false),
  threads: z.coerce.number().int().positive().default(2),
  /** Keep (or reuse) the generated registers database here instead of a temporary directory. */
  registers: z.string().optional(),
  /** DuckDB's memory limit while matching (the enrich stage's registers connection). */
  matchMemory: z.string().default('1GB'),
}).parse(raw);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

async function evaluation(): Promise<void> {
  const started = Date.now();
  const result = await runEvaluation({ background: args.background });
  console.log(`\nEvaluation: ${result.outcomes.length} labelled suppliers against a register of ${result.registerSize.toLocaleString()} (31 real rows, ${(await readFile(fileURLToPath(new URL('../eval/register-entries.csv', import.meta.url)), 'utf8')).split('\n').length - 2} hand-written entries and decoys, ${args.background.toLocaleString()} generated), ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log('group        cases  positives  predicted  correct  wrong  precision  recall');
  for (const s of result.scores) {
    console.log(`${s.group.padEnd(12)} ${String(s.cases).padStart(5)}  ${String(s.positives).padStart(9)}  ${String(s.predicted).padStart(9)}  ${String(s.correct).padStart(7)}  ${String(s.wrong).padStart(5)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}`);
  }
  if (args.sweep) {
    console.log('\nthreshold  hand precision  hand recall  name-only precision  name-only recall');
    for (const threshold of SWEEP_THRESHOLDS) {
      const at = await runEvaluation({ background: args.background, threshold });
      const hand = at.scores.find((g) => g.group === 'hand')!;
      const nameOnly = at.scores.find((g) => g.group === 'name-only')!;
      console.log(`${threshold.toFixed(2).padStart(9)}  ${pct(hand.precision).padStart(14)}  ${pct(hand.recall).padStart(11)}  ${pct(nameOnly.precision).padStart(19)}  ${pct(nameOnly.recall).padStart(16)}`);
    }
  }
  const mistakes = result.outcomes.filter((o) => o.outcome === 'wrong' || o.outcome === 'missed');
  console.log(`\nWrong matches (precision) and misses (recall):`);
  for (const o of mistakes) console.log(`  ${o.outcome.padEnd(6)} ${o.label.case_id} ${JSON.stringify(o.label.supplier_name)} expected ${o.label.expected_org_id || 'no match'}, got ${o.match.org_id ?? o.match.method} (${o.match.reason})`);
}

/** A register name, perturbed the way ledgers write names (case, LTD/LIMITED, &/AND, cut short). */
function ledgerForm(name: string, i: number): string {
  const variants = [
    (n: string) => n.replace(/ LIMITED$/, ' Ltd'),
    (n: string) => n.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase()),
    (n: string) => n.replace(/ LTD$/, ' LIMITED').replace(/ & /g, ' AND '),
    (n: string) => n.slice(0, 30),
    (n: string) => n.replace(/ (LIMITED|LTD|PLC|LLP)$/, ''),
  ];
  return variants[i % variants.length]!(name);
}

async function throughput(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cwb-match-bench-'));
  const registersPath = args.registers ?? join(dir, 'registers.duckdb');
  try {
    if (!existsSync(registersPath)) await buildRegisters(registersPath, dir);
    else console.log(`\nThroughput: reusing the registers database ${registersPath}`);
    const db = await openRegisters(registersPath, { mode: 'read_only', threads: args.threads, memoryLimit: '1GB' });
    let suppliers: SupplierInput[];
    let half: number;
    try {
      const real = (await readFile(fileURLToPath(new URL('../eval/sample-suppliers.csv', import.meta.url)), 'utf8')).split('\n').slice(1)
        .map((line) => /^[^,]*,("(?:[^"]|"")*"|[^,]*)/.exec(line)?.[1]?.replace(/^"|"$/g, '').replace(/""/g, '"')).filter((n): n is string => !!n);
      half = Math.min(real.length, Math.floor(args.suppliers / 2));
      const sampled = (await db.conn.runAndReadAll(`SELECT name FROM organisations USING SAMPLE reservoir(${args.suppliers - half} ROWS) REPEATABLE (7)`)).getRowObjectsJS().map((r) => String(r.name));
      suppliers = [...real.slice(0, half).map((name) => ({ name })), ...sampled.map((name, i) => ({ name: ledgerForm(name, i) }))];
    } finally {
      db.close();
    }
    const suppliersFile = join(dir, 'suppliers.json');
    await writeFile(suppliersFile, JSON.stringify(suppliers));
    // Matching in its own process: its time and peak RSS are the matcher's, not the load's.
    const script = fileURLToPath(new URL('./match-suppliers.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, registersPath, suppliersFile, String(args.threads), args.matchMemory], { maxBuffer: 1 << 20 });
    const result = z.object({ suppliers: z.number(), ms: z.number(), cpu_ms: z.number(), methods: z.record(z.string(), z.number()), peak_rss_mb: z.number() }).parse(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}'));
    console.log(`matched ${result.suppliers.toLocaleString()} suppliers (${half.toLocaleString()} real sample names, ${(result.suppliers - half).toLocaleString()} perturbed register names) in ${(result.ms / 1000).toFixed(1)} s (${(result.cpu_ms / 1000).toFixed(1)} s of CPU on ${args.threads} threads; load average ${loadavg()[0]!.toFixed(1)} at the end): ${Math.round(result.suppliers / (result.ms / 1000)).toLocaleString()} suppliers/s, peak RSS of the matching process ${result.peak_rss_mb} MB (DuckDB memory limit ${args.matchMemory}; target: 100,000 in under 120 s and 2 GB)`);
    console.log(`methods: ${Object.entries(result.methods).map(([m, n]) => `${m} ${n}`).join(', ')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Generates the registers (companies in the official format, charities in the generic one), loads and indexes them. */
async function buildRegisters(registersPath: string, dir: string): Promise<void> {
  const db = await openRegisters(registersPath, { mode: 'read_write', threads: args.threads, memoryLimit: '4GB' });
  try {
    let t = Date.now();
    const files = await writeGeneratedBasicCompanyData(db.conn, join(dir, 'companies.csv'), { companies: args.companies, seed: 57 });
    console.log(`\nThroughput: generated ${args.companies.toLocaleString()} companies in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    t = Date.now();
    await loadBasicCompanyData(db.conn, files);
    const loadMs = Date.now() - t;
    t = Date.now();
    if (args.charities > 0) {
      const charities = join(dir, 'charities.csv');
      await writeGeneratedCharities(db.conn, charities, args.charities);
      await loadOrganisationRegister(db.conn, charities);
    }
    await buildNameIndex(db.conn);
    console.log(`${args.charities.toLocaleString()} generated charities too; loaded in ${(loadMs / 1000).toFixed(1)} s; matching index built in ${((Date.now() - t) / 1000).toFixed(1)} s; peak RSS of the loading process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    db.close();
  }
}

/**
 * A generic-format charity register of `count` generated charities (seeded, names in the shape
 * of the Charity Commission's: a coined or place word, a cause, a kind: "BRAXWELL HOSPICE TRUST",
 * "FRIENDS OF ORLEY CARERS"), written by DuckDB.
 */
async function writeGeneratedCharities(conn: DuckDBConnection, file: string, count: number): Promise<void> {
  const list = (words: string[]) => `[${words.map((w) => `'${w}'`).join(', ')}]`;
  const syllables = list(['AL', 'BRAX', 'COR', 'DUN', 'EL', 'FAR', 'GRAN', 'HOL', 'IR', 'KES', 'LAN', 'MOR', 'NOR', 'OR', 'PEN', 'QUIN', 'ROS', 'SAL', 'TOR', 'UL', 'VAR', 'WEN', 'YAR', 'ZEL', 'ASH', 'BEL', 'CAR', 'DEL', 'FEN', 'GIL']);
  const endings = list(['WELL', 'LEY', 'TON', 'FORD', 'HAM', 'BY', 'MOUTH', 'FIELD', 'WICK', 'BURY', 'DALE', 'MERE', 'STEAD', 'WORTH', 'COMBE', 'HURST', 'GATE', 'MOOR', 'BROOK', 'THORPE']);
  const causes = list(['HOSPICE', 'CARERS', 'MIND', 'YOUTH', 'COMMUNITY', 'AGE CONCERN', 'FOOD BANK', 'HOUSING', 'ARTS', 'CHURCH', 'SCOUTS', 'HEALTH', 'DISABILITY', 'FAMILY SUPPORT', 'ADVOCACY', 'WOMENS AID', 'MUSEUM', 'HERITAGE', 'SPORTS', 'EDUCATION']);
  const kinds = list(['TRUST', 'ASSOCIATION', 'SOCIETY', 'PROJECT', 'FOUNDATION', 'CENTRE', 'CHARITY', 'FUND', 'APPEAL', 'GROUP', 'NETWORK', 'PARTNERSHIP']);
  const pick = (array: string, salt: number, size: number) => `${array}[1 + (hash(i, ${salt}) % ${size})::INTEGER]`;
  await conn.run(`COPY (
    SELECT 'GB-CHC' AS scheme, (2000000 + i)::VARCHAR AS number,
      (CASE WHEN hash(i, 5) % 7 = 0 THEN 'FRIENDS OF ' ELSE '' END) || ${pick(syllables, 1, 30)} || ${pick(endings, 2, 20)} || ' ' || ${pick(causes, 3, 20)} || ' ' || ${pick(kinds, 4, 12)} AS name,
      NULL AS postcode, 'charity' AS type, 'registered' AS status
    FROM range(${count}) t(i)
    QUALIFY row_number() OVER (PARTITION BY name ORDER BY i) = 1
  ) TO '${file.replace(/'/g, "''")}' (FORMAT csv, HEADER true)`);
}

if (args.part !== 'throughput') await evaluation();
if (args.part !== 'evaluation') await throughput();
