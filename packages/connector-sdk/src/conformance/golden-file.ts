import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { quarantinedRecordSchema, stagedApTransactionSchema, type StagedApTransaction } from '@cwb/contracts';
import type { ReadBatch } from '../connector';
import { ingestSummarySchema, SummaryAccumulator } from '../report/ingest-summary';

/**
 * Expected records for one sample: the summary, every quarantined and skipped record, the
 * first rows in full, and a hash over all rows (so the file stays small for large samples).
 */
export const goldenSchema = z.object({
  summary: ingestSummarySchema,
  rows_sha256: z.string(),
  first_rows: z.array(stagedApTransactionSchema),
  quarantined: z.array(quarantinedRecordSchema),
  skipped: z.array(quarantinedRecordSchema),
});
export type Golden = z.infer<typeof goldenSchema>;

const FIRST_ROWS = 5;

/** Builds the golden record of a read from its batches (rows are hashed as they stream past). */
export class GoldenBuilder {
  private readonly hash = createHash('sha256');
  private readonly first: StagedApTransaction[] = [];
  private readonly quarantined: Golden['quarantined'] = [];
  private readonly skipped: Golden['skipped'] = [];
  private readonly summary = new SummaryAccumulator();

  add(batch: ReadBatch): void {
    this.summary.add(batch);
    for (const row of batch.rows) {
      this.hash.update(`${canonicalJson(row)}\n`);
      if (this.first.length < FIRST_ROWS) this.first.push(row);
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
