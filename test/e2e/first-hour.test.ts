import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { generatedSamplePath, samplePath } from '@cwb/sample-data';
import { withDatabase } from '@cwb/warehouse';

// A new user's first hour: a folder of exports from several publishers, no config, no mapping.
// `cwb init exports` writes the config, `cwb run` gives the indicators, both through the real bin.

const cwbBin = fileURLToPath(new URL('../../services/cli/bin/cwb.js', import.meta.url));
const exec = promisify(execFile);

/** The user's environment: no LOG_LEVEL and not under vitest, so the default output is what they see. */
function withoutLogLevel(): NodeJS.ProcessEnv {
  const { LOG_LEVEL: _unset, VITEST: _vitest, ...env } = process.env;
  return env;
}

async function cwb(cwd: string, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [cwbBin, ...args], { cwd, env: { ...withoutLogLevel(), REDIS_URL: inject('redisUrl') }, maxBuffer: 16 * 2 ** 20 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** The exports, as a user would lay them out: some in the folder, some in a folder per anchor. */
const exportsLaidOut = [
  { from: samplePath('spending/local_authority/calderdale_2022-08_odileeds_clean.csv'), to: 'calderdale_2022-08_odileeds_clean.csv', amount: 'Net Amount', date: 'Date', encoding: 'utf-8' },
  { from: samplePath('spending/local_authority/leeds_2020-06_windows1252.csv'), to: 'leeds_2020-06_windows1252.csv', amount: 'Amount', date: 'Payment Date', encoding: 'latin-1' },
  { from: samplePath('spending/local_authority/leeds_2013-12.csv'), to: 'leeds_2013-12.csv', amount: 'NetAmount', date: 'DatePaid', encoding: 'utf-8' },
  { from: samplePath('spending/nhs/nhs_barking_dagenham_ccg_2020-07_supplier_postcodes.csv'), to: 'barking/july.csv', amount: 'amount', date: 'Date', encoding: 'utf-8' },
  // Generated (labelled so in the repo): the one ledger whose supplier postcodes the bundled
  // postcode files cover, so the located share can be above 0 without the whole ONSPD.
  { from: generatedSamplePath('sunderland_demo_ledger_GENERATED.csv'), to: 'sunderland/2021-22.csv', amount: 'amount', date: 'Date', encoding: 'utf-8' },
] as const;

/** Pence in a file, summed by DuckDB's own CSV reader over rows with a date (no cwb code involved). */
async function penceInFile(file: string, amount: string, date: string, encoding: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
    const reader = await connection.runAndReadAll(
      `select sum(round(try_cast(regexp_replace(trim("${amount}"), '[£,\\s]', '', 'g') as decimal(18, 2)) * 100))::bigint as pence
       from read_csv(${q(file)}, header = true, all_varchar = true, encoding = ${q(encoding)}, strict_mode = false)
       where trim(coalesce("${date}", '')) <> ''`,
    );
    return Number(reader.getRowObjectsJS()[0]?.pence ?? 0);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

let dir: string;
let init: Awaited<ReturnType<typeof cwb>>;
let config: { allow_paths_outside_config?: string[]; anchors: { id: string; name: string; type: string; home: { lad_codes: string[] }; sources: { path: string }[] }[]; partnerships: { anchors: string[] }[] };
let configText: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cwb-first-hour-'));
  for (const file of exportsLaidOut) {
    await mkdir(join(dir, 'exports', file.to, '..'), { recursive: true });
    await copyFile(file.from, join(dir, 'exports', file.to));
  }
  // Not payments: a register extract saved in the same folder.
  await writeFile(join(dir, 'exports', 'companies.csv'), 'CompanyName,CompanyNumber,RegAddress.PostCode\nACME LTD,01234567,SR1 1AA\n');
  init = await cwb(dir, 'init', 'exports');
  configText = await readFile(join(dir, 'cwb.config.yaml'), 'utf8');
  config = parseYaml(configText);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cwb init then cwb run on a folder of exports (end to end)', () => {
  it('init groups the files into anchors, guesses each type and home area with evidence, and leaves out what is not payments', () => {
    expect(init.code).toBe(0);
    const byHome = Object.fromEntries(config.anchors.map((a) => [a.home.lad_codes[0], a]));
    expect(Object.keys(byHome).sort()).toEqual(['E08000024', 'E08000033', 'E08000035', 'E09000002']);
    expect(byHome.E08000035).toMatchObject({ name: 'Leeds City Council', type: 'council' });
    expect(byHome.E08000035?.sources).toHaveLength(2);
    expect(byHome.E09000002).toMatchObject({ type: 'nhs_ccg' });
    expect(byHome.E09000002?.sources).toEqual([{ path: 'exports/barking/**/*.csv' }]);
    expect(byHome.E08000033).toMatchObject({ type: 'council' });
    expect(config.partnerships[0]?.anchors).toHaveLength(4);
    expect(configText).toMatch(/# 2 file\(s\), grouped by the "BodyName" column; type: "council" in the name; home: "Leeds" in "Leeds City Council"/);
    expect(configText).toMatch(/# {3}exports\/companies\.csv: .*payments/);
    // the bundled reference is outside the config's folder: init allows exactly its folders, by name
    expect(config.allow_paths_outside_config?.map((p) => resolve(dir, p))).toEqual([samplePath('geography'), samplePath('deprivation')]);
  });

  it('init never overwrites a config without --force', async () => {
    const again = await cwb(dir, 'init', 'exports');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists: pass --force/);
  });

  it('run loads every file, locates some spend and holds the totals the files hold', async () => {
    const run = await cwb(dir, 'run');
    expect(run.stderr).not.toMatch(/"level":/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/files: 5 loaded, 0 refused with a reason, 0 failed; supplier location known for [1-9]\d*\.\d% of spend/);
    const snapshot = join(dir, '.cwb', 'published', 'cwb.duckdb');
    expect(run.stdout).toContain(snapshot);
    const totals = await withDatabase(snapshot, { mode: 'read_only' }, (w) =>
      w.all<{ anchor_id: string; pence: bigint }>(`select anchor_id, sum(amount_pence)::bigint as pence from raw.ap_transactions group by 1`),
    );
    const actual = Object.fromEntries(totals.map((t) => [t.anchor_id, Number(t.pence)]));
    const expected: Record<string, number> = {};
    for (const file of exportsLaidOut) {
      const anchor = config.anchors.find((a) => a.sources.some((s) => s.path === `exports/${file.to}` || (file.to.includes('/') && s.path.startsWith(`exports/${file.to.split('/')[0]}/`))));
      expect(anchor, file.to).toBeDefined();
      expected[anchor!.id] = (expected[anchor!.id] ?? 0) + (await penceInFile(join(dir, 'exports', file.to), file.amount, file.date, file.encoding));
    }
    expect(actual).toEqual(expected);
    const [located] = await withDatabase(snapshot, { mode: 'read_only' }, (w) =>
      w.all<{ share: number }>(`select sum(spend_gbp) filter (where location_band <> 'unknown_location') / sum(spend_gbp) as share from metrics.local_spend_by_financial_year`),
    );
    expect(Number(located?.share)).toBeGreaterThan(0);
  });
});
