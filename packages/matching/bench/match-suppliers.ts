/**
 * The matching half of the throughput bench, in its own process so that its time and peak RSS
 * are the matcher's alone (as the enrich stage runs it: the registers database opened
 * read-only, batches of MATCH_BATCH_SIZE distinct suppliers), not the register load's.
 *
 *   tsx bench/match-suppliers.ts <registers.duckdb> <suppliers.json> [threads] [memory limit]
 *
 * Prints one JSON line: suppliers, ms (wall), cpu_ms (user + system, all threads: steadier than
 * the wall time on a shared machine), methods, peak_rss_mb.
 */
import { readFile } from 'node:fs/promises';
import { openRegisters } from '@cwb/companies-house';
import { MATCH_BATCH_SIZE, SupplierMatcher, type SupplierInput } from '../src/index';

const [registers, suppliersFile, threads = '2', memoryLimit = '1GB'] = process.argv.slice(2);
if (!registers || !suppliersFile) throw new Error('usage: match-suppliers.ts <registers.duckdb> <suppliers.json> [threads] [memory limit]');
const suppliers = JSON.parse(await readFile(suppliersFile, 'utf8')) as SupplierInput[];
const db = await openRegisters(registers, { mode: 'read_only', threads: Number(threads), memoryLimit });
try {
  const matcher = new SupplierMatcher(db.conn);
  const started = Date.now();
  const cpuBefore = process.cpuUsage();
  const methods: Record<string, number> = {};
  for (let i = 0; i < suppliers.length; i += MATCH_BATCH_SIZE) {
    for (const r of await matcher.matchBatch(suppliers.slice(i, i + MATCH_BATCH_SIZE))) methods[r.method] = (methods[r.method] ?? 0) + 1;
  }
  const ms = Date.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  console.log(JSON.stringify({ suppliers: suppliers.length, ms, cpu_ms: Math.round((cpu.user + cpu.system) / 1000), methods, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }));
} finally {
  db.close();
}
