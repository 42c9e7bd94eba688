import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { StagedOrganisationRecord } from '@cwb/contracts';
import { kindMappingSet, mappedKindConnector, tabularFileSpecShape, type Connector } from '@cwb/connector-sdk';
import { loadOrgRegisterMappingFolder, parseOrgRegisterMapping, type OrgRegisterMapping } from './org-register-mapping';
import { readOrgRegisterRecords } from './read-org-register-records';

/** The folder of this connector's register layouts (one YAML file per layout). */
export const orgRegistersMappingsDir = fileURLToPath(new URL('../mappings', import.meta.url));

/** Config of a register source (`sources[]` in cwb.config.yaml: path, mapping and options). */
export const orgRegistersSpecSchema = z
  .object({
    ...tabularFileSpecShape,
    /** The date the register edition describes (Co-operatives UK 2017-06: 2017-06-30). */
    register_date: z.iso.date('register_date is an ISO date such as 2017-06-30'),
  })
  .strict();
export type OrgRegistersSpec = z.output<typeof orgRegistersSpecSchema>;
export type OrgRegistersSpecInput = z.input<typeof orgRegistersSpecSchema>;

/**
 * Registers of organisations (Co-operatives UK open data, a Companies House BasicCompanyData
 * extract, or another register a mapping describes) as CSV in any encoding or XLSX. Each file
 * is one edition of a register, as of its register date.
 */
export function orgRegistersConnector(options: { mappings_dir?: string } = {}): Connector<OrgRegistersSpec, StagedOrganisationRecord> & {
  mappings(spec?: Pick<OrgRegistersSpec, 'mappings_dir'>): Promise<OrgRegisterMapping[]>;
} {
  return mappedKindConnector({
    name: 'org-registers',
    spec: orgRegistersSpecSchema,
    mappings: kindMappingSet(options.mappings_dir ?? orgRegistersMappingsDir, loadOrgRegisterMappingFolder, parseOrgRegisterMapping),
    describeMapping: 'organisation register mapping',
    read: (records, spec: OrgRegistersSpec, { available, pinned }, ctx) =>
      readOrgRegisterRecords(
        records,
        {
          mappings: available,
          mapping: pinned,
          date_order: spec.date_order ?? null,
          header_line: spec.header_line ?? null,
          register_date: spec.register_date,
          on_bad_row: spec.on_bad_row,
          batch_size: spec.batch_size,
        },
        ctx,
      ),
  });
}
