import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { quarantinedRecordSchema } from '@cwb/contracts';
import type { ReadBatch } from '../connector';
import { ingestSummarySchema, SummaryAccumulator } from '../report/ingest-summary';

/**
 * Expected records for one sample: the summary, every quarantined and skipped record, the
 * first rows in full, and a hash over all rows (so the file stays small for large samples).
 */
export const goldenSchema = z.object({
  /** Payments: the ingest summary (counts, totals, dates); other kinds: the counts. */
  summary: z.union([ingestSummarySchema, z.object({ rows: z.number(), quarantined: z.number(), skipped: z.number() }).strict()]),
  rows_sha256: z.string(),
  /** The first rows in full (of the kind's staged-row contract; payments: stagedApTransactionSchema). */
  first_rows: z.array(z.record(z.string(), z.unknown())),
  quarantined: z.array(quarantinedRecordSchema),
  skipped: z.array(quarantinedRecordSchema),
});
export type Golden = z.infer<typeof goldenSchema>;

/** How a golden record summarises a read: the payments' ingest summary, or the counts for any other kind. */
export interface GoldenSummariser {
  add(batch: ReadBatch<object>): void;
  summary(file: string): Golden['summary'];
}

/** Payments: counts, totals and dates, as `cwb ingest` reports them. */
export function paymentsSummariser(): GoldenSummariser {
  const accumulator = new SummaryAccumulator();
  // the kit has checked every row against the kind's contract (stagedApTransactionSchema) before
  return { add: (batch) => accumulator.add(batch as ReadBatch), summary: (file) => accumulator.summary(file) };
}

/** Any record kind: how many rows, quarantined and skipped. */
export function countsSummariser(): GoldenSummariser {
  const counts = { rows: 0, quarantined: 0, skipped: 0 };
  return {
    add: (batch) => {
      counts.rows += batch.rows.length;
      counts.quarantined += batch.quarantined.length;
      counts.skipped += batch.skipped.length;
    },
    summary: () => ({ ...counts }),
  };
}

const FIRST_ROWS = 5;

/** Builds the golden record of a read from its batches (rows are hashed as they stream past). */
export class GoldenBuilder {
  private readonly hash = createHash('sha256');
  private readonly first: Record<string, unknown>[] = [];
  private readonly quarantined: Golden['quarantined'] = [];
  private readonly skipped: Golden['skipped'] = [];

  constructor(private readonly summary: GoldenSummariser = paymentsSummariser()) {}

  add(batch: ReadBatch<object>): void {
    this.summary.add(batch);
    for (const row of batch.rows) {
      this.hash.update(`${canonicalJson(row)}\n`);
      if (this.first.length < FIRST_ROWS) this.first.push(row as Record<string, unknown>);
    }
    this.quarantined.push(...batch.quarantined);
    this.skipped.push(...batch.skipped);
  }

  build(file: string): Golden {
    return {
      summary: this.summary.summary(file),
      rows_sha256: this.hash.digest('hex'),
      first_rows: this.first,
      quarantined: this.quarantined,
      skipped: this.skipped,
    };
  }
}

/** JSON with keys in sorted order, so the hash does not depend on property order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

export async function readGolden(path: string): Promise<Golden | null> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return null;
  return goldenSchema.parse(JSON.parse(text));
}

export async function writeGolden(path: string, golden: Golden): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(golden, null, 2)}\n`);
}
