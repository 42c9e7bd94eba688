import { FileRejectedError } from '../connector';

/** How many non-blank records may precede the header (report preambles) when none is pinned. */
export const DEFAULT_HEADER_SEARCH_RECORDS = 50;

/**
 * Where a reader looks for the header: the first `records` non-blank records, or exactly the
 * line a source pins (`header_line`, as `cwb inspect` reports it: the file's 1-based line).
 */
export interface HeaderSearch {
  /** The pinned line, or null when the header is found. */
  pinned: number | null;
  /** Non-blank records to read while looking. */
  records: number;
  /** Whether the record on this line may be the header. */
  accepts(line: number): boolean;
  /** Refuses a file whose pinned header line was not among the records read (blank or past the end). */
  refuseIfUnseen(file: string, acceptedAny: boolean, lastLineSeen: number | null): void;
}

export function headerSearch(pinned: number | null | undefined, records = DEFAULT_HEADER_SEARCH_RECORDS): HeaderSearch {
  if (!pinned) {
    return { pinned: null, records, accepts: () => true, refuseIfUnseen: () => undefined };
  }
  return {
    pinned,
    // Every record before the pinned line may be non-blank, so read up to it.
    records: Math.max(records, pinned),
    accepts: (line) => line === pinned,
    refuseIfUnseen(file, acceptedAny, lastLineSeen) {
      if (acceptedAny) return;
      throw new FileRejectedError(
        file,
        `header_line ${pinned} is blank or past the end of the file${lastLineSeen === null ? '' : ` (last non-blank line read: ${lastLineSeen})`}`,
        pinned,
        'the line of the header as `cwb inspect FILE` reports it, or no header_line to find it',
      );
    },
  };
}
