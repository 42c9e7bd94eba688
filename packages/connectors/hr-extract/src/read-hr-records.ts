import {
  stagedWorkforceRecordSchema,
  type Lineage,
  type QuarantinedRecord,
  type StagedWorkforceRecord,
} from '@cwb/contracts';
import {
  BadRowHaltError,
  cleanCell,
  dateOrderEvidence,
  FileRejectedError,
  headerSearch,
  isBlankRecord,
  uniqueHeaderNames,
  type BadRowPolicy,
  type DateOrder,
  type FileFacts,
  type ReadBatch,
  type ReadContext,
  type RecordSource,
  type SourceRecord,
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
  const { order, explanation: orderExplanation } = await decideDateOrder(source, found, options, file);
  const builder = new HrRowBuilder(found.fit, found.header, order, options.snapshot_date);
  const facts = (): FileFacts => ({
    ...source.describe(),
    header_line: found.line,
    header: found.header,
    mapping: found.fit.mapping.name,
    mapping_reason: found.explanation,
    date_order: orderExplanation,
  });
  let pending: { row: HrSourceRow; lineage: Lineage; notes: string[] }[] = [];
  let batch: ReadBatch<StagedWorkforceRecord> = { facts: facts(), rows: [], quarantined: [], skipped: [], notes: [] };
  const flush = async () => {
    const records = await pseudonymise(pending, options, ctx.anchor_id);
    for (const [index, record] of records.entries()) {
      const entry = pending[index];
      if (!entry) continue;
      const checked = stagedWorkforceRecordSchema.safeParse(record);
      if (checked.success) {
        batch.rows.push(checked.data);
        for (const note of entry.notes) batch.notes.push({ source_line: entry.lineage.source_line, note });
      } else {
        const detail = checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
        placeBad(batch, options.on_bad_row, entry.lineage, ctx.anchor_id, 'row failed validation', detail);
      }
    }
    pending = [];
  };
  for await (const records of source.open()) {
    for (const record of records) {
      if (record.line <= found.line || isBlankRecord(record.fields)) continue;
      const outcome = builder.build(record.fields);
      const lineage = { load_id: ctx.load_id, source_file: file, source_line: record.line };
      if (outcome.kind === 'row') pending.push({ row: outcome.row, lineage, notes: outcome.notes });
      else if (outcome.kind === 'skip') batch.skipped.push(aside(lineage, ctx.anchor_id, outcome.reason, outcome.detail));
      else placeBad(batch, options.on_bad_row, lineage, ctx.anchor_id, outcome.reason, outcome.detail);
      if (pending.length + batch.rows.length + batch.quarantined.length + batch.skipped.length >= options.batch_size) {
        await flush();
        batch.facts = facts();
        yield batch;
        batch = { facts: facts(), rows: [], quarantined: [], skipped: [], notes: [] };
      }
    }
  }
  await flush();
  batch.facts = facts();
  yield batch;
}

async function pseudonymise(
  pending: readonly { row: HrSourceRow; lineage: Lineage }[],
  options: HrReadOptions,
  anchorId: string,
): Promise<StagedWorkforceRecord[]> {
  if (pending.length === 0) return [];
  return applyPrivacy(pending, { hashKey: options.hash_key, anchorId, locator: options.locator });
}

function aside(lineage: Lineage, anchor_id: string, reason: string, detail: string | null): QuarantinedRecord {
  return { ...lineage, anchor_id, reason, detail, raw: null };
}

function placeBad(
  batch: ReadBatch<StagedWorkforceRecord>,
  policy: BadRowPolicy,
  lineage: Lineage,
  anchor_id: string,
  reason: string,
  detail: string | null,
): void {
  if (policy === 'halt') throw new BadRowHaltError(lineage.source_file, lineage.source_line, reason, detail);
  const entry = aside(lineage, anchor_id, reason, detail);
  if (policy === 'skip') batch.skipped.push(entry);
  else batch.quarantined.push(entry);
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

/** Numeric day/month order: from the source, else the mapping, else proved by the file's dates. */
async function decideDateOrder(
  source: RecordSource,
  found: HeaderFound,
  options: HrReadOptions,
  file: string,
): Promise<{ order: DateOrder | null; explanation: string }> {
  if (options.date_order) return { order: options.date_order, explanation: `${options.date_order} (set for this source)` };
  const configured = found.fit.mapping.parse.date_order;
  if (configured !== 'auto') return { order: configured, explanation: `${configured} (set by mapping ${found.fit.mapping.name})` };
  const indexes = DATE_FIELDS.map((field) => found.fit.columns[field]).filter((index): index is number => index !== undefined);
  let ambiguous: number | null = null;
  for await (const records of source.open()) {
    for (const record of records) {
      if (record.line <= found.line) continue;
      for (const index of indexes) {
        const evidence = dateOrderEvidence(cleanCell(record.fields[index]));
        if (evidence === 'dmy' || evidence === 'mdy') return { order: evidence, explanation: `${evidence} (proved by a date on line ${record.line})` };
        if (evidence === 'ambiguous' && ambiguous === null) ambiguous = record.line;
      }
    }
  }
  if (ambiguous !== null) {
    throw new FileRejectedError(
      file,
      'ambiguous dates: numeric dates could be dd/mm/yyyy or mm/dd/yyyy and no date in the file has a part above 12',
      ambiguous,
      'date_order set for this source (dmy or mdy; `--date-order` on the command line)',
    );
  }
  return { order: null, explanation: 'not needed (no numeric day/month dates)' };
}
