/**
 * Child-process entry points, so each measured phase has its own peak RSS (DuckDB's native memory
 * included): `tsx src/child.ts reference <json>` and `tsx src/child.ts baseline <json>`. The result is
 * the last line of stdout, as JSON.
 */
import { buildReference } from '@cwb/reference';
import { runBaseline, type BaselineInput } from './baseline';

const [command, payload] = process.argv.slice(2);
const input = JSON.parse(payload ?? '{}') as Record<string, unknown>;
const peak = () => Math.round(process.resourceUsage().maxRSS / 1024);

if (command === 'reference') {
  const started = performance.now();
  const built = await buildReference({
    outDir: String(input.outDir),
    postcodeFiles: [String(input.onspdFile)],
    vintage: 'bench',
    ...(input.memoryLimit ? { memoryLimit: String(input.memoryLimit) } : {}),
    threads: Number(input.threads ?? 2),
  });
  process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - started) / 1000, postcodes: built.postcodes, path: built.path, peakRssMb: peak() })}\n`);
} else if (command === 'baseline') {
  const result = await runBaseline(input as unknown as BaselineInput);
  process.stdout.write(`${JSON.stringify({ ...result, peakRssMb: Math.max(result.peakRssMb, peak()) })}\n`);
} else {
  process.stderr.write(`usage: child.ts reference|baseline '<json>'\n`);
  process.exit(2);
}
