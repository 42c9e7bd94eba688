import { stagedApTransactionSchema, type QuarantinedRecord, type StagedApTransaction } from '@cwb/contracts';
import { FileRejectedError, type FileFacts, type ReadBatch, type ReadContext, type RowNote } from '../connector';
import type { SourceRecord } from '../csv/csv-record-assembler';
import { uniqueHeaderNames } from '../mapping/header-names';
import { chooseMapping } from '../mapping/mapping-choice';
import { fitMapping, type MappingFit } from '../mapping/mapping-fit';
import type { Mapping } from '../mapping/mapping-schema';
import { describeNonPaymentHeader, looksLikeContractsRegister } from '../mapping/non-payment-detection';
import { dateOrderEvidence, type DateOrder } from '../values/date';
import { paymentColumnLexicon, type ColumnLexicon } from '../inference/column-lexicon';
import { headerNamesRequiredRoles, inferLayout, type LayoutInference } from '../inference/infer-layout';
import { describeLayout } from '../inference/layout-facts';
import { ApRowBuilder } from './ap-row-builder';
import { BadRowHaltError, type BadRowPolicy } from './bad-row-policy';
import { cleanCell, isBlankCell, isBlankRecord } from './cell-text';
import type { RecordSource } from './record-source';
import { headerSearch } from './header-search';

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
  /** The header is on this line (1-based, as `cwb inspect` reports it); default: found. */
  header_line?: number | null;
  /** Infer the column roles when no mapping fits (default true); `false` accepts mapped layouts only. */
  infer?: boolean;
  /** The header lexicon used for inference; default: the shipped payments lexicon. */
  lexicon?: ColumnLexicon;
}

interface HeaderFound {
  line: number;
  header: string[];
  fit: MappingFit;
  explanation: string;
  inferred: Extract<LayoutInference, { kind: 'inferred' }> | null;
}

const RAW_LIMIT = 2000;
/** Data records after a header candidate sampled to check what its columns hold. */
const SAMPLE_RECORDS = 500;

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
    ...(found.inferred ? { layout: describeLayout(found.inferred) } : {}),
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
  const search = headerSearch(options.header_line, options.header_search_records);
  const forced = options.mapping ? options.mappings.find((mapping) => mapping.name === options.mapping) : null;
  if (options.mapping && !forced) {
    throw new FileRejectedError(
      file,
      `unknown mapping "${options.mapping}"`,
      null,
      `one of: ${options.mappings.map((mapping) => mapping.name).join(', ')}`,
    );
  }
  const lexicon = options.lexicon ?? paymentColumnLexicon();
  const head = await readHead(source, search.records + SAMPLE_RECORDS);
  let firstCandidate: { line: number; header: string[] } | null = null;
  let inferenceFailure: { line: number; reason: string } | null = null;
  let acceptedAny = false;
  for (let index = 0; index < Math.min(search.records, head.length); index += 1) {
    const record = head[index] as SourceRecord;
    if (!search.accepts(record.line)) continue;
    acceptedAny = true;
    const header = uniqueHeaderNames(record.fields.map((field) => cleanCell(field)));
    const textCells = record.fields.filter((field) => /[A-Za-z]/.test(field)).length;
    if (!firstCandidate && (textCells >= 2 || search.pinned !== null)) firstCandidate = { line: record.line, header };
    if (forced) {
      const fit = fitMapping(forced, header);
      if (fit.fits) return { line: record.line, header, fit, explanation: `mapping ${forced.name} given by the source`, inferred: null };
      continue;
    }
    const choice = chooseMapping(options.mappings, header);
    if (choice.kind === 'chosen') return { line: record.line, header, fit: choice.fit, explanation: choice.explanation, inferred: null };
    if (choice.kind === 'ambiguous') {
      throw new FileRejectedError(file, `ambiguous layout: ${choice.explanation}`, record.line, 'exactly one mapping to fit');
    }
    if (options.infer === false || !headerNamesRequiredRoles(header, lexicon)) continue;
    if (looksLikeContractsRegister(header)) {
      inferenceFailure ??= { line: record.line, reason: describeNonPaymentHeader(header).reason };
      continue;
    }
    const samples = head.slice(index + 1, index + 1 + SAMPLE_RECORDS).map((entry) => entry.fields);
    const widened = widenHeader(header, samples);
    const inference = inferLayout(widened, samples, lexicon);
    if (inference.kind === 'inferred') {
      const fit: MappingFit = { mapping: inference.mapping, columns: inference.columns, recognised: inference.decisions.length, missing: [], missing_signature: [], fits: true };
      return { line: record.line, header: widened, fit, explanation: inference.explanation, inferred: inference };
    }
    if (inference.kind === 'ambiguous') {
      throw new FileRejectedError(file, inference.explanation, record.line, `one column for ${inference.role}`);
    }
    inferenceFailure ??= { line: record.line, reason: `the header names payments columns, but ${inference.explanation}` };
  }
  search.refuseIfUnseen(file, acceptedAny, head.at(-1)?.line ?? null);
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
  if (inferenceFailure) {
    throw new FileRejectedError(file, inferenceFailure.reason, inferenceFailure.line, 'a payments layout: one row per payment with a payment date, an amount and a supplier');
  }
  const described = describeNonPaymentHeader(firstCandidate?.header ?? []);
  throw new FileRejectedError(file, described.reason, firstCandidate?.line ?? null, described.expected);
}

/** The first non-blank records of a file (header candidates and the data rows after them). */
async function readHead(source: RecordSource, count: number): Promise<SourceRecord[]> {
  const head: SourceRecord[] = [];
  for await (const records of source.open()) {
    for (const record of records) {
      if (isBlankRecord(record.fields)) continue;
      head.push(record);
      if (head.length >= count) return head;
    }
  }
  return head;
}

/**
 * A header shorter than its rows: when most sampled rows carry filled cells beyond the header
 * (a trailing column the publisher left unnamed), those columns get `column N` names instead of
 * every row being refused for "too many fields".
 */
function widenHeader(header: string[], samples: readonly (readonly string[])[]): string[] {
  if (samples.length === 0) return header;
  const widths = samples.map((fields) => {
    let width = fields.length;
    while (width > 0 && isBlankCell(fields[width - 1])) width -= 1;
    return width;
  });
  const longer = widths.filter((width) => width > header.length).length;
  if (longer < samples.length / 2) return header;
  const width = Math.max(...widths);
  return uniqueHeaderNames([...header, ...Array.from({ length: width - header.length }, () => '')]);
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
