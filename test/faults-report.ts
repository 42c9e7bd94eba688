/**
 * Prints the fault suite's table (`pnpm test:faults`): one line per case recorded by the
 * fault tests in test/output/faults.jsonl (see recordFault in test/e2e/ops-fixtures.ts).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const path = fileURLToPath(new URL('./output/faults.jsonl', import.meta.url));
const text = await readFile(path, 'utf8').catch(() => '');
const cases = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, string | number | boolean>);
// the README's headings for the FaultFigures fields, in its order
const columns = {
  fault: 'fault',
  rows_in: 'rows in',
  loaded: 'loaded',
  quarantined: 'quarantined',
  skipped: 'skipped',
  lost: 'lost',
  snapshot_intact: 'last snapshot intact',
  rerun_exact: 'rerun exact',
  what_the_user_saw: 'what the user sees',
};
const cell = (value: string | number | boolean | undefined) =>
  typeof value === 'number' ? value.toLocaleString('en-GB') : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value ?? '').replace(/\|/g, '\\|');
console.log(`| ${Object.values(columns).join(' | ')} |`);
console.log(`|${Object.keys(columns).map(() => '---').join('|')}|`);
for (const c of cases) console.log(`| ${Object.keys(columns).map((k) => cell(c[k])).join(' | ')} |`);
if (cases.length === 0) {
  console.log('no fault case recorded (were the fault tests run?)');
  process.exitCode = 1;
}
