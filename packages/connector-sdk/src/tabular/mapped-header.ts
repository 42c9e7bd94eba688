import { FileRejectedError } from '../connector';
import type { SourceRecord } from '../csv/csv-record-assembler';
import { chooseMapping } from '../mapping/mapping-choice';
import type { FittableMapping, MappingFit } from '../mapping/mapping-fit';
import { uniqueHeaderNames } from '../mapping/header-names';
import { cleanCell, isBlankRecord } from './cell-text';
import { headerSearch } from './header-search';
import type { RecordSource } from './record-source';

/** A header found by fitting a record kind's mappings. */
export interface MappedHeader<M, Field extends string> {
  line: number;
  header: string[];
  fit: MappingFit<M, Field>;
  explanation: string;
}

export interface MappedHeaderOptions<M, Field extends string> {
  mappings: readonly M[];
  /** The mapping the source pins (by name); null: chosen from the header. */
  mapping: string | null;
  /** The header's line as `cwb inspect` reports it; null: found. */
  header_line: number | null;
  fit: (mapping: M, header: readonly string[]) => MappingFit<M, Field>;
  /** The kind, in messages: "land register", "HR". */
  what: string;
  /** The kind with its article, for the refusal "not <noun> this connector knows": "a land register", "an HR extract". */
  noun: string;
  /** What a file of this kind has, for the refusal: "a header with an asset code or UPRN column". */
  expected: string;
}

/**
 * Finds the header of a file of a mapped record kind (one that has no inference, only its
 * mappings: land registers, grants, HR): the first record, within the header search, that a
 * mapping fits (the pinned one, else the best of them; a tie is refused, never guessed). A
 * file no mapping fits is refused with its first columns and the mappings known.
 */
export async function findMappedHeader<M extends FittableMapping<Field> & { name: string }, Field extends string>(
  source: RecordSource,
  options: MappedHeaderOptions<M, Field>,
  file: string,
): Promise<MappedHeader<M, Field>> {
  const search = headerSearch(options.header_line);
  const forced = options.mapping ? options.mappings.find((mapping) => mapping.name === options.mapping) : null;
  const known = options.mappings.map((mapping) => mapping.name).join(', ');
  if (options.mapping && !forced) throw new FileRejectedError(file, `unknown ${options.what} mapping "${options.mapping}"`, null, `one of: ${known}`);
  let firstCandidate: { line: number; header: string[] } | null = null;
  let seen = 0;
  let acceptedAny = false;
  let lastLine: number | null = null;
  scan: for await (const records of source.open()) {
    for (const record of records as SourceRecord[]) {
      if (isBlankRecord(record.fields)) continue;
      seen += 1;
      lastLine = record.line;
      if (search.accepts(record.line)) {
        acceptedAny = true;
        const header = uniqueHeaderNames(record.fields.map((field) => cleanCell(field)));
        if (!firstCandidate && (search.pinned !== null || record.fields.filter((field) => /[A-Za-z]/.test(field)).length >= 2)) firstCandidate = { line: record.line, header };
        if (forced) {
          const fit = options.fit(forced, header);
          if (fit.fits) return { line: record.line, header, fit, explanation: `mapping ${forced.name} given by the source` };
        } else {
          const choice = chooseMapping<Field, M>(options.mappings, header, options.fit);
          if (choice.kind === 'chosen') return { line: record.line, header, fit: choice.fit, explanation: choice.explanation };
          if (choice.kind === 'ambiguous') throw new FileRejectedError(file, `ambiguous ${options.what} layout: ${choice.explanation}`, record.line, 'exactly one mapping to fit');
        }
      }
      if (seen >= search.records) break scan;
    }
  }
  search.refuseIfUnseen(file, acceptedAny, lastLine);
  if (forced && firstCandidate) {
    const fit = options.fit(forced, firstCandidate.header);
    const missing = [
      ...fit.missing.map((field) => `${field} (any of: ${(forced.columns[field] ?? []).join(' | ')})`),
      ...fit.missing_signature.map((name) => `header "${name}"`),
    ];
    throw new FileRejectedError(file, `${options.what} mapping ${forced.name} does not fit the header: missing ${missing.join(', ')}`, firstCandidate.line, 'a header with those columns, or another --mapping');
  }
  throw new FileRejectedError(
    file,
    `not ${options.noun} this connector knows: no mapping fits the header${firstCandidate ? ` (columns: ${firstCandidate.header.slice(0, 12).join(', ')})` : ''}`,
    firstCandidate?.line ?? null,
    `${options.expected}, fitting one of: ${known}; or a new mapping file`,
  );
}
