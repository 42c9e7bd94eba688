/**
 * Prints the fault suite's table (`pnpm test:faults`): one line per case recorded by the
 * fault tests in test/output/faults.jsonl (see recordFault in test/e2e/ops-fixtures.ts).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const path = fileURLToPath(new URL('./output/faults.jsonl', import.meta.url));
const text = await readFile(path, 'utf8').catch(() => '');
const cases = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, string | number | boolean>);
const columns = ['fault', 'rows_in', 'loaded', 'quarantined', 'skipped', 'lost', 'snapshot_intact', 'rerun_exact', 'what_the_user_saw'];
console.log(`| ${columns.join(' | ')} |`);
console.log(`|${columns.map(() => '---').join('|')}|`);
for (const c of cases) console.log(`| ${columns.map((k) => (typeof c[k] === 'number' ? (c[k] as number).toLocaleString('en-GB') : String(c[k] ?? ''))).join(' | ')} |`);
if (cases.length === 0) {
  console.log('no fault case recorded (were the fault tests run?)');
  process.exitCode = 1;
}
