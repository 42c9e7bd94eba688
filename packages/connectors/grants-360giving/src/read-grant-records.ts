import { stagedGrantRecordSchema, type StagedGrantRecord } from '@cwb/contracts';
import {
  decideDateOrder,
  findMappedHeader,
  readRecordBatches,
  type BadRowPolicy,
  type DateOrder,
  type FileFacts,
  type ReadBatch,
  type ReadContext,
  type RecordSource,
  type TabularRecordKind,
} from '@cwb/connector-sdk';
import { GrantRowBuilder, type GrantSourceRow } from './grant-row-builder';
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
 * grants. Every record after the header lands in exactly one of rows, quarantined and skipped;
 * bad records keep their raw text (grants data is published: recipients are organisations).
 */
export async function* readGrantRecords(source: RecordSource, options: GrantReadOptions, ctx: ReadContext): AsyncGenerator<ReadBatch<StagedGrantRecord>> {
  const file = ctx.source_file;
  const found = await findMappedHeader(
    source,
    { mappings: options.mappings, mapping: options.mapping, header_line: options.header_line, fit: fitGrantMapping, what: 'grants file', expected: 'a 360Giving header: a grant identifier, the amount awarded, the award date' },
    file,
  );
  const dateColumn = found.fit.columns.award_date;
  const { order, explanation } = await decideDateOrder(
    source,
    { line: found.line, mapping: found.fit.mapping.name, configured: found.fit.mapping.parse.date_order, dateColumns: dateColumn === undefined ? [] : [dateColumn] },
    options.date_order,
    file,
    true,
  );
  const builder = new GrantRowBuilder(found.fit, found.header, order);
  const facts = (): FileFacts => ({
    ...source.describe(),
    header_line: found.line,
    header: found.header,
    mapping: found.fit.mapping.name,
    mapping_reason: found.explanation,
    date_order: explanation,
  });
  const kind: TabularRecordKind<GrantSourceRow, StagedGrantRecord> = {
    build: (fields) => builder.build(fields),
    stage: (built, anchorId) => built.map(({ row, lineage }) => ({ ...row, anchor_id: anchorId, ...lineage })),
    schema: stagedGrantRecordSchema,
    keepRaw: true,
  };
  yield* readRecordBatches(source, found.line, kind, options, ctx, facts);
}
