import { stagedApTransactionSchema, type QuarantinedRecord, type StagedApTransaction } from '@cwb/contracts';
import { FileRejectedError, type FileFacts, type ReadBatch, type ReadContext, type RowNote } from '../connector';
import type { SourceRecord } from '../csv/csv-record-assembler';
import { uniqueHeaderNames } from '../mapping/header-names';
import { chooseMapping } from '../mapping/mapping-choice';
import { fitMapping, type MappingFit } from '../mapping/mapping-fit';
import type { Mapping } from '../mapping/mapping-schema';
import { describeNonPaymentHeader } from '../mapping/non-payment-detection';
import { dateOrderEvidence, type DateOrder } from '../values/date';
import { ApRowBuilder } from './ap-row-builder';
import { BadRowHaltError, type BadRowPolicy } from './bad-row-policy';
import { cleanCell, isBlankRecord } from './cell-text';
import type { RecordSource } from './record-source';

export interface ApReadOptions {
  /** The layouts to choose from. */
  mappings: readonly Mapping[];
  /** Use this mapping (by name) instead of choosing from the header. */
  mapping?: string | null;
  /** Day/month order for numeric dates, when the source knows it; overrides the mapping. */
  date_order?: DateOrder | null;
  on_bad_row: BadRowPolicy;
  batch_size: number;
  /** How many non-blank records may precede the header (report preambles). */
  header_search_records?: number;
}

interface HeaderFound {
  line: number;
  header: string[];
  fit: MappingFit;
  explanation: string;
}

const RAW_LIMIT = 2000;

/**
 * Reads AP payment records from a record source into bounded batches of canonical rows.
 * Every non-blank record after the header lands in exactly one of rows, quarantined (or
 * skipped, under the `skip` policy) and skipped; blank records are not counted.
 */
export async function* readApRecords(
  source: RecordSource,
  options: ApReadOptions,
  ctx: ReadContext,
): AsyncGenerator<ReadBatch> {
  const file = ctx.source_file;
  const found = await findHeader(source, options, file);
  const { order, explanation: orderExplanation } = await decideDateOrder(source, found, options, file);
  const builder = new ApRowBuilder(found.fit, found.header, order);
  const facts = (): FileFacts => ({
    ...source.describe(),
    header_line: found.line,
    header: found.header,
    mapping: found.fit.mapping.name,
    mapping_reason: found.explanation,
    date_order: orderExplanation,
  });

  let batch = emptyBatch(facts());
  for await (const records of source.open()) {
    for (const record of records) {
      if (record.line <= found.line || isBlankRecord(record.fields)) continue;
      const outcome = builder.build(record.fields);
      const lineage = { load_id: ctx.load_id, source_file: file, source_line: record.line };
      if (outcome.kind === 'row') {
        const candidate: StagedApTransaction = { anchor_id: ctx.anchor_id, ...outcome.row, ...lineage };
        const checked = stagedApTransactionSchema.safeParse(candidate);
        if (checked.success) {
          batch.rows.push(checked.data);
          for (const note of outcome.notes) batch.notes.push({ source_line: record.line, note });
        } else {
          const detail = checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
          placeBad(batch, options.on_bad_row, record, lineage, ctx.anchor_id, 'row failed validation', detail);
        }
      } else if (outcome.kind === 'skip') {
        batch.skipped.push(aside(record, lineage, ctx.anchor_id, outcome.reason, outcome.detail));
      } else {
        placeBad(batch, options.on_bad_row, record, lineage, ctx.anchor_id, outcome.reason, outcome.detail);
      }
      if (batch.rows.length + batch.quarantined.length + batch.skipped.length >= options.batch_size) {
        batch.facts = facts();
        yield batch;
        batch = emptyBatch(facts());
      }
    }
  }
  batch.facts = facts();
  yield batch;
}

function emptyBatch(facts: FileFacts): ReadBatch & { notes: RowNote[] } {
  return { facts, rows: [], quarantined: [], skipped: [], notes: [] };
}

function aside(
  record: SourceRecord,
  lineage: { load_id: string; source_file: string; source_line: number },
  anchor_id: string,
  reason: string,
  detail: string | null,
): QuarantinedRecord {
  return { ...lineage, anchor_id, reason, detail, raw: record.raw.slice(0, RAW_LIMIT) };
}

