/**
 * Reference bench: generates a seeded ONSPD-format CSV (default 2.7 million rows, real column
 * names, ~25% terminated, ~1% no grid), then in separate child processes (so each peak RSS is
 * that phase's alone, DuckDB's native memory included) times the load and measures lookups.
 *
 *   pnpm --filter @cwb/reference bench                 # full size
 *   pnpm --filter @cwb/reference bench -- --rows 100000
 *
 * Targets (issue 4): load under 30 s and under 1 GB peak RSS on a 2-core machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loaderDuckdbSettings } from '@cwb/config';
import { ReferenceReader, buildReference } from '../src/index';
import { generateOnspdCsv, generatedPostcode } from './onspd-generator';

const argsSchema = z.object({
  rows: z.coerce.number().int().positive().default(2_700_000),
  seed: z.coerce.number().int().default(20211101),
  phase: z.enum(['all', 'load', 'lookup']).default('all'),
  file: z.string().optional(),
  out: z.string().optional(),
  memoryLimit: z.string().default(loaderDuckdbSettings().memoryLimit),
  threads: z.coerce.number().int().positive().default(2),
  keep: z.coerce.boolean().default(false),
});

function parseArgs(argv: string[]): z.infer<typeof argsSchema> {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}" (options: --rows N --seed N --memory-limit 384MB --threads 2 --keep)`);
    const key = arg.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) raw[key] = 'true';
    else {
      raw[key] = next;
      i++;
    }
  }
  return argsSchema.parse(raw);
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function loadPhase(args: z.infer<typeof argsSchema>): Promise<void> {
  const started = performance.now();
  const built = await buildReference({
    outDir: args.out as string,
    postcodeFiles: [args.file as string],
    vintage: 'bench',
    memoryLimit: args.memoryLimit,
    threads: args.threads,
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ seconds, peakRssMb: peakRssMb(), postcodes: built.postcodes, path: built.path, dbBytes: statSync(built.path).size })}\n`);
}

async function lookupPhase(args: z.infer<typeof argsSchema>): Promise<void> {
  const reader = await ReferenceReader.open(args.file as string);
  let state = args.seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = (n: number) => Array.from({ length: n }, () => generatedPostcode(Math.floor(random() * args.rows)).replace(' ', random() < 0.5 ? '' : ' '));
  await reader.locate(pick(100)); // warm up
  const measure = async (batch: number, batches: number) => {
    let found = 0;
    const t = performance.now();
    let asked = 0;
    for (let b = 0; b < batches; b++) {
      const inputs = pick(batch);
      asked += new Set(inputs).size;
      found += (await reader.locate(inputs)).size;
    }
    const seconds = (performance.now() - t) / 1000;
    return { perSecond: Math.round((batch * batches) / seconds), found, asked };
  };
  const batched = await measure(10_000, 10);
  const single = await measure(1, 300);
  reader.close();
  process.stdout.write(`${JSON.stringify({ batched, single, peakRssMb: peakRssMb() })}\n`);
}

function child(args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop() as string) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.phase === 'load') return loadPhase(args);
  if (args.phase === 'lookup') return lookupPhase(args);

  const dir = mkdtempSync(join(tmpdir(), 'cwb-reference-bench-'));
  const csv = join(dir, 'ONSPD_BENCH_UK.csv');
  const common = ['--rows', String(args.rows), '--seed', String(args.seed)];
  try {
    process.stderr.write(`generating ${args.rows.toLocaleString('en-GB')} ONSPD-format rows (seed ${args.seed}) …\n`);
    const g = performance.now();
    await generateOnspdCsv(csv, args.rows, args.seed);
    const genSeconds = (performance.now() - g) / 1000;
    const csvMb = statSync(csv).size / 2 ** 20;
    process.stderr.write(`loading (memory_limit ${args.memoryLimit}, ${args.threads} threads) …\n`);
    const load = child(['--phase', 'load', '--file', csv, '--out', join(dir, 'reference'), '--memory-limit', args.memoryLimit, '--threads', String(args.threads), ...common]);
    process.stderr.write('looking up …\n');
    const lookup = child(['--phase', 'lookup', '--file', String(load.path), ...common]) as {
      batched: { perSecond: number; found: number; asked: number };
      single: { perSecond: number };
      peakRssMb: number;
    };
    const rows: [string, string, string][] = [
      ['rows generated', args.rows.toLocaleString('en-GB'), `${csvMb.toFixed(0)} MB CSV in ${genSeconds.toFixed(1)} s`],
      ['load time', `${Number(load.seconds).toFixed(1)} s`, Number(load.seconds) < 30 ? 'target < 30 s: met' : 'target < 30 s: MISSED'],
      ['load peak RSS', `${String(load.peakRssMb)} MB`, Number(load.peakRssMb) < 1024 ? 'target < 1 GB: met' : 'target < 1 GB: MISSED'],
      ['postcodes loaded', Number(load.postcodes).toLocaleString('en-GB'), `${(Number(load.dbBytes) / 2 ** 20).toFixed(0)} MB database`],
      ['lookups/s (10k batches)', lookup.batched.perSecond.toLocaleString('en-GB'), `${lookup.batched.found}/${lookup.batched.asked} found`],
      ['lookups/s (one at a time)', lookup.single.perSecond.toLocaleString('en-GB'), 'one query per call; batch in production'],
      ['lookup peak RSS', `${lookup.peakRssMb} MB`, ''],
    ];
    const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
    process.stdout.write(`\nreference bench (${args.threads} threads, memory_limit ${args.memoryLimit})\n`);
    for (const r of rows) process.stdout.write(`  ${r[0].padEnd(w[0] ?? 0)}  ${r[1].padStart(w[1] ?? 0)}  ${r[2]}\n`);
    if (lookup.batched.found !== lookup.batched.asked) throw new Error('bench self-check failed: some generated postcodes were not found');
  } finally {
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`kept ${dir}\n`);
  }
}

await main();
