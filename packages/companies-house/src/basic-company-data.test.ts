import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { samplePath } from '@cwb/sample-data';
import { loadBasicCompanyData } from './basic-company-data';
import { writeGeneratedBasicCompanyData } from './generated-company-data';
import { openRegisters, type RegistersDatabase } from './registers-database';

const SAMPLE = samplePath('companies_house/basic_company_data_2021-01_head31.csv');
const folder = await mkdtemp(join(tmpdir(), 'cwb-bcd-'));
afterAll(() => rm(folder, { recursive: true, force: true }));
let db: RegistersDatabase;
beforeEach(async () => { db = await openRegisters(':memory:', { mode: 'read_write' }); });
afterEach(() => db.close());
const rows = async (sql: string) => (await db.conn.runAndReadAll(sql)).getRowObjectsJS();

describe('loadBasicCompanyData on the real 31-row sample', () => {
  it('loads every row with trimmed names, escaped quotes, prefixes, dates and previous names', async () => {
    expect(await loadBasicCompanyData(db.conn, [SAMPLE])).toBe(31);
    const byNumber = Object.fromEntries((await rows('SELECT * FROM organisations')).map((r) => [r.number, r]));
    expect(byNumber['04494986']).toMatchObject({ org_id: 'GB-COH-04494986', name: '"A" CERAMICS LIMITED', postcode: 'OL2 7DD', accounts_category: 'TOTAL EXEMPTION FULL' });
    expect(byNumber['03811958']?.name).toBe('"1 C O LIMITED"');
    expect(byNumber.FC031362).toMatchObject({ name: '!OBAC LIMITED', org_type: 'Other company type', postcode: 'GY1 1EW' });
    expect(byNumber.CE000952).toMatchObject({ org_type: 'Charitable Incorporated Organisation', postcode: null });
    expect(byNumber.SC606050?.scheme).toBe('GB-COH');
    expect((byNumber['12778855']?.incorporated_on as Date).toISOString().slice(0, 10)).toBe('2020-07-29');
    expect(byNumber['11743365']?.sic_codes).toHaveLength(4);
    const previous = await rows(`SELECT org_id, name FROM organisation_names WHERE NOT is_current ORDER BY org_id`);
    expect(previous).toEqual([
      { org_id: 'GB-COH-05651002', name: 'MAYCROSS DEVELOPMENTS LIMITED' },
      { org_id: 'GB-COH-07687209', name: '!OBAC FITTINGS LIMITED' },
      { org_id: 'GB-COH-10694769', name: 'MAZ A&T SERVICES LIMITED' },
      { org_id: 'GB-COH-11191833', name: '"ALLWELL" NATURAL HEALTH LTD' },
    ]);
  });

  it('replaces the bulk rows on reload instead of duplicating them', async () => {
    await loadBasicCompanyData(db.conn, [SAMPLE]);
    await loadBasicCompanyData(db.conn, [SAMPLE]);
    expect(await rows('SELECT count(*) AS n FROM organisations')).toEqual([{ n: 31n }]);
  });
});

describe('loadBasicCompanyData rejections', () => {
  it('names the header column that differs', async () => {
    const bad = join(folder, 'bad-header.csv');
    const text = await readFile(SAMPLE, 'utf8');
    await writeFile(bad, text.replace(' CompanyNumber', 'CompanyNo'));
    await expect(loadBasicCompanyData(db.conn, [bad])).rejects.toThrow(/bad-header\.csv:1: header column 2 is "CompanyNo", expected "CompanyNumber"/);
  });

  it('refuses the same file twice (a duplicated company number) and says how to fix it', async () => {
    await expect(loadBasicCompanyData(db.conn, [SAMPLE, SAMPLE])).rejects.toThrow(/31 company number\(s\) appear more than once.*Fix: pass each part of the split once/);
  });

  it('refuses a company number that is not a Companies House number', async () => {
    const bad = join(folder, 'bad-number.csv');
    await writeFile(bad, (await readFile(SAMPLE, 'utf8')).replace('"12778855"', '"12-778"'));
    await expect(loadBasicCompanyData(db.conn, [bad])).rejects.toThrow(/1 row\(s\) have a company number that is not 8 digits.*"12-778"/);
  });

  it('keeps the rows of the load before whole when a reload is refused', async () => {
    await loadBasicCompanyData(db.conn, [SAMPLE]);
    await expect(loadBasicCompanyData(db.conn, [SAMPLE, SAMPLE])).rejects.toThrow(/appear more than once/);
    expect(await rows(`SELECT count(*) AS n, count(DISTINCT source_file) AS files FROM organisations`)).toEqual([{ n: 31n, files: 1n }]);
    expect(await rows(`SELECT count(*) AS n FROM organisation_names WHERE NOT is_current`)).toEqual([{ n: 4n }]);
    expect(await rows(`SELECT kind, rows FROM register_inputs`)).toEqual([{ kind: 'companies', rows: 31n }]);
  });
});

describe('the registers database opened read-write', () => {
  it('loads under the loader\'s DuckDB limits, spilling beside the file, without keeping insertion order', async () => {
    const path = join(folder, 'limits.duckdb');
    const opened = await openRegisters(path, { mode: 'read_write' });
    try {
      const [settings] = (await opened.conn.runAndReadAll(`SELECT current_setting('memory_limit') AS memory, current_setting('threads') AS threads,
        current_setting('temp_directory') AS spill, current_setting('preserve_insertion_order') AS ordered`)).getRowObjectsJS();
      expect(settings).toEqual({ memory: '366.2 MiB', threads: 2n, spill: `${path}.tmp`, ordered: false });
    } finally {
      opened.close();
    }
    const wider = await openRegisters(path, { mode: 'read_write', memoryLimit: '1GB', threads: 1 });
    try {
      expect((await wider.conn.runAndReadAll(`SELECT current_setting('memory_limit') AS memory`)).getRowObjectsJS()).toEqual([{ memory: '953.6 MiB' }]);
    } finally {
      wider.close();
    }
  });
});

describe('generated BasicCompanyData', () => {
  it('writes a multi-part split in the official format that the loader reads back', async () => {
    const files = await writeGeneratedBasicCompanyData(db.conn, join(folder, 'gen.csv'), { companies: 5000, seed: 4, parts: 3 });
    expect(files).toHaveLength(3);
    expect((await readFile(files[1]!, 'utf8')).startsWith('CompanyName, CompanyNumber,')).toBe(true);
    expect(await loadBasicCompanyData(db.conn, [SAMPLE, ...files])).toBe(5031);
    const prefixes = await rows(`SELECT DISTINCT left(number, 2) AS p FROM organisations WHERE regexp_matches(number, '^[A-Z]') ORDER BY p`);
    expect(prefixes.map((r) => r.p)).toEqual(expect.arrayContaining(['CE', 'FC', 'IP', 'NC', 'NI', 'OC', 'RS', 'SC', 'SO']));
    expect(await rows(`SELECT count(*) AS n FROM organisations WHERE name LIKE '"%'`)).not.toEqual([{ n: 0n }]);
  });
});
