import { stagedOrganisationRecordSchema, type StagedOrganisationRecord } from '@cwb/contracts';
import { readMappedRecords, type BadRowPolicy, type DateOrder, type ReadBatch, type ReadContext, type RecordSource } from '@cwb/connector-sdk';
import { OrgRegisterRowBuilder } from './org-register-row-builder';
import { fitOrgRegisterMapping, type OrgRegisterMapping } from './org-register-mapping';

export interface OrgRegisterReadOptions {
  mappings: readonly OrgRegisterMapping[];
  mapping: string | null;
  date_order: DateOrder | null;
  header_line: number | null;
  /** The date the register edition describes (required on the source: registers carry no edition date). */
  register_date: string;
  on_bad_row: BadRowPolicy;
  batch_size: number;
}

/**
 * Reads a register of organisations into bounded batches of organisations (the SDK's mapped
 * reader: every non-blank record after the header lands in exactly one of rows, quarantined
 * and skipped). Bad records keep their raw text: these registers are published registers of
 * bodies corporate.
 */
export function readOrgRegisterRecords(source: RecordSource, options: OrgRegisterReadOptions, ctx: ReadContext): AsyncGenerator<ReadBatch<StagedOrganisationRecord>> {
  return readMappedRecords(
    source,
    {
      header: {
        mappings: options.mappings,
        mapping: options.mapping,
        header_line: options.header_line,
        fit: fitOrgRegisterMapping,
        what: 'organisation register',
        noun: 'a register of organisations',
        expected: "a header with the register's identifier and the organisation's name",
      },
      dateFields: ['incorporated_on', 'dissolved_on'],
      quoteDates: true,
      builder: (found, order) => new OrgRegisterRowBuilder(found.fit, found.header, order, options.register_date),
      schema: stagedOrganisationRecordSchema,
      keepRaw: true,
    },
    options,
    ctx,
  );
}
