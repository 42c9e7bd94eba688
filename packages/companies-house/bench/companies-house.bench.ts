/**
 * Companies House bench: generates a seeded BasicCompanyData file (official format, default
 * 5.7 million companies) and a PSC snapshot (default 10 million lines), then loads each in a
 * child process so that each peak RSS (DuckDB's native memory included) is that phase's alone.
 *
 *   pnpm --filter @cwb/companies-house bench                                  # full size
 *   pnpm --filter @cwb/companies-house bench -- --companies 200000 --psc-lines 400000
 *
 * Target (issue 9): companies load under 2 minutes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loaderDuckdbSettings } from '@cwb/config';
import { loadBasicCompanyData, loadPscSnapshot, openRegisters, resolveOwnership, writeGeneratedBasicCompanyData } from '../src/index';
import { parseBenchArgs } from './bench-args';
import { writeGeneratedPscSnapshot } from './psc-generator';

const argsSchema = z.object({
  companies: z.coerce.number().int().positive().default(5_700_000),
  pscLines: z.coerce.number().int().positive().default(10_000_000),
  phase: z.enum(['all', 'companies', 'psc']).default('all'),
  dir: z.string().optional(),
  threads: z.coerce.number().int().positive().default(2),
  memoryLimit: z.string().default(loaderDuckdbSettings().memoryLimit),
});
const args = argsSchema.parse(parseBenchArgs(process.argv.slice(2)));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function phase(): Promise<void> {
  const dir = args.dir!;
  const db = await openRegisters(join(dir, 'registers.duckdb'), { mode: 'read_write', threads: args.threads, memoryLimit: args.memoryLimit });
  const started = Date.now();
  const result: Record<string, unknown> = {};
  if (args.phase === 'companies') {
    result.rows = await loadBasicCompanyData(db.conn, [join(dir, 'companies.csv')]);
  } else {
    result.rows = await loadPscSnapshot(db.conn, [join(dir, 'psc.jsonl')]);
    result.load_ms = Date.now() - started;
    result.chains = await resolveOwnership(db.conn);
  }
  result.ms = Date.now() - started;
  result.max_rss = process.resourceUsage().maxRSS * 1024;
  db.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function all(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cwb-ch-bench-'));
  try {
    const gen = await openRegisters(':memory:', { mode: 'read_write', threads: args.threads });
    let t = Date.now();
    await writeGeneratedBasicCompanyData(gen.conn, join(dir, 'companies.csv'), { companies: args.companies, seed: 57 });
    console.log(`generated ${args.companies.toLocaleString()} companies (${mb(statSync(join(dir, 'companies.csv')).size)}) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    t = Date.now();
    await writeGeneratedPscSnapshot(gen.conn, join(dir, 'psc.jsonl'), args.pscLines, args.companies, 57);
    console.log(`generated ${args.pscLines.toLocaleString()} PSC lines (${mb(statSync(join(dir, 'psc.jsonl')).size)}) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    gen.close();
    const self = fileURLToPath(import.meta.url);
    const run = (name: string) => JSON.parse(execFileSync(process.execPath, [...process.execArgv, self, '--phase', name, '--dir', dir, '--threads', String(args.threads), '--memory-limit', args.memoryLimit], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!) as Record<string, number>;
    const companies = run('companies');
    console.log(`companies load: ${companies.rows!.toLocaleString()} rows in ${(companies.ms! / 1000).toFixed(1)} s, peak RSS ${mb(companies.max_rss!)} (target: under 120 s)`);
    const psc = run('psc');
    console.log(`PSC load: ${psc.rows!.toLocaleString()} lines in ${(psc.load_ms! / 1000).toFixed(1)} s; ownership chains for ${psc.chains!.toLocaleString()} companies, ${((psc.ms! - psc.load_ms!) / 1000).toFixed(1)} s; peak RSS ${mb(psc.max_rss!)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await (args.phase === 'all' ? all() : phase());
