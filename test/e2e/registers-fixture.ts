import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildNameIndex } from '@cwb/matching';
import { loadBasicCompanyData, loadOrganisationRegister, resolveOwnership, GENERIC_REGISTER, withRegisters } from '@cwb/companies-house';
import { samplePath } from '@cwb/sample-data';

/**
 * A registers database of hand-written fixture rows (generic register layout
 * `scheme,number,name,postcode,type,status`; not real organisations), with the 31 real
 * BasicCompanyData rows when asked, indexed for matching and with ownership resolved.
 * `fixture` is where the rows are written as a CSV first (the register loader reads files).
 */
export async function writeFixtureRegisters(registersPath: string, fixture: string, rows: string[], options: { basicCompanyData?: boolean } = {}): Promise<void> {
  await writeFile(fixture, `${['scheme,number,name,postcode,type,status', ...rows].join('\n')}\n`);
  await mkdir(dirname(registersPath), { recursive: true });
  await withRegisters(registersPath, { mode: 'read_write' }, async ({ conn }) => {
    if (options.basicCompanyData) await loadBasicCompanyData(conn, [samplePath('companies_house/basic_company_data_2021-01_head31.csv')]);
    await loadOrganisationRegister(conn, fixture, GENERIC_REGISTER);
    await buildNameIndex(conn);
    await resolveOwnership(conn);
  });
}
