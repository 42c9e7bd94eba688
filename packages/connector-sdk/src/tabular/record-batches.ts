import type { z } from 'zod';
import type { Lineage, QuarantinedRecord } from '@cwb/contracts';
import { FileRejectedError, type FileFacts, type ReadBatch, type ReadContext } from '../connector';
import type { SourceRecord } from '../csv/csv-record-assembler';
import { dateOrderEvidence, type DateOrder } from '../values/date';
import { BadRowHaltError, type BadRowPolicy } from './bad-row-policy';
import { cleanCell, isBlankRecord } from './cell-text';
import type { RecordSource } from './record-source';

/** What a row builder makes of one data record: a row, a deliberate skip, or a bad record. */
export type RowOutcome<Built> =
  | { kind: 'row'; row: Built; notes: string[] }
  | { kind: 'skip'; reason: string; detail: string | null }
  | { kind: 'bad'; reason: string; detail: string | null };

/**
 * One record kind, as the tabular reader needs it: how a data record becomes a built row, how
 * built rows become the kind's staged rows (in batches, so a kind may do batch work such as
 * pseudonymising), and the contract each staged row is validated against.
 */
export interface TabularRecordKind<Built, Row> {
  build(fields: readonly string[]): RowOutcome<Built>;
  /** The staged rows for some built rows, in order (one per built row). */
  stage(built: readonly { row: Built; lineage: Lineage }[], anchorId: string): Promise<unknown[]> | unknown[];
  /** The kind's staged-row contract (@cwb/contracts). */
  schema: z.ZodType<Row>;
  /** Keep a bad record's raw text (truncated) in quarantine; false where it may hold personal data. */
  keepRaw: boolean;
}

const RAW_LIMIT = 2000;

/**
 * Reads the data records after the header into bounded batches of a record kind's staged
 * rows. Every non-blank record after the header lands in exactly one of rows, quarantined (or
 * skipped, under the `skip` policy) and skipped; blank records are not counted; a staged row
 * that fails its contract is quarantined with the contract's complaint.
 */
export async function* readRecordBatches<Built, Row>(
  source: RecordSource,
  headerLine: number,
  kind: TabularRecordKind<Built, Row>,
  options: { on_bad_row: BadRowPolicy; batch_size: number },
  ctx: ReadContext,
  facts: () => FileFacts,
): AsyncGenerator<ReadBatch<Row>> {
  const file = ctx.source_file;
  const empty = (): ReadBatch<Row> => ({ facts: facts(), rows: [], quarantined: [], skipped: [], notes: [] });
  const aside = (record: SourceRecord, lineage: Lineage, reason: string, detail: string | null): QuarantinedRecord => ({
    ...lineage,
    anchor_id: ctx.anchor_id,
    reason,
    detail,
    raw: kind.keepRaw ? record.raw.slice(0, RAW_LIMIT) : null,
  });
  const placeBad = (batch: ReadBatch<Row>, record: SourceRecord, lineage: Lineage, reason: string, detail: string | null) => {
    if (options.on_bad_row === 'halt') throw new BadRowHaltError(file, record.line, reason, detail);
    const entry = aside(record, lineage, reason, detail);
    if (options.on_bad_row === 'skip') batch.skipped.push(entry);
    else batch.quarantined.push(entry);
  };
  let pending: { row: Built; lineage: Lineage; notes: string[]; record: SourceRecord }[] = [];
  let batch = empty();
  const flush = async () => {
    if (pending.length === 0) return;
    const staged = await kind.stage(pending, ctx.anchor_id);
    for (const [index, entry] of pending.entries()) {
      const checked = kind.schema.safeParse(staged[index]);
      if (checked.success) {
        batch.rows.push(checked.data);
        for (const note of entry.notes) batch.notes.push({ source_line: entry.lineage.source_line, note });
      } else {
        const detail = checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
        placeBad(batch, entry.record, entry.lineage, 'row failed validation', detail);
      }
    }
    pending = [];
  };
  for await (const records of source.open()) {
    for (const record of records) {
      if (record.line <= headerLine || isBlankRecord(record.fields)) continue;
      const outcome = kind.build(record.fields);
      const lineage: Lineage = { load_id: ctx.load_id, source_file: file, source_line: record.line };
      if (outcome.kind === 'row') pending.push({ row: outcome.row, lineage, notes: outcome.notes, record });
      else if (outcome.kind === 'skip') batch.skipped.push(aside(record, lineage, outcome.reason, outcome.detail));
      else placeBad(batch, record, lineage, outcome.reason, outcome.detail);
      if (pending.length + batch.rows.length + batch.quarantined.length + batch.skipped.length >= options.batch_size) {
        await flush();
        batch.facts = facts();
        yield batch;
        batch = empty();
      }
    }
  }
  await flush();
  batch.facts = facts();
  yield batch;
}

/**
 * The day/month order for numeric dates: set by the source, else by the mapping, else proved
 * by the file (the first date in the date columns with a part above 12). A file whose dates
 * never decide is rejected, with the fix. `quoteDates: false` leaves the date text out of the
 * explanation and the error (HR extracts: a date of birth or start date is personal data).
 */
export async function decideDateOrder(
  source: RecordSource,
  found: { line: number; mapping: string; configured: DateOrder | 'auto'; dateColumns: readonly number[] },
  given: DateOrder | null | undefined,
  file: string,
  quoteDates: boolean,
): Promise<{ order: DateOrder | null; explanation: string }> {
  if (given) return { order: given, explanation: `${given} (set for this source)` };
  if (found.configured !== 'auto') return { order: found.configured, explanation: `${found.configured} (set by mapping ${found.mapping})` };
  let ambiguous: { line: number; text: string } | null = null;
  for await (const records of source.open()) {
    for (const record of records) {
      if (record.line <= found.line) continue;
      for (const index of found.dateColumns) {
        const text = cleanCell(record.fields[index]);
        const evidence = dateOrderEvidence(text);
        if (evidence === 'dmy' || evidence === 'mdy') {
          return { order: evidence, explanation: `${evidence} (proved by ${quoteDates ? `"${text}"` : 'a date'} on line ${record.line})` };
        }
        if (evidence === 'ambiguous' && !ambiguous) ambiguous = { line: record.line, text };
      }
    }
  }
  if (ambiguous) {
    throw new FileRejectedError(
      file,
      `ambiguous dates: ${quoteDates ? `"${ambiguous.text}" could` : 'numeric dates could'} be dd/mm/yyyy or mm/dd/yyyy and no date in the file has a part above 12`,
      ambiguous.line,
      '`date_order: dmy` (or mdy) on the source in cwb.config.yaml, or `--date-order` on the command line',
    );
  }
  return { order: null, explanation: 'not needed (no numeric day/month dates)' };
}
