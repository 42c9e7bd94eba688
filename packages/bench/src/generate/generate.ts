import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { AREA_SUCCESSORS_FILE } from '@cwb/reference';
import { join } from 'node:path';
import { DuckDBInstance, quotedString } from '@duckdb/node-api';
// The reference package's seeded ONSPD generator (its own bench): reused, not duplicated.
import { generateOnspdCsv } from '../../../reference/bench/onspd-generator';
import { Rng, mix } from '../random';
import type { Scale } from '../scales';
import { writeCompanies, writePsc } from './companies';
import { layoutFor, layouts } from './layouts';
import { writeLedger, type BenchAnchor, type LedgerTruth, type PublishedSupplier } from './ledgers';
import { generateSuppliers, type PostcodePool, type Supplier } from './suppliers';

export interface GeneratedData {
  dir: string;
  seed: number;
  scale: Scale;
  onspdFile: string;
  companiesFile: string;
  pscFile: string;
  /** Ground truth: every published supplier name → its company (or none). */
  suppliersTruthFile: string;
  anchors: BenchAnchor[];
  truths: Map<string, LedgerTruth>;
  published: Map<string, PublishedSupplier>;
  facts: { ledgerBytes: number; onspdBytes: number; companiesBytes: number; pscBytes: number; companies: number; dissolvedNamesakes: number; seconds: number };
  /** Rewrites one anchor's file with new rows (same layout and size); returns its new truth. */
  rewriteLedger(anchorIndex: number, salt: number): LedgerTruth;
}

async function samplePostcodes(onspdFile: string, total: number): Promise<PostcodePool> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '1GB' });
  const conn = await instance.connect();
  const every = Math.max(1, Math.floor(total / 200_000));
  const reader = await conn.runAndReadAll(
    `SELECT pcds, coalesce(oslaua, '') AS lad
       FROM read_csv(${quotedString(onspdFile)}, all_varchar = true, header = true)
      WHERE hash(pcds) % ${every} = 0
      ORDER BY pcds`,
  );
  const all = reader.getRowObjectsJS().map((r) => ({ pcds: String(r.pcds), lad: String(r.lad) }));
  conn.closeSync();
  instance.closeSync();
  const byLad = new Map<string, { pcds: string; lad: string }[]>();
  for (const p of all) {
    if (p.lad === '') continue;
    const list = byLad.get(p.lad);
    if (list) list.push(p);
    else byLad.set(p.lad, [p]);
  }
  return { all, byLad };
}

/**
 * Generates, seeded and deterministic, everything one bench run reads: an ONSPD-format postcode
 * file, one AP export per anchor in the real layouts, BasicCompanyData companies, PSC lines, and
 * the ground truth (per file row counts and local spend; per published name the company).
 */
