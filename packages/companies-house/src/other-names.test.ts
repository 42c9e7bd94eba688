import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHARITY_COMMISSION_REGISTER, loadOrganisationRegister } from './org-register';
import { CHARITY_COMMISSION_OTHER_NAMES, loadOtherNames } from './other-names';
import { openRegisters, type RegistersDatabase } from './registers-database';

// The Charity Commission extract's layout (column names from its data definition); the rows are
// made up for the test.
const folder = await mkdtemp(join(tmpdir(), 'cwb-other-names-'));
afterAll(() => rm(folder, { recursive: true, force: true }));
let db: RegistersDatabase;
beforeEach(async () => { db = await openRegisters(':memory:', { mode: 'read_write' }); });
afterEach(() => db.close());
const rows = async (sql: string) => (await db.conn.runAndReadAll(sql)).getRowObjectsJS();
const file = async (name: string, text: string) => { const path = join(folder, name); await writeFile(path, text); return path; };
const tsv = (lines: string[][]) => `${lines.map((l) => l.join('\t')).join('\n')}\n`;

describe('loadOtherNames', () => {
  it("adds a Charity Commission extract's other names to the charities loaded, main charities only, and replaces them on reload", async () => {
    const register = await file('publicextract.charity.txt', tsv([
      ['date_of_extract', 'organisation_number', 'registered_charity_number', 'linked_charity_number', 'charity_name', 'charity_type', 'charity_registration_status', 'charity_contact_postcode'],
      ['2026-11-01', '1', '1100001', '0', 'ROYAL EXAMPLE INSTITUTE FOR DEAF PEOPLE', 'Charitable company', 'Registered', 'EC1A 1AA'],
    ]));
    await loadOrganisationRegister(db.conn, register, CHARITY_COMMISSION_REGISTER);
    const header = ['date_of_extract', 'organisation_number', 'registered_charity_number', 'linked_charity_number', 'charity_name_id', 'charity_name_type', 'charity_name'];
    const names = await file('publicextract.charity_other_names.txt', tsv([
      header,
      ['2026-11-01', '1', '1100001', '0', '11', 'Working Name', 'ACTION ON EXAMPLE LOSS'],
      ['2026-11-01', '1', '1100001', '0', '12', 'Working Name', 'REIDP'],
      ['2026-11-01', '1', '1100001', '1', '13', 'Working Name', 'A LINKED CHARITYS NAME'],
      ['2026-11-01', '2', '1100002', '0', '14', 'Working Name', 'A CHARITY NOT LOADED'],
      ['2026-11-01', '1', '1100001', '0', '15', 'Working Name', 'Royal Example Institute for Deaf People'],
    ]));
    expect(await loadOtherNames(db.conn, names, CHARITY_COMMISSION_OTHER_NAMES)).toEqual({ names: 2, unknown_organisations: 1, already_known: 1 });
    expect(await rows(`SELECT name, is_current FROM organisation_names WHERE org_id = 'GB-CHC-1100001' ORDER BY is_current DESC, name`)).toEqual([
      { name: 'ROYAL EXAMPLE INSTITUTE FOR DEAF PEOPLE', is_current: true },
      { name: 'ACTION ON EXAMPLE LOSS', is_current: false },
      { name: 'REIDP', is_current: false },
    ]);
    // A newer extract without one of the names: it goes.
    const newer = await file('newer.txt', tsv([header, ['2026-12-01', '1', '1100001', '0', '11', 'Working Name', 'ACTION ON EXAMPLE LOSS']]));
    expect(await loadOtherNames(db.conn, newer, CHARITY_COMMISSION_OTHER_NAMES)).toMatchObject({ names: 1 });
    expect(await rows(`SELECT name FROM organisation_names WHERE org_id = 'GB-CHC-1100001' AND NOT is_current`)).toEqual([{ name: 'ACTION ON EXAMPLE LOSS' }]);
  });

  it('says which column is missing and which line has no name', async () => {
    const noName = await file('no-name.csv', 'scheme,number,title\nGB-CHC,1,A\n');
    await expect(loadOtherNames(db.conn, noName)).rejects.toThrow(/no-name\.csv:1: has no "name" column.*Fix: the generic other-names CSV has the columns scheme, number, name/);
    const blank = await file('blank.csv', 'scheme,number,name\nGB-CHC,1,A\nGB-CHC,2,\n');
    await expect(loadOtherNames(db.conn, blank)).rejects.toThrow(/blank\.csv:3: 1 row\(s\) have no organisation number or no name/);
  });
});
