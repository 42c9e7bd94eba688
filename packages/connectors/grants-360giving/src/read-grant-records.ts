import { stagedGrantRecordSchema, type StagedGrantRecord } from '@cwb/contracts';
import { readMappedRecords, type BadRowPolicy, type DateOrder, type ReadBatch, type ReadContext, type RecordSource } from '@cwb/connector-sdk';
import { GrantRowBuilder } from './grant-row-builder';
import { fitGrantMapping, type GrantMapping } from './grant-mapping';

export interface GrantReadOptions {
  mappings: readonly GrantMapping[];
  mapping: string | null;
  date_order: DateOrder | null;
  header_line: number | null;
  on_bad_row: BadRowPolicy;
  batch_size: number;
}

/**
 * Reads a grants file (360Giving spreadsheet rows, or JSON records) into bounded batches of
 * grants (the SDK's mapped reader). Bad records keep their raw text: grants data is published,
 * and its recipients are organisations.
 */
export function readGrantRecords(source: RecordSource, options: GrantReadOptions, ctx: ReadContext): AsyncGenerator<ReadBatch<StagedGrantRecord>> {
  return readMappedRecords(
    source,
    {
      header: { mappings: options.mappings, mapping: options.mapping, header_line: options.header_line, fit: fitGrantMapping, what: 'grants', noun: 'a grants file', expected: 'a 360Giving header: a grant identifier, the amount awarded, the award date' },
      dateFields: ['award_date'],
      quoteDates: true,
      builder: (found, order) => new GrantRowBuilder(found.fit, found.header, order),
      schema: stagedGrantRecordSchema,
      keepRaw: true,
    },
    options,
    ctx,
  );
}
