import { stagedWorkforceRecordSchema, type StagedWorkforceRecord } from '@cwb/contracts';
import {
  cleanCell,
  decideDateOrder,
  FileRejectedError,
  headerSearch,
  isBlankRecord,
  readRecordBatches,
  uniqueHeaderNames,
  type BadRowPolicy,
  type DateOrder,
  type FileFacts,
  type ReadBatch,
  type ReadContext,
  type RecordSource,
  type SourceRecord,
  type TabularRecordKind,
} from '@cwb/connector-sdk';
import type { HomeLocator } from './home-locator';
import { pseudonymise as applyPrivacy } from './pseudonymise';
import { HrRowBuilder, type HrSourceRow } from './hr-row-builder';
import { chooseWorkforceMapping, fitWorkforceMapping, type WorkforceField, type WorkforceMapping, type WorkforceMappingFit } from './workforce-mapping';

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

interface HeaderFound {
  line: number;
  header: string[];
  fit: WorkforceMappingFit;
  explanation: string;
}

const DATE_FIELDS: WorkforceField[] = ['snapshot_date', 'start_date', 'leave_date'];

/**
 * Reads HR records into bounded batches of pseudonymised workforce records. Every non-blank
 * record after the header lands in exactly one of rows, quarantined and skipped. Quarantined
 * and skipped records keep their line and reason but never their raw text (`raw` is null):
 * it would hold the reference, the postcode and names.
 */
export async function* readHrRecords(
  source: RecordSource,
  options: HrReadOptions,
  ctx: ReadContext,
): AsyncGenerator<ReadBatch<StagedWorkforceRecord>> {
  const file = ctx.source_file;
  const found = await findHeader(source, options, file);
  const { order, explanation: orderExplanation } = await decideDateOrder(
    source,
    {
      line: found.line,
      mapping: found.fit.mapping.name,
      configured: found.fit.mapping.parse.date_order,
      dateColumns: DATE_FIELDS.map((field) => found.fit.columns[field]).filter((index): index is number => index !== undefined),
    },
    options.date_order,
    file,
    false,
  );
  const builder = new HrRowBuilder(found.fit, found.header, order, options.snapshot_date);
  const facts = (): FileFacts => ({
    ...source.describe(),
    header_line: found.line,
    header: found.header,
    mapping: found.fit.mapping.name,
    mapping_reason: found.explanation,
    date_order: orderExplanation,
  });
  // Quarantined and skipped records never keep their raw text: it would hold the reference, the postcode and names.
  const kind: TabularRecordKind<HrSourceRow, StagedWorkforceRecord> = {
    build: (fields) => builder.build(fields),
    stage: (built, anchorId) => applyPrivacy(built, { hashKey: options.hash_key, anchorId, locator: options.locator }),
    schema: stagedWorkforceRecordSchema,
    keepRaw: false,
  };
  yield* readRecordBatches(source, found.line, kind, options, ctx, facts);
}

async function findHeader(source: RecordSource, options: HrReadOptions, file: string): Promise<HeaderFound> {
  const search = headerSearch(options.header_line);
  const forced = options.mapping ? options.mappings.find((mapping) => mapping.name === options.mapping) : null;
  if (options.mapping && !forced) {
    throw new FileRejectedError(file, `unknown HR mapping "${options.mapping}"`, null, `one of: ${options.mappings.map((m) => m.name).join(', ')}`);
  }
  let firstCandidate: { line: number; header: string[] } | null = null;
  let seen = 0;
  let acceptedAny = false;
  let lastLine: number | null = null;
  for await (const records of source.open()) {
    for (const record of records as SourceRecord[]) {
      if (isBlankRecord(record.fields)) continue;
      seen += 1;
      lastLine = record.line;
      if (!search.accepts(record.line)) {
        if (seen >= search.records) break;
        continue;
      }
      acceptedAny = true;
      const header = uniqueHeaderNames(record.fields.map((field) => cleanCell(field)));
      if (!firstCandidate && (search.pinned !== null || record.fields.filter((field) => /[A-Za-z]/.test(field)).length >= 2)) firstCandidate = { line: record.line, header };
      if (forced) {
        const fit = fitWorkforceMapping(forced, header);
        if (fit.fits) return { line: record.line, header, fit, explanation: `mapping ${forced.name} given by the source` };
      } else {
        const choice = chooseWorkforceMapping(options.mappings, header);
        if (choice.kind === 'chosen') return { line: record.line, header, fit: choice.fit, explanation: choice.explanation };
        if (choice.kind === 'ambiguous') {
          throw new FileRejectedError(file, `ambiguous HR layout: ${choice.explanation}`, record.line, 'exactly one mapping to fit');
        }
      }
      if (seen >= search.records) break;
    }
    if (seen >= search.records) break;
  }
  search.refuseIfUnseen(file, acceptedAny, lastLine);
  if (forced && firstCandidate) {
    const fit = fitWorkforceMapping(forced, firstCandidate.header);
    const missing = [
      ...fit.missing.map((field) => `${field} (any of: ${(forced.columns[field] ?? []).join(' | ')})`),
      ...fit.missing_signature.map((name) => `header "${name}"`),
    ];
    throw new FileRejectedError(file, `HR mapping ${forced.name} does not fit the header: missing ${missing.join(', ')}`, firstCandidate.line, 'a header with those columns, or another --mapping');
  }
  throw new FileRejectedError(
    file,
    `not an HR extract this connector knows: no mapping fits the header${firstCandidate ? ` (columns: ${firstCandidate.header.slice(0, 12).join(', ')})` : ''}`,
    firstCandidate?.line ?? null,
    `a header with an employee reference column, fitting one of: ${options.mappings.map((m) => m.name).join(', ')}; or a new mapping file`,
  );
}
