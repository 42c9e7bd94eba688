import { z } from 'zod';
import type { StagedApTransaction } from '@cwb/contracts';
import { FileRejectedError, type Connector, type DiscoveredFile, type ReadBatch, type ReadContext } from '../connector';
import { formatPence } from '../values/amount';

/** Record counts every dry-run summary starts with (AP payments and HR extracts alike). */
export const ingestCountsShape = {
  rows_read: z.number().int().nonnegative(),
  rows_loaded: z.number().int().nonnegative(),
  rows_quarantined: z.number().int().nonnegative(),
  rows_skipped: z.number().int().nonnegative(),
  quarantine_reasons: z.record(z.string(), z.number().int()),
  skip_reasons: z.record(z.string(), z.number().int()),
  repairs: z.record(z.string(), z.number().int()),
};

/** What the reader found out about the file, closing every dry-run summary. */
export const ingestFileFactsShape = {
  date_min: z.iso.date().nullable(),
  date_max: z.iso.date().nullable(),
  encoding: z.string(),
  delimiter: z.string(),
  header_line: z.number().int(),
  mapping: z.string().nullable(),
  mapping_reason: z.string().nullable(),
  date_order: z.string().nullable(),
};

/** What `cwb ingest --dry-run --json` prints for a file that was read. */
export const ingestSummarySchema = z.object({
  file: z.string(),
  ...ingestCountsShape,
  amount_total: z.string().regex(/^-?\d+\.\d{2}$/).describe('Sum of loaded rows in pounds'),
  credits: z.number().int().nonnegative().describe('Loaded rows with a negative amount'),
  redacted: z.number().int().nonnegative(),
  procurement_card: z.number().int().nonnegative(),
  ...ingestFileFactsShape,
});
export type IngestSummary = z.infer<typeof ingestSummarySchema>;

/** What is printed for a file that is not payments (or cannot be read at all). */
export const rejectedFileSchema = z.object({
  file: z.string(),
  rejected: z.string(),
  line: z.number().int().nullable(),
  expected: z.string().nullable(),
});
export type RejectedFile = z.infer<typeof rejectedFileSchema>;

/** Accumulates batches into a summary; memory stays constant (counts only). */
export class SummaryAccumulator {
  private loaded = 0;
  private quarantined = 0;
  private skipped = 0;
  private total = 0n;
  private credits = 0;
  private redacted = 0;
  private card = 0;
  private min: string | null = null;
  private max: string | null = null;
  private readonly quarantineReasons: Record<string, number> = {};
  private readonly skipReasons: Record<string, number> = {};
  private readonly repairs: Record<string, number> = {};
  private facts: ReadBatch['facts'] | null = null;

  add(batch: ReadBatch<StagedApTransaction>): void {
    this.facts = batch.facts;
    this.loaded += batch.rows.length;
    this.quarantined += batch.quarantined.length;
    this.skipped += batch.skipped.length;
    let sum = 0;
    for (const row of batch.rows) {
      sum += row.amount_pence;
      if (row.amount_pence < 0) this.credits += 1;
      if (row.is_redacted) this.redacted += 1;
      if (row.is_procurement_card) this.card += 1;
      if (this.min === null || row.payment_date < this.min) this.min = row.payment_date;
      if (this.max === null || row.payment_date > this.max) this.max = row.payment_date;
    }
    this.total += BigInt(sum);
    for (const entry of batch.quarantined) this.quarantineReasons[entry.reason] = (this.quarantineReasons[entry.reason] ?? 0) + 1;
    for (const entry of batch.skipped) this.skipReasons[entry.reason] = (this.skipReasons[entry.reason] ?? 0) + 1;
    for (const note of batch.notes) this.repairs[note.note] = (this.repairs[note.note] ?? 0) + 1;
  }

  summary(file: string): IngestSummary {
    return ingestSummarySchema.parse({
      file,
      rows_read: this.loaded + this.quarantined + this.skipped,
      rows_loaded: this.loaded,
      rows_quarantined: this.quarantined,
      rows_skipped: this.skipped,
      quarantine_reasons: this.quarantineReasons,
      skip_reasons: this.skipReasons,
      repairs: this.repairs,
      amount_total: formatPence(this.total),
      credits: this.credits,
      redacted: this.redacted,
      procurement_card: this.card,
      date_min: this.min,
      date_max: this.max,
      encoding: this.facts?.encoding ?? 'unknown',
      delimiter: this.facts?.delimiter ?? '',
      header_line: this.facts?.header_line ?? 0,
      mapping: this.facts?.mapping ?? null,
      mapping_reason: this.facts?.mapping_reason ?? null,
      date_order: this.facts?.date_order ?? null,
    });
  }
}

/**
 * Reads one file through a connector without loading anything and summarises it.
 * A file the connector rejects (not payments, unreadable) gives a `RejectedFile` instead.
 */
export async function summariseFile<Spec>(
  connector: Connector<Spec>,
  file: DiscoveredFile,
  spec: Spec,
  ctx: Partial<ReadContext> = {},
): Promise<{ kind: 'read'; summary: IngestSummary } | { kind: 'rejected'; rejected: RejectedFile }> {
  const context: ReadContext = {
    load_id: ctx.load_id ?? 'dry-run',
    anchor_id: ctx.anchor_id ?? 'dry-run',
    source_file: ctx.source_file ?? file.display_path,
  };
  const accumulator = new SummaryAccumulator();
  try {
    for await (const batch of connector.read(file, spec, context)) accumulator.add(batch);
  } catch (error) {
    if (error instanceof FileRejectedError) {
      return {
        kind: 'rejected',
        rejected: { file: context.source_file, rejected: error.reason, line: error.line, expected: error.expected },
      };
    }
    throw error;
  }
  return { kind: 'read', summary: accumulator.summary(context.source_file) };
}
