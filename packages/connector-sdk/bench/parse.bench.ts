/**
 * Parse-and-validate throughput and peak memory of the streaming AP reader.
 *
 *   pnpm --filter @cwb/connector-sdk bench                 # 100 MB, 500 MB, 1 GB
 *   pnpm --filter @cwb/connector-sdk bench -- --size-mb 50 # one small run
 *   ... -- --layout mapped|inferred|both                    # default both
 *
 * `mapped` reads with a shipped-style mapping; `inferred` with no mapping, so the column roles
 * are inferred from the header and a sample of values (the path a new publisher's file takes).
 * The inference runs once per file on the head; per-row cost should be the same.
 *
 * Generates (seeded) a CSV in the central-government/NHS "spend over £25k" layout with supplier
 * postcodes and the usual quirks (quoted thousands, negatives, redaction, NBSP, quoted newlines,
 * a bad row every 10,000), grows it to each size, reads it with the same code the
 * connectors use (decode, CSV, mapping, value parsing, zod validation of every row), then deletes it.
 * One Node process = one core for parsing. RSS is sampled every 50 ms during each read.
 */
import { appendFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvRecordSource } from '../src/csv/csv-record-source';
import { parseMapping } from '../src/mapping/mapping-files';
import { readApRecords } from '../src/tabular/read-ap-records';

const HEADER = 'Department Family,Entity,Date,Expense Type,Expense Area,Supplier,Transaction Number,amount,Description,Supplier Postcode\r\n';
const SUPPLIERS = ['KCOM GROUP PLC', 'NHS REDBRIDGE CCG', 'Bywest Ltd', 'Opcare Ltd', 'ESSEX EMERGENCY AMBULANCE HIRE LTD', 'Care Providers Ltd', 'REDACTED PERSONAL DATA', 'Fylde Coast Women¿s Aid', 'Hall Plant Hire Limited\u00a0'];
const POSTCODES = ['HU1 3RE', 'IG117RS', 'E9 6SR', 'WF3 1WE', 'RM9 6EA', 'SW10 9NH'];
const TYPES = ['C&M-GMS IT Comm Servs -GP Practices', 'Basic Sal-Rechgs to-from Other NHS', 'Agency Nurse - Band 5', 'Drugs'];
const AREAS = ['PRIMARY CARE IT', 'SAFEGUARDING', 'Service Planning & Reform', 'BALANCE SHEET'];

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

let rowNumber = 0;
function makeRows(random: () => number, targetBytes: number): string {
  const parts: string[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    rowNumber += 1;
    const pence = Math.floor(random() * 100_000_000);
    const negative = random() < 0.03 ? '-' : '';
    const pounds = Math.floor(pence / 100).toLocaleString('en-GB');
    const amount = rowNumber % 10_000 === 0 ? 'n/a' : `${negative}${pounds}.${String(pence % 100).padStart(2, '0')}`;
    const day = 1 + Math.floor(random() * 28);
    const description = random() < 0.01 ? '"Top up,\nsee PO 628001349"' : `Invoice ${rowNumber}`;
    const line = `Department of Health,NHS Example CCG,${day}/07/2020,${pick(random, TYPES)},${pick(random, AREAS)},${pick(random, SUPPLIERS)},${30_000_000 + rowNumber},"${amount}",${description},${pick(random, POSTCODES)}\r\n`;
    parts.push(line);
    bytes += Buffer.byteLength(line);
  }
  return parts.join('');
}

const mapping = parseMapping(
  {
    name: 'bench-central-government-25k',
    description: 'central-government £25k layout with supplier postcodes (bench copy)',
    columns: {
      payment_date: 'Date',
      amount: 'Amount',
      supplier_name: 'Supplier',
      transaction_ref: 'Transaction Number',
      expense_type: 'Expense Type',
      expense_area: 'Expense Area',
      description: 'Description',
      supplier_postcode: 'Supplier Postcode',
    },
    parse: { date_order: 'dmy' },
  },
  'bench mapping',
);

async function measure(path: string, mappings: readonly ReturnType<typeof parseMapping>[]) {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let rows = 0;
  let quarantined = 0;
  let skipped = 0;
  try {
    const source = new CsvRecordSource(path);
    for await (const batch of readApRecords(source, { mappings, on_bad_row: 'quarantine', batch_size: 5000 }, { load_id: 'bench', anchor_id: 'bench', source_file: path })) {
      rows += batch.rows.length;
      quarantined += batch.quarantined.length;
      skipped += batch.skipped.length;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return { rows, quarantined, skipped, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakMb: peak / 2 ** 20 };
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

async function main(): Promise<void> {
  const single = argument('--size-mb');
  const sizes = single ? [Number(single)] : (argument('--sizes') ?? '100,500,1000').split(',').map(Number);
  if (sizes.some((size) => !Number.isFinite(size) || size <= 0)) throw new Error('--size-mb / --sizes take positive numbers of MB');
  const layoutArgument = argument('--layout') ?? 'both';
  if (!['mapped', 'inferred', 'both'].includes(layoutArgument)) throw new Error('--layout takes mapped, inferred or both');
  const layouts = layoutArgument === 'both' ? ['mapped', 'inferred'] : [layoutArgument];
  const folder = await mkdtemp(join(tmpdir(), 'cwb-bench-'));
  const path = join(folder, 'spend.csv');
  const random = mulberry32(20240501);
  const results: string[] = [];
  try {
    await writeFile(path, HEADER);
    for (const size of sizes.sort((a, b) => a - b)) {
      const target = size * 2 ** 20;
      let current = (await stat(path)).size;
      while (current < target) {
        await appendFile(path, makeRows(random, Math.min(4 * 2 ** 20, target - current)));
        current = (await stat(path)).size;
      }
      for (const layout of layouts) {
      const result = await measure(path, layout === 'mapped' ? [mapping] : []);
      const row = [
        layout.padStart(8),
        `${(current / 2 ** 20).toFixed(0)} MB`.padStart(8),
        String(result.rows + result.quarantined + result.skipped).padStart(10),
        String(result.quarantined).padStart(6),
        result.seconds.toFixed(1).padStart(7),
        Math.round((result.rows + result.quarantined) / result.cpuSeconds).toLocaleString('en-GB').padStart(10),
        (current / 2 ** 20 / result.seconds).toFixed(1).padStart(7),
        result.peakMb.toFixed(0).padStart(8),
      ].join(' |');
      results.push(row);
      process.stdout.write(`${row}\n`);
      }
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  process.stdout.write(
    [
      '',
      'parse-and-validate (decode, CSV, mapping, values, zod), one core:',
      '  layout |    file |  records | quar. | wall s | rows/cpu-s |   MB/s | peak RSS MB',
      ...results,
      `(process max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; file deleted)`,
      '',
    ].join('\n'),
  );
}

await main();
