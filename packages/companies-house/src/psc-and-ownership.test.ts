import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { samplePath } from '@cwb/sample-data';
import { loadOrganisationRegister } from './org-register';
import { resolveOwnership } from './ownership-chain';
import { loadPscSnapshot } from './psc-snapshot';
import { openRegisters, type RegistersDatabase } from './registers-database';

const folder = await mkdtemp(join(tmpdir(), 'cwb-psc-'));
afterAll(() => rm(folder, { recursive: true, force: true }));
let db: RegistersDatabase;
beforeEach(async () => { db = await openRegisters(':memory:', { mode: 'read_write' }); });
afterEach(() => db.close());
const rows = async (sql: string) => (await db.conn.runAndReadAll(sql)).getRowObjectsJS();

const corporate = (company: string, name: string, registration: string, country: string, natures: string[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ company_number: company, data: { kind: 'corporate-entity-person-with-significant-control', name, natures_of_control: natures, notified_on: '2016-04-06',
    identification: { legal_authority: country === 'England' ? 'Companies Act 2006' : `${country} law`, place_registered: country === 'England' ? 'Companies House' : country, country_registered: country, registration_number: registration },
    address: { country: country === 'England' ? 'England' : country, postal_code: 'X1 1XX' }, ...extra } });
const individual = (company: string, natures: string[], ceased?: string) =>
  JSON.stringify({ company_number: company, data: { kind: 'individual-person-with-significant-control', name: 'Mrs Private Person', natures_of_control: natures, notified_on: '2016-04-06', ...(ceased ? { ceased_on: ceased } : {}) } });
const MAJORITY = ['ownership-of-shares-75-to-100-percent', 'voting-rights-75-to-100-percent'];
const QUARTER = ['ownership-of-shares-25-to-50-percent'];

/** Companies: A (local, LS1) ← B (Halifax) ← C (Manchester) ← foreign parent; D ↔ E cycle; F joint venture. */
async function givenRegister() {
  const csv = join(folder, 'companies.csv');
  await writeFile(csv, ['scheme,number,name,postcode,type,status',
    'GB-COH,00000001,A LIMITED,LS1 1AA,Private Limited Company,Active',
    'GB-COH,00000002,B HOLDINGS LIMITED,HX1 1AA,Private Limited Company,Active',
    'GB-COH,00000003,C GROUP PLC,M1 1AA,Public Limited Company,Active',
    'GB-COH,00000004,D LIMITED,LS2 2AA,Private Limited Company,Active',
    'GB-COH,00000005,E LIMITED,LS3 3AA,Private Limited Company,Active',
    'GB-COH,00000006,F JV LIMITED,LS4 4AA,Private Limited Company,Active',
    'GB-COH,00000007,G LIMITED,LS5 5AA,Private Limited Company,Active'].join('\n'));
  await loadOrganisationRegister(db.conn, csv);
}

describe('loadPscSnapshot', () => {
  it('loads the two real records: ceased individual kept with its date but without its name; the corporate PSC with its registration', async () => {
    expect(await loadPscSnapshot(db.conn, [samplePath('companies_house/psc_sample_2_real_records.jsonl')])).toBe(2);
    const [google, person] = await rows(`SELECT * FROM psc ORDER BY company_number`);
    expect(google).toMatchObject({ company_number: '03977902', name: 'Alphabet, Inc.', registration_number: '5786925', country_registered: 'Delaware', is_ceased: false });
    expect(person).toMatchObject({ company_number: '09145694', kind: 'individual-person-with-significant-control', name: null, is_ceased: true, natures_of_control: ['ownership-of-shares-50-to-75-percent'] });
    expect((person?.ceased_on as Date).toISOString().slice(0, 10)).toBe('2018-05-14');
  });

  it('keeps every kind, records the totals trailer, and rejects a file shorter than its trailer says', async () => {
    const kinds = ['legal-person-person-with-significant-control', 'super-secure-person-with-significant-control', 'persons-with-significant-control-statement', 'exemptions'];
    const lines = [
      individual('00000001', QUARTER),
      corporate('00000001', 'B HOLDINGS LIMITED', '00000002', 'England', MAJORITY),
      ...kinds.map((kind) => JSON.stringify({ company_number: '00000009', data: { kind, ...(kind.endsWith('statement') ? { statement: 'no-individual-or-entity-with-signficant-control' } : {}) } })),
    ];
    const trailer = (n: number) => JSON.stringify({ data: { kind: 'totals#persons-of-significant-control-snapshot', persons_of_significant_control_count: n, statements_count: 1, exemptions_count: 1, generated_at: '2026-11-01T06:00:00Z' } });
    const good = join(folder, 'psc-good.jsonl');
    await writeFile(good, [...lines, trailer(4)].join('\n') + '\n');
    expect(await loadPscSnapshot(db.conn, [good])).toBe(6);
    expect((await rows(`SELECT list(DISTINCT kind ORDER BY kind) AS k FROM psc`))[0]?.k).toHaveLength(6);
    expect(await rows(`SELECT psc_count, statements_count, exemptions_count FROM psc_snapshot_totals`)).toEqual([{ psc_count: 4n, statements_count: 1n, exemptions_count: 1n }]);
    const truncated = join(folder, 'psc-truncated.jsonl');
    await writeFile(truncated, [...lines, trailer(9)].join('\n') + '\n');
    await expect(loadPscSnapshot(db.conn, [truncated])).rejects.toThrow(/psc-truncated\.jsonl: the totals trailer counts 11 .* only 6 lines were read/);
    // The same file cut short on a reload: refused, and the rows of the load before kept whole.
    await writeFile(good, [...lines.slice(1), trailer(4)].join('\n') + '\n');
    await expect(loadPscSnapshot(db.conn, [good])).rejects.toThrow(/psc-good\.jsonl: the totals trailer counts 6 .* only 5 lines were read/);
    expect(await rows(`SELECT count(*) AS n FROM psc WHERE source_file = '${good}'`)).toEqual([{ n: 6n }]);
    expect(await rows(`SELECT psc_count FROM psc_snapshot_totals WHERE source_file = '${good}'`)).toEqual([{ psc_count: 4n }]);
  });

  it('rejects an unknown kind, naming it', async () => {
    const bad = join(folder, 'psc-bad.jsonl');
    await writeFile(bad, JSON.stringify({ company_number: '00000001', data: { kind: 'shareholder' } }) + '\n');
    await expect(loadPscSnapshot(db.conn, [bad])).rejects.toThrow(/unknown or missing data.kind, first "shareholder"/);
  });
});

