import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { stagedOrganisationRecordSchema, type StagedOrganisationRecord } from '@cwb/contracts';
import { kindMappingSet, mappedKindConnector, tabularFileSpecShape, type MappedKindConnector } from '@cwb/connector-sdk';
import { fitOrgRegisterMapping, loadOrgRegisterMappingFolder, parseOrgRegisterMapping, type OrgRegisterMapping } from './org-register-mapping';
import { OrgRegisterRowBuilder } from './org-register-row-builder';

/** The folder of this connector's register layouts (one YAML file per layout). */
export const orgRegistersMappingsDir = fileURLToPath(new URL('../mappings', import.meta.url));

/** Config of a register source (`sources[]` in cwb.config.yaml: path, mapping and options). */
export const orgRegistersSpecSchema = z
  .object({
    ...tabularFileSpecShape,
    /** The date the register edition describes (Co-operatives UK 2017-06: 2017-06-30); registers carry no edition date. */
    register_date: z.iso.date('register_date is an ISO date such as 2017-06-30'),
  })
  .strict();
export type OrgRegistersSpec = z.output<typeof orgRegistersSpecSchema>;
export type OrgRegistersSpecInput = z.input<typeof orgRegistersSpecSchema>;

/**
 * Registers of organisations (Co-operatives UK open data, a Companies House BasicCompanyData
 * extract, or another register a mapping describes) as CSV in any encoding or XLSX. Each file
 * is one edition of a register, as of its register date. Bad records keep their raw text:
 * these are published registers of bodies corporate.
 */
export function orgRegistersConnector(options: { mappings_dir?: string } = {}): MappedKindConnector<OrgRegistersSpec, StagedOrganisationRecord, OrgRegisterMapping> {
  return mappedKindConnector({
    name: 'org-registers',
    spec: orgRegistersSpecSchema,
    mappings: kindMappingSet(options.mappings_dir ?? orgRegistersMappingsDir, loadOrgRegisterMappingFolder, parseOrgRegisterMapping),
    describeMapping: 'organisation register mapping',
    reading: (spec: OrgRegistersSpec) => ({
      header: { fit: fitOrgRegisterMapping, what: 'organisation register', noun: 'a register of organisations', expected: "a header with the register's identifier and the organisation's name" },
      dateFields: ['incorporated_on', 'dissolved_on'],
      quoteDates: true,
      builder: (found, order) => new OrgRegisterRowBuilder(found.fit, found.header, order, spec.register_date),
      schema: stagedOrganisationRecordSchema,
      keepRaw: true,
    }),
  });
}
