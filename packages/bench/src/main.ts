/**
 * `pnpm --filter @cwb/bench bench -- --scale small|medium|large [--seed N] [--reps N]
 *   [--extract-processes N] [--profile] [--keep] [--no-write]`
 *
 * Generates seeded data, runs the full pipeline (separate worker processes) and the DuckDB-only
 * baseline on the same files, interleaved, then an incremental refresh after one file changed;
 * prints a table and writes results/<date>-<scale>.json. Exits non-zero when the pipeline and the
 * baseline disagree or a row is lost.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { formatReport } from './report';
import { runBench } from './run-bench';
import { scaleSchema, scales } from './scales';

const argsSchema = z.object({
  scale: scaleSchema.default('small'),
  seed: z.coerce.number().int().default(20240501),
  reps: z.coerce.number().int().positive().optional(),
  extractProcesses: z.coerce.number().int().positive().default(2),
  profile: z.coerce.boolean().default(false),
  keep: z.coerce.boolean().default(false),
  write: z.coerce.boolean().default(true),
  workDir: z.string().optional(),
  /** Also time one full refresh with the other number of extract processes (1 against 2); default: at medium and large. */
  scaling: z.coerce.boolean().optional(),
});

function parseArgs(argv: string[]): z.infer<typeof argsSchema> {
  const raw: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    if (arg.startsWith('--no-')) {
      raw[arg.slice(5).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = false;
      continue;
    }
    const key = arg.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) raw[key] = true;
    else {
      raw[key] = next;
      i++;
    }
  }
  // The last --scale wins, so `pnpm bench -- --scale medium` overrides the script's default.
  return argsSchema.parse(raw);
}

const args = parseArgs(process.argv.slice(2));
const scale = scales[args.scale];
const report = await runBench({
  scale,
  seed: args.seed,
  ...(args.reps ? { reps: args.reps } : {}),
  extractProcesses: args.extractProcesses,
  profile: args.profile,
  keep: args.keep,
  scaling: args.scaling ?? scale.name !== 'small',
  ...(args.workDir ? { workDir: args.workDir } : {}),
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(formatReport(report));
if (args.write) {
  const dir = fileURLToPath(new URL('../results', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${report.date.slice(0, 10)}-${scale.name}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nresults: ${file}\n`);
}
if (!report.correctness.rowsBalanced || !report.correctness.pipelineVsBaseline.equal || !report.correctness.pipelineVsTruth.equal) {
  process.stderr.write('bench self-check FAILED: see correctness above\n');
  process.exit(1);
}
