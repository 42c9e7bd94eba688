import type { z } from 'zod';
import type { Lineage } from '@cwb/contracts';
import type { FileFacts, ReadBatch, ReadContext } from '../connector';
import type { FittableMapping, MappingFit } from '../mapping/mapping-fit';
import type { DateOrder } from '../values/date';
import type { BadRowPolicy } from './bad-row-policy';
import { findMappedHeader, type MappedHeader, type MappedHeaderOptions } from './mapped-header';
import { decideDateOrder, readRecordBatches, type RowOutcome } from './record-batches';
import type { RecordSource } from './record-source';

/** What a mapped record kind (land registers, grants, HR extracts) tells the reader. */
export interface MappedRecordKind<M extends FittableMapping<Field> & { name: string; parse: { date_order: DateOrder | 'auto' } }, Field extends string, Built, Row> {
  /** How its header is found (the mappings, the pinned one, how a mapping fits, what the kind is called). */
  header: MappedHeaderOptions<M, Field>;
  /** The fields holding numeric dates, whose day/month order the file must prove (or the source or mapping set). */
  dateFields: readonly Field[];
  /** Quote a date in the explanation and the ambiguity refusal; false where dates are personal data. */
  quoteDates: boolean;
  /** The row builder for the file, once its header and date order are known (may read the file again first). */
  builder(found: MappedHeader<M, Field>, order: DateOrder | null): Promise<{ build(fields: readonly string[]): RowOutcome<Built> }> | { build(fields: readonly string[]): RowOutcome<Built> };
  /** The staged rows for some built rows, in order; default: the built row with the anchor and lineage added. */
  stage?: (built: readonly { row: Built; lineage: Lineage }[], anchorId: string) => Promise<unknown[]> | unknown[];
  schema: z.ZodType<Row>;
  keepRaw: boolean;
}

/**
 * Reads a file of a mapped record kind into bounded batches of its staged rows: finds the
 * header by the kind's mappings, decides the day/month order of its date fields, then reads
 * every record after the header with the SDK's tabular reader (each lands in exactly one of
 * rows, quarantined and skipped), the facts naming the mapping and why.
 */
export async function* readMappedRecords<M extends FittableMapping<Field> & { name: string; parse: { date_order: DateOrder | 'auto' } }, Field extends string, Built, Row>(
  source: RecordSource,
  kind: MappedRecordKind<M, Field, Built, Row>,
  options: { date_order: DateOrder | null; on_bad_row: BadRowPolicy; batch_size: number },
  ctx: ReadContext,
): AsyncGenerator<ReadBatch<Row>> {
  const file = ctx.source_file;
  const found = await findMappedHeader(source, kind.header, file);
  const fit: MappingFit<M, Field> = found.fit;
  const { order, explanation } = await decideDateOrder(
    source,
    {
      line: found.line,
      mapping: fit.mapping.name,
      configured: fit.mapping.parse.date_order,
      dateColumns: kind.dateFields.map((field) => fit.columns[field]).filter((index): index is number => index !== undefined),
    },
    options.date_order,
    file,
    kind.quoteDates,
  );
  const builder = await kind.builder(found, order);
  const facts = (): FileFacts => ({
    ...source.describe(),
    header_line: found.line,
    header: found.header,
    mapping: fit.mapping.name,
    mapping_reason: found.explanation,
    date_order: explanation,
  });
  const stage = kind.stage ?? ((built, anchorId) => built.map(({ row, lineage }) => ({ ...(row as object), anchor_id: anchorId, ...lineage })));
  yield* readRecordBatches(source, found.line, { build: (fields) => builder.build(fields), stage, schema: kind.schema, keepRaw: kind.keepRaw }, options, ctx, facts);
}
