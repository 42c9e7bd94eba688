import { stagedLandAssetRecordSchema, type StagedLandAssetRecord } from '@cwb/contracts';
import {
  cleanCell,
  FileRejectedError,
  parseDate,
  readMappedRecords,
  type BadRowPolicy,
  type DateOrder,
  type ReadBatch,
  type ReadContext,
  type RecordSource,
} from '@cwb/connector-sdk';
import { LandRowBuilder } from './land-row-builder';
import { fitLandMapping, type LandMapping } from './land-mapping';

export interface LandReadOptions {
  mappings: readonly LandMapping[];
  mapping: string | null;
  date_order: DateOrder | null;
  header_line: number | null;
  /** The date the register describes, when the source sets it; else the latest effective date in the file. */
  register_date: string | null;
  on_bad_row: BadRowPolicy;
  batch_size: number;
}

/**
 * Reads a land and assets register into bounded batches of land assets (the SDK's mapped
 * reader: every non-blank record after the header lands in exactly one of rows, quarantined and
 * skipped). Bad records keep their raw text: a register holds no personal data.
 */
export function readLandRecords(source: RecordSource, options: LandReadOptions, ctx: ReadContext): AsyncGenerator<ReadBatch<StagedLandAssetRecord>> {
  return readMappedRecords(
    source,
    {
      header: { mappings: options.mappings, mapping: options.mapping, header_line: options.header_line, fit: fitLandMapping, what: 'land register', noun: 'a land register', expected: 'a header with an asset code or UPRN column and the tenure' },
      dateFields: ['effective_date'],
      quoteDates: true,
      async builder(found, order) {
        const registerDate = options.register_date ?? (await latestEffectiveDate(source, found.line, found.fit.columns.effective_date, order));
        if (registerDate === null) {
          throw new FileRejectedError(
            ctx.source_file,
            'no register date: the register has no effective-date column (or no date in it), and the source sets none',
            null,
            '`register_date: YYYY-MM-DD` (the date the register describes) on the source in cwb.config.yaml',
          );
        }
        return new LandRowBuilder(found.fit, found.header, order, registerDate);
      },
      schema: stagedLandAssetRecordSchema,
      keepRaw: true,
    },
    options,
    ctx,
  );
}

/** The latest effective date in the file (a register mixing several annual updates describes the latest); null when there is none. */
async function latestEffectiveDate(source: RecordSource, headerLine: number, column: number | undefined, order: DateOrder | null): Promise<string | null> {
  if (column === undefined) return null;
  let latest: string | null = null;
  for await (const records of source.open()) {
    for (const record of records) {
      if (record.line <= headerLine) continue;
      const parsed = parseDate(cleanCell(record.fields[column]), order);
      if (parsed.ok && (latest === null || parsed.iso > latest)) latest = parsed.iso;
    }
  }
  return latest;
}
