import type { z } from 'zod';
import type { QuarantinedRecord, SkippedRecord, StagedApTransaction } from '@cwb/contracts';
import type { LayoutFacts } from './inference/layout-facts';

/** Where a read happens: ids for lineage and the anchor the rows belong to. */
export interface ReadContext {
  load_id: string;
  anchor_id: string;
  /** The path recorded as lineage (`source_file`); usually the path as configured. */
  source_file: string;
  /**
   * The run's read-only postcode reference, for connectors that must locate at read time
   * (HR extracts: home postcodes are replaced by areas before anything is staged).
   */
  reference_path?: string | null;
}

/** What the reader found out about a file (reported by `cwb inspect` and recorded in run history). */
export interface FileFacts {
  encoding: string;
  delimiter: string;
  header_line: number;
  /** The header as read (repeated names get ` #2`, blank ones `column N`). */
  header?: string[];
  mapping: string | null;
  /** Why that mapping: given by the source, or chosen from the header (and what else fit). */
  mapping_reason?: string;
  /** The day/month order used for numeric dates, and how it was decided. */
  date_order?: string;
  /** XLSX: the sheet read, when the workbook has several and none was named. */
  sheet?: string;
  /** When no mapping was used: the inferred role of each column, with evidence and confidence. */
  layout?: LayoutFacts;
}

/** A note on a loaded row that was repaired on the way in (e.g. fused date and amount split). */
export interface RowNote {
  source_line: number;
  note: string;
}

/**
 * One bounded batch of a file. Every record read ends up in exactly one of the three lists,
 * so rows.length + quarantined.length + skipped.length summed over batches = records read.
 */
export interface ReadBatch<Row = StagedApTransaction> {
  facts: FileFacts;
  rows: Row[];
  quarantined: QuarantinedRecord[];
  skipped: SkippedRecord[];
  /** Repairs made to rows in `rows` (each note refers to a loaded row by line). */
  notes: RowNote[];
}

/** A quarantined or skipped record, as reports see it. */
export type QuarantinedLike = Pick<QuarantinedRecord, 'source_line' | 'reason' | 'detail'>;

/** A file that cannot be read as this connector's kind of data at all. */
export class FileRejectedError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line: number | null = null,
    readonly expected: string | null = null,
  ) {
    super(
      `${file}${line === null ? '' : `:${line}`}: ${reason}${expected ? ` (expected ${expected})` : ''}`,
    );
    this.name = 'FileRejectedError';
  }
}

export interface DiscoveredFile {
  /** Absolute local path (remote sources download to a cache first). */
  path: string;
  /** Path as the user configured or would recognise it. */
  display_path: string;
  size: number;
  mtime_ms: number;
  /** The remote's version marker when there is one (an HTTP ETag or Last-Modified). */
  revision?: string | null;
}

export interface Connector<Spec, Row = StagedApTransaction> {
  name: string;
  spec: z.ZodType<Spec, any>;
  check(config: Spec): Promise<{ ok: true } | { ok: false; reason: string }>;
  discover(config: Spec): Promise<DiscoveredFile[]>;
  read(file: DiscoveredFile, config: Spec, ctx: ReadContext): AsyncIterable<ReadBatch<Row>>;
}
