import { stagedWorkforceRecordSchema, type StagedWorkforceRecord } from '@cwb/contracts';
import type { Lineage } from '@cwb/contracts';
import { readMappedRecords, type BadRowPolicy, type DateOrder, type ReadBatch, type ReadContext, type RecordSource } from '@cwb/connector-sdk';
import type { HomeLocator } from './home-locator';
import { pseudonymise as applyPrivacy } from './pseudonymise';
import { HrRowBuilder, type HrSourceRow } from './hr-row-builder';
import { fitWorkforceMapping, type WorkforceField, type WorkforceMapping } from './workforce-mapping';

export interface HrReadOptions {
  mappings: readonly WorkforceMapping[];
  mapping: string | null;
  date_order: DateOrder | null;
  /** The header is on this line (1-based, as `cwb inspect` reports it); default: found. */
  header_line?: number | null;
  snapshot_date: string | null;
  on_bad_row: BadRowPolicy;
  batch_size: number;
  hash_key: string;
  locator: HomeLocator;
}

const DATE_FIELDS: WorkforceField[] = ['snapshot_date', 'start_date', 'leave_date'];

/**
 * Reads HR records into bounded batches of pseudonymised workforce records (the SDK's mapped
 * reader). Every non-blank record after the header lands in exactly one of rows, quarantined
 * and skipped. Quarantined and skipped records keep their line and reason but never their raw
 * text (`raw` is null): it would hold the reference, the postcode and names; nor do the
 * date-order explanation and refusal quote a date.
 */
export function readHrRecords(source: RecordSource, options: HrReadOptions, ctx: ReadContext): AsyncGenerator<ReadBatch<StagedWorkforceRecord>> {
  return readMappedRecords(
    source,
    {
      header: { mappings: options.mappings, mapping: options.mapping, header_line: options.header_line ?? null, fit: fitWorkforceMapping, what: 'HR', noun: 'an HR extract', expected: 'a header with an employee reference column' },
      dateFields: DATE_FIELDS,
      quoteDates: false,
      builder: (found, order) => new HrRowBuilder(found.fit, found.header, order, options.snapshot_date),
      stage: (built: readonly { row: HrSourceRow; lineage: Lineage }[], anchorId: string) => applyPrivacy(built, { hashKey: options.hash_key, anchorId, locator: options.locator }),
      schema: stagedWorkforceRecordSchema,
      keepRaw: false,
    },
    options,
    ctx,
  );
}
