import { stagedLandAssetRecordSchema, type StagedLandAssetRecord } from '@cwb/contracts';
import {
  cleanCell,
  decideDateOrder,
  FileRejectedError,
  findMappedHeader,
  parseDate,
  readRecordBatches,
  type BadRowPolicy,
  type DateOrder,
  type FileFacts,
  type ReadBatch,
  type ReadContext,
  type RecordSource,
  type TabularRecordKind,
} from '@cwb/connector-sdk';
import { LandRowBuilder, type LandSourceRow } from './land-row-builder';
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
 * Reads a land and assets register into bounded batches of land assets. Every non-blank
 * record after the header lands in exactly one of rows, quarantined and skipped; bad records
 * keep their raw text (a register holds no personal data).
 */
export async function* readLandRecords(source: RecordSource, options: LandReadOptions, ctx: ReadContext): AsyncGenerator<ReadBatch<StagedLandAssetRecord>> {
  const file = ctx.source_file;
  const found = await findMappedHeader(
    source,
    { mappings: options.mappings, mapping: options.mapping, header_line: options.header_line, fit: fitLandMapping, what: 'land register', expected: 'a header with an asset code or UPRN column and the tenure' },
    file,
  );
  const dateColumn = found.fit.columns.effective_date;
  const { order, explanation } = await decideDateOrder(
    source,
    { line: found.line, mapping: found.fit.mapping.name, configured: found.fit.mapping.parse.date_order, dateColumns: dateColumn === undefined ? [] : [dateColumn] },
    options.date_order,
    file,
    true,
  );
  const registerDate = options.register_date ?? (await latestEffectiveDate(source, found.line, dateColumn, order));
  if (registerDate === null) {
    throw new FileRejectedError(
      file,
      'no register date: the register has no effective-date column (or no date in it), and the source sets none',
      null,
      '`register_date: YYYY-MM-DD` (the date the register describes) on the source in cwb.config.yaml',
    );
  }
  const builder = new LandRowBuilder(found.fit, found.header, order, registerDate);
  const facts = (): FileFacts => ({
    ...source.describe(),
    header_line: found.line,
    header: found.header,
    mapping: found.fit.mapping.name,
    mapping_reason: found.explanation,
    date_order: explanation,
  });
  const kind: TabularRecordKind<LandSourceRow, StagedLandAssetRecord> = {
    build: (fields) => builder.build(fields),
    stage: (built, anchorId) => built.map(({ row, lineage }) => ({ ...row, anchor_id: anchorId, ...lineage })),
    schema: stagedLandAssetRecordSchema,
    keepRaw: true,
  };
  yield* readRecordBatches(source, found.line, kind, options, ctx, facts);
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