function placeBad(
  batch: ReadBatch,
  policy: BadRowPolicy,
  record: SourceRecord,
  lineage: { load_id: string; source_file: string; source_line: number },
  anchor_id: string,
  reason: string,
  detail: string | null,
): void {
  if (policy === 'halt') throw new BadRowHaltError(lineage.source_file, record.line, reason, detail);
  const entry = aside(record, lineage, anchor_id, reason, detail);
  if (policy === 'skip') batch.skipped.push(entry);
  else batch.quarantined.push(entry);
}

async function findHeader(source: RecordSource, options: ApReadOptions, file: string): Promise<HeaderFound> {
  const limit = options.header_search_records ?? 50;
  const forced = options.mapping ? options.mappings.find((mapping) => mapping.name === options.mapping) : null;
  if (options.mapping && !forced) {
    throw new FileRejectedError(
      file,
      `unknown mapping "${options.mapping}"`,
      null,
      `one of: ${options.mappings.map((mapping) => mapping.name).join(', ')}`,
    );
  }
  let firstCandidate: { line: number; header: string[] } | null = null;
  let seen = 0;
  for await (const records of source.open()) {
    for (const record of records) {
      if (isBlankRecord(record.fields)) continue;
      seen += 1;
      const header = uniqueHeaderNames(record.fields.map((field) => cleanCell(field)));
      const textCells = record.fields.filter((field) => /[A-Za-z]/.test(field)).length;
      if (!firstCandidate && textCells >= 2) firstCandidate = { line: record.line, header };
      if (forced) {
        const fit = fitMapping(forced, header);
        if (fit.fits) return { line: record.line, header, fit, explanation: `mapping ${forced.name} given by the source` };
      } else {
        const choice = chooseMapping(options.mappings, header);
        if (choice.kind === 'chosen') return { line: record.line, header, fit: choice.fit, explanation: choice.explanation };
        if (choice.kind === 'ambiguous') {
          throw new FileRejectedError(file, `ambiguous layout: ${choice.explanation}`, record.line, 'exactly one mapping to fit');
        }
      }
      if (seen >= limit) break;
    }
    if (seen >= limit) break;
  }
  if (forced && firstCandidate) {
    const fit = fitMapping(forced, firstCandidate.header);
    const missing = [
      ...fit.missing.map((field) => `${field} (any of: ${(forced.columns[field] ?? []).join(' | ')})`),
      ...fit.missing_signature.map((name) => `header "${name}"`),
    ];
    throw new FileRejectedError(
      file,
      `mapping ${forced.name} does not fit the header: missing ${missing.join(', ')}`,
      firstCandidate.line,
      'a header with those columns, or another --mapping',
    );
  }
  const described = describeNonPaymentHeader(firstCandidate?.header ?? []);
  throw new FileRejectedError(file, described.reason, firstCandidate?.line ?? null, described.expected);
}

/**
 * The day/month order for numeric dates: set by the source, else by the mapping, else proved by
 * the file (the first date with a part above 12). A file whose dates never decide is rejected.
 */
async function decideDateOrder(
  source: RecordSource,
  found: HeaderFound,
  options: ApReadOptions,
  file: string,
): Promise<{ order: DateOrder | null; explanation: string }> {
  if (options.date_order) return { order: options.date_order, explanation: `${options.date_order} (set for this source)` };
  const configured = found.fit.mapping.parse.date_order;
  if (configured !== 'auto') return { order: configured, explanation: `${configured} (set by mapping ${found.fit.mapping.name})` };
  const index = found.fit.columns.payment_date;
  let ambiguous: { line: number; text: string } | null = null;
  for await (const records of source.open()) {
    for (const record of records) {
      if (record.line <= found.line || index === undefined) continue;
      const text = cleanCell(record.fields[index]);
      const evidence = dateOrderEvidence(text);
      if (evidence === 'dmy' || evidence === 'mdy') {
        return { order: evidence, explanation: `${evidence} (proved by "${text}" on line ${record.line})` };
      }
      if (evidence === 'ambiguous' && !ambiguous) ambiguous = { line: record.line, text };
    }
  }
  if (ambiguous) {
    throw new FileRejectedError(
      file,
      `ambiguous dates: "${ambiguous.text}" could be dd/mm/yyyy or mm/dd/yyyy and no date in the file has a part above 12`,
      ambiguous.line,
      'date_order set for this source (dmy or mdy; `--date-order` on the command line)',
    );
  }
  return { order: null, explanation: 'not needed (no numeric day/month dates)' };
}
