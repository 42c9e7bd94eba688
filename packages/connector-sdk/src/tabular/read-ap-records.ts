import { stagedApTransactionSchema, type StagedApTransaction } from '@cwb/contracts';
import { FileRejectedError, type FileFacts, type ReadBatch, type ReadContext } from '../connector';
import type { SourceRecord } from '../csv/csv-record-assembler';
import { uniqueHeaderNames } from '../mapping/header-names';
import { chooseMapping } from '../mapping/mapping-choice';
import { fitMapping, type MappingFit } from '../mapping/mapping-fit';
import type { Mapping } from '../mapping/mapping-schema';
import { describeNonPaymentHeader, looksLikeContractsRegister } from '../mapping/non-payment-detection';
import type { DateOrder } from '../values/date';
import { paymentColumnLexicon, type ColumnLexicon } from '../inference/column-lexicon';
import { headerNamesRequiredRoles, inferLayout, type LayoutInference } from '../inference/infer-layout';
import { describeLayout } from '../inference/layout-facts';
import { ApRowBuilder } from './ap-row-builder';
import type { BadRowPolicy } from './bad-row-policy';
import { decideDateOrder, readRecordBatches, type TabularRecordKind } from './record-batches';
import { cleanCell, isBlankCell, isBlankRecord } from './cell-text';
import type { RecordSource } from './record-source';
import { headerSearch } from './header-search';
import { CsvRecordSource } from '../csv/csv-record-source';
import type { ApReadRoute } from '../fast-path/ap-fast-path';

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
  const { found, order, facts } = await decideApLayout(source, options, ctx.source_file);
  const builder = new ApRowBuilder(found.fit, found.header, order);

  const kind: TabularRecordKind<Omit<StagedApTransaction, 'anchor_id' | 'load_id' | 'source_file' | 'source_line'>, StagedApTransaction> = {
    build: (fields) => builder.build(fields),
    stage: (built, anchorId) => built.map(({ row, lineage }) => ({ anchor_id: anchorId, ...row, ...lineage })),
    schema: stagedApTransactionSchema,
    keepRaw: true,
  };
  yield* readRecordBatches(source, found.line, kind, options, ctx, facts);
}

/** What the reader decides before reading rows: the header and its mapping, the day/month order, the file's facts. */
async function decideApLayout(source: RecordSource, options: ApReadOptions, file: string) {
  const found = await findHeader(source, options, file);
  const dateColumn = found.fit.columns.payment_date;
  const { order, explanation: orderExplanation } = await decideDateOrder(
    source,
    { line: found.line, mapping: found.fit.mapping.name, configured: found.fit.mapping.parse.date_order, dateColumns: dateColumn === undefined ? [] : [dateColumn] },
    options.date_order,
    file,
    true,
  );
  const facts = (): FileFacts => ({
    ...source.describe(),
    header_line: found.line,
    header: found.header,
    mapping: found.fit.mapping.name,
    mapping_reason: found.explanation,
    date_order: orderExplanation,
    ...(found.inferred ? { layout: describeLayout(found.inferred) } : {}),
  });
  return { found, order, facts };
}

/**
 * Which reader reads a file: once its layout is decided (as `readApRecords` decides it, so a
 * file refused there is refused here), a delimited text file goes to DuckDB unless something
 * only the Node reader does is needed; then the reason says what. A refusal throws as in
 * `readApRecords`.
 */
export async function planApRead(source: RecordSource, options: ApReadOptions, ctx: ReadContext, path: string): Promise<ApReadRoute> {
  if (!(source instanceof CsvRecordSource)) return { route: 'node', reason: 'not delimited text (a workbook): read row by row' };
  if (options.on_bad_row === 'halt') return { route: 'node', reason: 'on_bad_row: halt stops at the first bad row: read row by row' };
  const { found, order, facts } = await decideApLayout(source, options, ctx.source_file);
  if (found.fit.mapping.filters.length > 0) return { route: 'node', reason: `mapping ${found.fit.mapping.name} has row filters: read row by row` };
  const { encoding, ...rest } = facts();
  void encoding; // known once DuckDB's pass has decoded every line
  return {
    route: 'duckdb',
    reason: 'delimited text with a decided layout: read by DuckDB',
    plan: {
      path,
      encoding: source.forcedEncoding(),
      delimiter: rest.delimiter,
      header_line: found.line,
      header_length: found.header.length,
      columns: found.fit.columns,
      date_order: order,
      parse: found.fit.mapping.parse,
      on_bad_row: options.on_bad_row,
      facts: rest,
    },
  };
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