export async function generateBenchData(dir: string, scale: Scale, seed: number, log: (line: string) => void = () => {}): Promise<GeneratedData> {
  const started = performance.now();
  for (const sub of ['reference', 'ledgers', 'companies', 'truth']) mkdirSync(join(dir, sub), { recursive: true });
  const onspdFile = join(dir, 'reference', 'ONSPD_BENCH_UK.csv');
  log(`generating ${scale.postcodes.toLocaleString('en-GB')} ONSPD-format postcodes`);
  await generateOnspdCsv(onspdFile, scale.postcodes, seed);
  const pool = await samplePostcodes(onspdFile, scale.postcodes);

  // Home areas: the English LADs best covered by the sample, one per anchor (the first anchor is a two-LAD cluster).
  // The generated LAD codes look like real ones, and the pipeline's home areas are successor-aware
  // (a home of E06000058 also counts its predecessors E06000028/29): homes are chosen among codes
  // with no code history, so the truth does not depend on it.
  const changed = new Set(readFileSync(AREA_SUCCESSORS_FILE, 'utf8').split('\n').slice(1).flatMap((line) => line.split(',').filter((c) => /^[ENSW]\d{8}$/.test(c))));
  const lads = [...pool.byLad.entries()]
    .filter(([lad]) => lad.startsWith('E') && !changed.has(lad))
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .map(([lad]) => lad);
  if (lads.length < scale.anchors + 1) throw new Error(`only ${lads.length} English LADs in the postcode sample; need ${scale.anchors + 1}`);
  const anchors: BenchAnchor[] = [];
  for (let a = 0; a < scale.anchors; a++) {
    const layout = layouts[layoutFor(a)];
    const homeLads = a === 0 ? [lads[0] as string, lads[scale.anchors] as string] : [lads[a] as string];
    const kind = layout.anchorType === 'council' ? 'Council' : layout.anchorType === 'nhs_ccg' ? 'CCG' : 'NHS Trust';
    anchors.push({
      index: a,
      id: `anchor-${String(a + 1).padStart(2, '0')}`,
      name: `Bench ${kind} ${String(a + 1).padStart(2, '0')}`,
      type: layout.anchorType,
      layout: layout.name,
      mapping: layout.mapping,
      homeName: `Home area of anchor ${a + 1}`,
      homeLads,
      file: join(dir, 'ledgers', `anchor-${String(a + 1).padStart(2, '0')}-${layout.name}.csv`),
      rows: Math.floor(scale.payments / scale.anchors) + (a < scale.payments % scale.anchors ? 1 : 0),
    });
  }

  log(`generating ${scale.suppliers.toLocaleString('en-GB')} suppliers`);
  const rng = new Rng(mix(seed, 1));
  const suppliers: Supplier[] = generateSuppliers(scale.suppliers, scale.anchors, anchors.map((a) => a.homeLads), pool, rng);
  const national = Math.max(1, Math.floor(scale.suppliers * 0.02));
  const own: number[][] = anchors.map(() => []);
  for (const s of suppliers) if (s.index >= national) own[s.index % scale.anchors]?.push(s.index);

  log(`generating ${scale.payments.toLocaleString('en-GB')} payments in ${scale.anchors} AP exports`);
  const published = new Map<string, PublishedSupplier>();
  const truths = new Map<string, LedgerTruth>();
  const rewriteLedger = (anchorIndex: number, salt: number) => {
    const anchor = anchors[anchorIndex] as BenchAnchor;
    const truth = writeLedger(anchor, suppliers, own[anchorIndex] ?? [], national, seed, salt, published);
    truths.set(anchor.id, truth);
    return truth;
  };
  for (const anchor of anchors) rewriteLedger(anchor.index, 0);

  const companiesFile = join(dir, 'companies', 'BasicCompanyData-bench.csv');
  const companyTotal = Math.max(scale.companies, suppliers.filter((s) => s.companyNumber).length);
  log(`generating ${companyTotal.toLocaleString('en-GB')} BasicCompanyData rows and ${scale.psc.toLocaleString('en-GB')} PSC lines`);
  const companies = writeCompanies(companiesFile, companyTotal, suppliers, pool, seed);
  const pscFile = join(dir, 'companies', 'persons-with-significant-control-snapshot-bench.txt');
  writePsc(pscFile, scale.psc, suppliers, seed);

  const suppliersTruthFile = join(dir, 'truth', 'suppliers.csv');
  const lines = ['published_name,company_number,variant'];
  for (const p of [...published.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    lines.push(`"${p.name.replace(/"/g, '""')}",${p.company_number ?? ''},${p.variant}`);
  }
  writeFileSync(suppliersTruthFile, `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'truth', 'anchors.json'), `${JSON.stringify(anchors, null, 2)}\n`);

  const size = (f: string) => statSync(f).size;
  return {
    dir,
    seed,
    scale,
    onspdFile,
    companiesFile,
    pscFile,
    suppliersTruthFile,
    anchors,
    truths,
    published,
    facts: {
      ledgerBytes: anchors.reduce((n, a) => n + size(a.file), 0),
      onspdBytes: size(onspdFile),
      companiesBytes: size(companiesFile),
      pscBytes: size(pscFile),
      companies: companies.rows,
      dissolvedNamesakes: companies.dissolvedNamesakes,
      seconds: (performance.now() - started) / 1000,
    },
    rewriteLedger,
  };
}