describe('resolveOwnership', () => {
  it('follows majority corporate control to a foreign ultimate parent, and stops on cycles and joint control', async () => {
    await givenRegister();
    const file = join(folder, 'psc-chain.jsonl');
    await writeFile(file, [
      individual('00000001', MAJORITY, '2019-01-01'), // ceased: ignored
      corporate('00000001', 'B HOLDINGS LIMITED', '2', 'England', MAJORITY), // unpadded number
      corporate('00000002', 'C GROUP PLC', '00000003', 'England', ['ownership-of-shares-50-to-75-percent']),
      corporate('00000003', 'Acme Holdings Inc.', 'C-12345', 'Delaware', MAJORITY, { address: { country: 'United States', postal_code: '19808' } }),
      corporate('00000004', 'E LIMITED', '00000005', 'England', MAJORITY),
      corporate('00000005', 'D LIMITED', '00000004', 'England', MAJORITY),
      corporate('00000006', 'A LIMITED', '00000001', 'England', QUARTER),
      corporate('00000006', 'G LIMITED', '00000007', 'England', QUARTER),
      corporate('00000007', 'OLD PARENT LIMITED', '00000099', 'England', MAJORITY, { ceased_on: '2020-01-01' }),
    ].join('\n'));
    await loadPscSnapshot(db.conn, [file]);
    await resolveOwnership(db.conn);
    const byCompany = Object.fromEntries((await rows(`SELECT * FROM ownership_resolved`)).map((r) => [r.company_number, r]));
    expect(byCompany['00000001']).toMatchObject({ chain_depth: 2, ultimate_parent_name: 'Acme Holdings Inc.', ultimate_parent_org_id: null, ultimate_parent_country: 'United States', is_foreign_controlled: true, stopped_because: 'foreign parent' });
    expect(byCompany['00000002']).toMatchObject({ chain_depth: 1, ultimate_parent_name: 'Acme Holdings Inc.', is_foreign_controlled: true });
    expect((await rows(`SELECT chain, ultimate_parent_registration FROM ownership WHERE company_number = '00000001'`))[0]).toEqual({ chain: ['00000001', '00000002', '00000003'], ultimate_parent_registration: 'Delaware law: C-12345' });
    expect(byCompany['00000004']).toMatchObject({ stopped_because: 'cycle', is_foreign_controlled: false });
    expect(byCompany['00000006']).toMatchObject({ stopped_because: 'joint control', ultimate_parent_org_id: 'GB-COH-00000006', ultimate_parent_postcode: 'LS4 4AA', is_foreign_controlled: false });
    expect(byCompany['00000007']).toMatchObject({ stopped_because: 'no corporate controller', ultimate_parent_org_id: 'GB-COH-00000007', ultimate_parent_postcode: 'LS5 5AA', chain_depth: 0 });
  });

  it('ends a UK chain at a parent outside the register', async () => {
    await givenRegister();
    const file = join(folder, 'psc-uk.jsonl');
    await writeFile(file, corporate('00000007', 'UNLOADED PARENT LIMITED', '01234567', 'England', MAJORITY) + '\n');
    await loadPscSnapshot(db.conn, [file]);
    await resolveOwnership(db.conn);
    expect((await rows(`SELECT ultimate_parent_name, ultimate_parent_country, is_foreign_controlled, stopped_because FROM ownership`))[0]).toEqual({
      ultimate_parent_name: 'UNLOADED PARENT LIMITED', ultimate_parent_country: 'United Kingdom', is_foreign_controlled: false, stopped_because: 'uk parent not in register',
    });
  });
});
