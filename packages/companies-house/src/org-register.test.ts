import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { samplePath } from '@cwb/sample-data';
import { CHARITY_COMMISSION_REGISTER, loadOrganisationRegister, NHS_TRUSTS_REGISTER } from './org-register';
import { openRegisters, type RegistersDatabase } from './registers-database';

const folder = await mkdtemp(join(tmpdir(), 'cwb-register-'));
afterAll(() => rm(folder, { recursive: true, force: true }));
let db: RegistersDatabase;
beforeEach(async () => { db = await openRegisters(':memory:', { mode: 'read_write' }); });
afterEach(() => db.close());
const rows = async (sql: string) => (await db.conn.runAndReadAll(sql)).getRowObjectsJS();
const file = async (name: string, text: string) => { const path = join(folder, name); await writeFile(path, text); return path; };

describe('loadOrganisationRegister', () => {
  it('loads the generic CSV with an org-id per organisation', async () => {
    const path = await file('generic.csv', 'scheme,number,name,postcode,type,status\nGB-CHC,1074622,Example Charity,ls1 4dy,Charity,Registered\ngb-mpr,30480R,Example Co-operative,,Registered Society,Removed\n');
    expect(await loadOrganisationRegister(db.conn, path)).toBe(2);
    expect(await rows(`SELECT org_id, name, postcode, is_active FROM organisations ORDER BY org_id`)).toEqual([
      { org_id: 'GB-CHC-1074622', name: 'Example Charity', postcode: 'LS1 4DY', is_active: true },
      { org_id: 'GB-MPR-30480R', name: 'Example Co-operative', postcode: null, is_active: false },
    ]);
  });

  it('says which line has a bad scheme, and which column is missing', async () => {
    const badScheme = await file('bad-scheme.csv', 'scheme,number,name,postcode,type,status\nGB-CHC,1,A,,,\nCharity,2,B,,,\n');
    await expect(loadOrganisationRegister(db.conn, badScheme)).rejects.toThrow(/bad-scheme\.csv:3, column "scheme": 1 row\(s\) have a scheme that is not an org-id scheme, first "CHARITY"/);
    const noName = await file('no-name.csv', 'scheme,number,title\nGB-CHC,1,A\n');
    await expect(loadOrganisationRegister(db.conn, noName)).rejects.toThrow(/no-name\.csv:1: has no "name" column.*Fix: the generic register CSV needs the columns/);
  });

  it('reads a Charity Commission extract (tab-separated), keeping main charities only', async () => {
    const path = await file('publicextract.charity.txt', 'date_of_extract\torganisation_number\tregistered_charity_number\tlinked_charity_number\tcharity_name\tcharity_type\tcharity_registration_status\tcharity_contact_postcode\n2026-11-01\t1\t1074622\t0\tEXAMPLE TRUST\tCIO\tRegistered\tHX1 1UJ\n2026-11-01\t2\t1074622\t1\tEXAMPLE TRUST BRANCH\tCIO\tRegistered\tHX1 1UJ\n');
    expect(await loadOrganisationRegister(db.conn, path, CHARITY_COMMISSION_REGISTER)).toBe(1);
    expect(await rows(`SELECT org_id, org_type, postcode FROM organisations`)).toEqual([{ org_id: 'GB-CHC-1074622', org_type: 'CIO', postcode: 'HX1 1UJ' }]);
  });

  it('reads the real headerless NHS ODS trusts extract', async () => {
    expect(await loadOrganisationRegister(db.conn, samplePath('reference/nhs_ods_etr_trusts_headerless.csv'), NHS_TRUSTS_REGISTER)).toBe(273);
    expect(await rows(`SELECT org_id, postcode FROM organisations WHERE org_id = 'GB-NHS-R0B'`)).toEqual([{ org_id: 'GB-NHS-R0B', postcode: 'SR4 7TP' }]);
  });
});
