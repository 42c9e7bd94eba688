import { z } from 'zod';
import type { StagedWorkforceRecord } from '@cwb/contracts';
import { FileRejectedError, ingestCountsShape, ingestFileFactsShape, type Connector, type DiscoveredFile, type ReadBatch, type ReadContext, type RejectedFile } from '@cwb/connector-sdk';

/**
 * What `cwb ingest <hr-file> --kind hr --dry-run --json` prints for a file that was read: the
 * same fields as for AP files without the money (amount total, credits), with counts that
 * describe a workforce instead. `date_min`/`date_max` are the snapshot dates. No value from
 * any row is printed.
 */
export const hrIngestSummarySchema = z.object({
  file: z.string(),
  kind: z.literal('hr'),
  ...ingestCountsShape,
  employees: z.number().int().nonnegative().describe('Distinct employees (posts of one person count once)'),
  home_locations: z.record(z.string(), z.number().int()).describe('Rows by home-location status (located, not_in_reference, …)'),
  contract_types: z.record(z.string(), z.number().int()),
  pay_basis: z.record(z.string(), z.number().int()),
  ...ingestFileFactsShape,
});
export type HrIngestSummary = z.infer<typeof hrIngestSummarySchema>;

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** Accumulates batches into a summary. Memory: one set of employee keys (hashes). */
export class HrSummaryAccumulator {
  private loaded = 0;
  private quarantined = 0;
  private skipped = 0;
  private readonly employees = new Set<string>();
  private min: string | null = null;
  private max: string | null = null;
  private readonly counts = {
    quarantine: {} as Record<string, number>,
    skip: {} as Record<string, number>,
    repairs: {} as Record<string, number>,
    home: {} as Record<string, number>,
    contract: {} as Record<string, number>,
    basis: {} as Record<string, number>,
  };
  private facts: ReadBatch['facts'] | null = null;

  add(batch: ReadBatch<StagedWorkforceRecord>): void {
    this.facts = batch.facts;
    this.loaded += batch.rows.length;
    this.quarantined += batch.quarantined.length;
    this.skipped += batch.skipped.length;
    for (const row of batch.rows) {
      this.employees.add(row.employee_key);
      bump(this.counts.home, row.home_location_status);
      bump(this.counts.contract, row.contract_type ?? 'not given');
      bump(this.counts.basis, row.pay_basis ?? 'not given');
      if (this.min === null || row.snapshot_date < this.min) this.min = row.snapshot_date;
      if (this.max === null || row.snapshot_date > this.max) this.max = row.snapshot_date;
    }
    for (const entry of batch.quarantined) bump(this.counts.quarantine, entry.reason);
    for (const entry of batch.skipped) bump(this.counts.skip, entry.reason);
    for (const note of batch.notes) bump(this.counts.repairs, note.note);
  }

  summary(file: string): HrIngestSummary {
    return hrIngestSummarySchema.parse({
      file,
      kind: 'hr',
      rows_read: this.loaded + this.quarantined + this.skipped,
      rows_loaded: this.loaded,
      rows_quarantined: this.quarantined,
      rows_skipped: this.skipped,
      quarantine_reasons: this.counts.quarantine,
      skip_reasons: this.counts.skip,
      repairs: this.counts.repairs,
      employees: this.employees.size,
      home_locations: this.counts.home,
      contract_types: this.counts.contract,
      pay_basis: this.counts.basis,
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

export type HrSummaryResult = { kind: 'read'; summary: HrIngestSummary } | { kind: 'rejected'; rejected: RejectedFile };

/** Reads one HR file through the connector, keeps nothing, and summarises it. */
export async function summariseHrFile<Spec>(
  connector: Connector<Spec, StagedWorkforceRecord>,
  file: DiscoveredFile,
  spec: Spec,
  ctx: Partial<ReadContext> = {},
): Promise<HrSummaryResult> {
  const context: ReadContext = {
    load_id: ctx.load_id ?? 'dry-run',
    anchor_id: ctx.anchor_id ?? 'dry-run',
    source_file: ctx.source_file ?? file.display_path,
    reference_path: ctx.reference_path ?? null,
  };
  const accumulator = new HrSummaryAccumulator();
  try {
    for await (const batch of connector.read(file, spec, context)) accumulator.add(batch);
  } catch (error) {
    if (error instanceof FileRejectedError) {
      return { kind: 'rejected', rejected: { file: context.source_file, rejected: error.reason, line: error.line, expected: error.expected } };
    }
    throw error;
  }
  return { kind: 'read', summary: accumulator.summary(context.source_file) };
}
