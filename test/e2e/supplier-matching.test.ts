import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parseConfig, dataPaths, loadConfig, type LoadedConfig } from '@cwb/config';
import { runRefreshLocally } from '@cwb/cli/local-run';
import { openRedis } from '@cwb/queue';
import { samplePath } from '@cwb/sample-data';
import { withDatabase } from '@cwb/warehouse';
import { runCwb } from './ops-fixtures';
import { writeFixtureRegisters } from './registers-fixture';

// Issue 9, deliverable 5: a refresh matches each file's distinct suppliers to the registers
// (identifiers, exact name, abstaining otherwise), the warehouse's supplier classification and
// registered-office location use the matches, and a second refresh of the same files takes
// every supplier from the cache (the matcher is not asked again).

let dir: string;
let overridesDir: string;
let reviewDir: string;
const prefix = `cwb-e2e-match-${randomBytes(4).toString('hex')}`;
const overridesPrefix = `cwb-e2e-overrides-${randomBytes(4).toString('hex')}`;
const reviewPrefix = `cwb-e2e-review-${randomBytes(4).toString('hex')}`;
afterAll(async () => {
  for (const d of [dir, overridesDir, reviewDir]) if (d) await rm(d, { recursive: true, force: true });
  if (process.env.REDIS_URL) {
    for (const p of [prefix, overridesPrefix, reviewPrefix]) {
      const redis = openRedis({ redisUrl: process.env.REDIS_URL, prefix: p });
      const keys = await redis.keys(`${p}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  }
});

const header =
  "Body,Organisation Name,Date,Internal Ref Number,Invoice Number,Net Amount,Irrecoverable VAT,Supplier(Beneficiary) Name,Supplier Registered Company Number,Supplier Registered Charity Number,Supplier ID,VAT Registration Number,Expense Area,Procurement Classification: Council's Procurement Category Name,Expense Code,BVACOP,Proclass,Extended Description,Source,Subsource,Definition,Purpose of Spend (Summary),Voluntary Community and Social Enterprise Supplier";

/** A ledger line in Calderdale's published layout (no supplier postcode column). */
function line(ref: number, amount: string, name: string, companyNumber = '', supplierId = ''): string {
  return ['', 'Test Council', '2022-08-17', String(ref), 'INV', amount, 'N/A', name, companyNumber, '', supplierId, '', 'Highways', 'Private Contractors', '1', '', '', '', '', '', '', 'Works', ''].join(',');
}

describe('supplier matching in a refresh', () => {
  it('matches distinct suppliers, classifies and locates them by registered office, and caches the matches across runs', async () => {
    process.env.REDIS_URL = inject('redisUrl');
    dir = await mkdtemp(join(tmpdir(), 'cwb-e2e-match-'));
    const paths = dataPaths(join(dir, '.cwb'));

    // The registers: 31 real BasicCompanyData rows, plus a small labelled fixture register
    // (hand-written, not real organisations) at real Sunderland and Durham postcodes.
    await writeFixtureRegisters(paths.registersPath, join(dir, 'fixture-register.csv'), [
      'GB-COH,99000001,WEARSIDE JOINERY LIMITED,SR3 2SH,Private Limited Company,Active',
      'GB-CHC,1190001,SUNDERLAND YOUTH ARTS TRUST,SR7 7UG,Charity,Registered',
    ], { basicCompanyData: true });

    await writeFile(
      join(dir, 'ledger.csv'),
      [
        header,
        line(1, '1000.00', 'Wearside Joinery Ltd'), // exact name, no postcode in the ledger
        line(2, '250.00', 'WEARSIDE JOINERY LIMITED'), // the same supplier key, another spelling
        line(3, '500.00', 'Nspired Ltd', 'SC421617'), // company number (a real register row)
        line(4, '300.00', 'Sunderland Youth Arts Trust'), // exact name, a charity
        line(5, '200.00', 'Zyxwv Quux Consulting Ltd'), // on no register
        line(6, '50.00', 'Mr J Smith'), // a person: not an organisation
      ].join('\n') + '\n',
    );
    const config = parseConfig(
      `reference:
  postcodes: [${samplePath('geography/nspl_nov2021_SR_postcode_area_sunderland.csv')}]
anchors:
  - id: test-council
    name: Test Council
    type: council
    home: { name: Sunderland, lad_codes: [E08000024] }
    sources:
      - path: ledger.csv
`,
      'cwb.config.yaml',
    );
    const loaded: LoadedConfig = { config, configPath: join(dir, 'cwb.config.yaml'), configDir: dir, paths };

    const first = await runRefreshLocally(loaded, { prefix });
    expect(first.files_loaded).toBe(1);
    expect(first.enrich).toHaveLength(1);
    expect(first.enrich[0]?.matching).toMatchObject({ suppliers: 5, matched: 3, cache_hits: 0, cache_misses: 5 });

    type Supplier = { supplier_key: string; org_id: string | null; is_matched: boolean; match_method: string | null; match_probability: number | null; organisation_type: string | null; size_band: string | null; location_method: string | null; lad_code: string | null };
    const suppliersOf = (snapshot: string) =>
      withDatabase(snapshot, { mode: 'read_only' }, (w) =>
        w.all<Supplier>(
          `select supplier_key, org_id, is_matched, match_method, match_probability, organisation_type, size_band, location_method, lad_code
           from marts.dim_suppliers order by supplier_key`,
        ),
      );
    const suppliers = await suppliersOf(first.snapshot_path);
    const by = new Map(suppliers.map((s) => [s.supplier_key, s]));
    expect(suppliers).toHaveLength(5);
    expect(by.get('name:WEARSIDE JOINERY')).toMatchObject({
      org_id: 'GB-COH-99000001', is_matched: true, match_method: 'exact_name', organisation_type: 'private', location_method: 'registered_office', lad_code: 'E08000024',
    });
    expect(by.get('GB-COH-SC421617')).toMatchObject({ org_id: 'GB-COH-SC421617', is_matched: true, match_method: 'company_number', organisation_type: 'private', size_band: 'small' });
    expect(by.get('name:SUNDERLAND YOUTH ARTS TRUST')).toMatchObject({
      org_id: 'GB-CHC-1190001', is_matched: true, match_method: 'exact_name', organisation_type: 'vcse', location_method: 'registered_office', lad_code: 'E06000047',
    });
    expect(by.get('name:ZYXWV QUUX CONSULTING')).toMatchObject({ org_id: null, is_matched: false, match_method: null, location_method: null });
    // The Fellegi–Sunter probability is kept for name matches, not for identifier matches.
    expect(by.get('name:WEARSIDE JOINERY')?.match_probability).toBeGreaterThan(0.9);
    expect(by.get('GB-COH-SC421617')?.match_probability).toBeNull();
    expect(by.get('name:MR J SMITH')).toMatchObject({ org_id: null, is_matched: false });

    // Payments without a supplier postcode, matched to a company: the registered office locates them.
    const payments = await withDatabase(first.snapshot_path, { mode: 'read_only' }, (w) =>
      w.all<{ source_line: number; location_method: string | null; location_band: string; is_vcse: boolean | null }>(
        'select source_line, location_method, location_band, is_vcse from marts.fct_ap_payments order by source_line',
      ),
    );
    expect(payments.map((p) => [p.source_line, p.location_method, p.location_band === 'unknown' ? 'unknown' : p.location_band === 'home' ? 'home' : 'outside'])).toEqual([
      [2, 'registered_office', 'home'],
      [3, 'registered_office', 'home'],
      [4, null, 'unknown'], // registered office in Aberdeen: not in this test's (Sunderland) reference
      [5, 'registered_office', 'outside'], // County Durham
      [6, null, 'unknown'],
      [7, null, 'unknown'],
    ]);
    expect(payments.find((p) => p.source_line === 5)?.is_vcse).toBe(true);

    // The cache holds no ledger names (sole traders' names are personal data).
    const redis = openRedis({ redisUrl: process.env.REDIS_URL!, prefix });
    try {
      const [cacheKey] = await redis.keys(`${prefix}:cwb:cache:supplier-matches:*`);
      expect(cacheKey).toBeDefined();
      const cached = JSON.stringify(await redis.hgetall(cacheKey!));
      expect(await redis.hlen(cacheKey!)).toBe(5);
      expect(cached).not.toMatch(/smith|zyxwv/i);
    } finally {
      redis.disconnect();
    }

    // A second refresh of the same files (cursors forgotten, so every file is read again):
    // every supplier comes from the cache, and the warehouse says the same.
    const second = await runRefreshLocally(loaded, { prefix, full: true });
    expect(second.files_loaded).toBe(1);
    expect(second.enrich[0]?.matching).toMatchObject({ suppliers: 5, matched: 3, cache_hits: 5, cache_misses: 0 });
    expect(await suppliersOf(second.snapshot_path)).toEqual(suppliers);
  });
});

// Issue 9: the overrides file ("supplier name or supplier id to org-id, 'not an organisation', or
// a location; always wins") in the nightly refresh (`reference.supplier_overrides`), and a hash of
// its content in the match cache's version, so an edited file re-matches instead of serving the
// matches cached under the old one.
describe('supplier-matching overrides in a refresh', () => {
  it('forces an org-id, declares a matched supplier not an organisation, locates a supplier, and re-matches when the file is edited', async () => {
    process.env.REDIS_URL = inject('redisUrl');
    overridesDir = await mkdtemp(join(tmpdir(), 'cwb-e2e-overrides-'));
    const paths = dataPaths(join(overridesDir, '.cwb'));

    // Hand-written fixture organisations (not real) at real Sunderland and County Durham postcodes.
    await writeFixtureRegisters(paths.registersPath, join(overridesDir, 'fixture-register.csv'), [
      'GB-COH,99000001,WEARSIDE JOINERY LIMITED,SR3 2SH,Private Limited Company,Active',
      'GB-COH,99000002,HENDON ROOFING LIMITED,SR2 8AB,Private Limited Company,Active',
      'GB-CHC,1190001,SUNDERLAND YOUTH ARTS TRUST,SR7 7UG,Charity,Registered',
    ], { basicCompanyData: true });
    await writeFile(
      join(overridesDir, 'ledger.csv'),
      [
        header,
        line(1, '1000.00', 'Wearside Joinery Ltd'), // exact name
        line(2, '300.00', 'Sunderland Youth Arts Trust'), // exact name: the override says not an organisation
        line(3, '200.00', 'Zyxwv Quux Consulting Ltd'), // on no register: the override names its org-id
        line(4, '50.00', 'Mr J Smith'), // a person: the override gives a location
      ].join('\n') + '\n',
    );
    const overridesFile = join(overridesDir, 'matching', 'overrides.yaml');
    await mkdir(join(overridesDir, 'matching'), { recursive: true });
    await writeFile(
      overridesFile,
      `overrides:
  - supplier_name: "Zyxwv Quux Consulting Ltd"
    org_id: GB-COH-99000002
  - supplier_name: "Sunderland Youth Arts Trust"
    not_an_organisation: true
    note: a payee of that name, not the charity
  - supplier_name: "Mr J Smith"
    postcode: SR7 7UG
`,
    );
    const config = parseConfig(
      `reference:
  postcodes: [${samplePath('geography/nspl_nov2021_SR_postcode_area_sunderland.csv')}]
  supplier_overrides: matching/overrides.yaml
anchors:
  - id: test-council
    name: Test Council
    type: council
    home: { name: Sunderland, lad_codes: [E08000024] }
    sources:
      - path: ledger.csv
`,
      'cwb.config.yaml',
    );
    const loaded: LoadedConfig = {
      config,
      configPath: join(overridesDir, 'cwb.config.yaml'),
      configDir: overridesDir,
      paths: { ...paths, supplierOverridesPath: overridesFile },
    };

    type Supplier = { supplier_key: string; org_id: string | null; is_matched: boolean; match_method: string | null; location_method: string | null; lad_code: string | null };
    const suppliersOf = async (snapshot: string) =>
      new Map(
        (
          await withDatabase(snapshot, { mode: 'read_only' }, (w) =>
            w.all<Supplier>('select supplier_key, org_id, is_matched, match_method, location_method, lad_code from marts.dim_suppliers order by supplier_key'),
          )
        ).map((s) => [s.supplier_key, s]),
      );

    const first = await runRefreshLocally(loaded, { prefix: overridesPrefix });
    expect(first.files_loaded).toBe(1);
    expect(first.enrich[0]?.matching).toMatchObject({ suppliers: 4, matched: 2, cache_hits: 0, cache_misses: 4, overrides: 3, overridden: 3 });
    const before = await suppliersOf(first.snapshot_path);
    expect(before.get('name:WEARSIDE JOINERY')).toMatchObject({ org_id: 'GB-COH-99000001', is_matched: true, match_method: 'exact_name', location_method: 'registered_office' });
    // (a) forced to a register org-id the matcher would not find, and located by its registered office.
    expect(before.get('name:ZYXWV QUUX CONSULTING')).toMatchObject({
      org_id: 'GB-COH-99000002', is_matched: true, match_method: 'override', location_method: 'registered_office', lad_code: 'E08000024',
    });
    // (b) an exact register name, declared not an organisation: no org-id, not matched.
    expect(before.get('name:SUNDERLAND YOUTH ARTS TRUST')).toMatchObject({ org_id: null, is_matched: false, match_method: 'not_an_organisation' });
    // A location override: a person with no organisation, placed in County Durham.
    expect(before.get('name:MR J SMITH')).toMatchObject({ org_id: null, is_matched: false, location_method: 'override', lad_code: 'E06000047' });

    // The same overrides again: every supplier from the cache.
    const again = await runRefreshLocally(loaded, { prefix: overridesPrefix, full: true });
    expect(again.enrich[0]?.matching).toMatchObject({ suppliers: 4, cache_hits: 4, cache_misses: 0 });
    expect(await suppliersOf(again.snapshot_path)).toEqual(before);

    // Edit the overrides (same prefix, same warehouse): another org-id for Zyxwv, and the charity
    // no longer declared not an organisation. The cache must not answer with the old matches.
    await writeFile(
      overridesFile,
      `overrides:
  - supplier_name: "Zyxwv Quux Consulting Ltd"
    org_id: GB-COH-99000001
  - supplier_name: "Mr J Smith"
    postcode: SR7 7UG
`,
    );
    const edited = await runRefreshLocally(loaded, { prefix: overridesPrefix, full: true });
    expect(edited.enrich[0]?.matching).toMatchObject({ suppliers: 4, matched: 3, cache_hits: 0, cache_misses: 4, overrides: 2, overridden: 2 });
    const after = await suppliersOf(edited.snapshot_path);
    expect(after.get('name:ZYXWV QUUX CONSULTING')).toMatchObject({ org_id: 'GB-COH-99000001', is_matched: true, match_method: 'override' });
    expect(after.get('name:SUNDERLAND YOUTH ARTS TRUST')).toMatchObject({
      org_id: 'GB-CHC-1190001', is_matched: true, match_method: 'exact_name', location_method: 'registered_office', lad_code: 'E06000047',
    });
    expect(after.get('name:MR J SMITH')).toMatchObject({ location_method: 'override', lad_code: 'E06000047' });
  });
});

// Issue 16, deliverable 5: the review loop from a refresh (and the anchor's home area deciding
// between same-named organisations). `cwb review-matches` writes the
// published snapshot's unmatched suppliers that have a plausible candidate, largest spend first;
// a person marks the right one; `cwb match-review` makes the overrides file the config names;
// the next refresh uses it, and the next review asks about neither the matched supplier nor
// the one marked none.
describe('the review loop from a refresh', () => {
  it('review-matches → a person decides → match-review → the next refresh matches by override', async () => {
    process.env.REDIS_URL = inject('redisUrl');
    reviewDir = await mkdtemp(join(tmpdir(), 'cwb-e2e-review-'));
    const paths = dataPaths(join(reviewDir, '.cwb'));
    await writeFixtureRegisters(paths.registersPath, join(reviewDir, 'fixture-register.csv'), [
      'GB-COH,99000001,WEARSIDE JOINERY LIMITED,SR3 2SH,Private Limited Company,Active',
      'GB-COH,99000002,HENDON ROOFING LIMITED,SR2 8AB,Private Limited Company,Active',
      // Two charities of one name: one registered in the anchor's home area (Sunderland), one not.
      'GB-CHC,1190002,RYHOPE CARERS,SR2 8AB,Charity,Registered',
      'GB-CHC,1190003,RYHOPE CARERS,DH1 3HP,Charity,Registered',
    ]);
    await writeFile(
      join(reviewDir, 'ledger.csv'),
      [
        header,
        line(1, '400.00', 'Hendon Roofing Contractors'), // near a register name, not accepted
        line(2, '900.00', 'Wearside Joinery Services'), // near a register name, not accepted, more spend
        line(3, '200.00', 'Zyxwv Quux Consulting Ltd'), // no plausible candidate
        line(4, '100.00', 'Ryhope Carers'), // two charities of the name: the one in the anchor's home area
      ].join('\n') + '\n',
    );
    const geography = samplePath('geography');
    const configText = (overrides: boolean) => `allow_paths_outside_config: [${geography}]
reference:
  postcodes: [${samplePath('geography/nspl_nov2021_SR_postcode_area_sunderland.csv')}]
${overrides ? '  supplier_overrides: overrides.yaml\n' : ''}anchors:
  - id: test-council
    name: Test Council
    type: council
    home: { name: Sunderland, lad_codes: [E08000024] }
    sources:
      - path: ledger.csv
`;
    const configPath = join(reviewDir, 'cwb.config.yaml');
    await writeFile(configPath, configText(false));
    const first = await runRefreshLocally(await loadConfig(configPath), { prefix: reviewPrefix });
    expect(first.enrich[0]?.matching).toMatchObject({ suppliers: 4, matched: 1 });
    const carers = await withDatabase(first.snapshot_path, { mode: 'read_only' }, (w) =>
      w.all<{ org_id: string | null; lad_code: string | null }>("select org_id, lad_code from marts.dim_suppliers where supplier_key = 'name:RYHOPE CARERS'"),
    );
    expect(carers).toEqual([{ org_id: 'GB-CHC-1190002', lad_code: 'E08000024' }]);

    const review = join(reviewDir, 'review.csv');
    const written = await runCwb(reviewDir, ['review-matches', '--config', configPath, '--out', review]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain('3 unmatched supplier(s)');
    const [head, ...rows] = (await readFile(review, 'utf8')).trim().split('\n');
    expect(rows.map((r) => r.split(',').slice(0, 2))).toEqual([
      ['Wearside Joinery Services', '900.00'],
      ['Hendon Roofing Contractors', '400.00'],
    ]);
    expect(rows[0]).toContain('GB-COH-99000001');

    // A person: the first is the joinery company; the second is not the roofing company.
    await writeFile(review, `${[head, `${rows[0]}GB-COH-99000001`, `${rows[1]}none`].join('\n')}\n`);
    const decided = await runCwb(reviewDir, ['match-review', review, '--out', join(reviewDir, 'overrides.yaml')]);
    expect(decided.code, decided.stderr).toBe(0);
    expect(decided.stdout).toContain('1 org-id(s) and 1 none');

    await writeFile(configPath, configText(true));
    const second = await runRefreshLocally(await loadConfig(configPath), { prefix: reviewPrefix, full: true });
    expect(second.enrich[0]?.matching).toMatchObject({ suppliers: 4, matched: 2, overridden: 2 });
    const matched = await withDatabase(second.snapshot_path, { mode: 'read_only' }, (w) =>
      w.all<{ org_id: string | null; match_method: string | null }>("select org_id, match_method from marts.dim_suppliers where supplier_key = 'name:WEARSIDE JOINERY SERVICES'"),
    );
    expect(matched).toEqual([{ org_id: 'GB-COH-99000001', match_method: 'override' }]);

    const again = await runCwb(reviewDir, ['review-matches', '--config', configPath, '--out', review, '--force']);
    expect(again.code, again.stderr).toBe(0);
    // Both decided: the override matched one, the `none` is not asked about again.
    expect(again.stdout).toContain('2 unmatched supplier(s)');
    expect((await readFile(review, 'utf8')).trim().split('\n').slice(1)).toEqual([]);
  });
});

// A register and its other names loaded from the command line, as a user would, and a supplier
// paid under a charity's working name found by `cwb lookup supplier`.
describe('registers and other names from the command line', () => {
  it('cwb reference load register, then other-names, then lookup supplier by the other name', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'cwb-e2e-other-names-'));
    try {
      const registers = join(folder, 'registers.duckdb');
      const register = join(folder, 'register.csv');
      await writeFile(register, 'scheme,number,name,postcode,type,status\nGB-CHC,1190004,WEARSIDE DEAF CENTRE,SR2 8AB,Charity,Registered\n');
      const otherNames = join(folder, 'other-names.csv');
      await writeFile(otherNames, 'scheme,number,name\nGB-CHC,1190004,SIGN WEARSIDE\nGB-CHC,1199999,NOT LOADED\n');
      const loaded = await runCwb(folder, ['reference', 'load', 'register', register, '--registers', registers]);
      expect(loaded.code, loaded.stderr).toBe(0);
      const names = await runCwb(folder, ['reference', 'load', 'other-names', otherNames, '--registers', registers]);
      expect(names.code, names.stderr).toBe(0);
      expect(names.stdout).toContain('1 other names (generic); 1 row(s) name organisations not in the registers');
      const lookup = await runCwb(folder, ['lookup', 'supplier', 'Sign Wearside', '--registers', registers, '--json']);
      expect(lookup.code, lookup.stderr).toBe(0);
      expect(JSON.parse(lookup.stdout)).toMatchObject({ org_id: 'GB-CHC-1190004', method: 'previous_name', matched_name: 'WEARSIDE DEAF CENTRE' });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
