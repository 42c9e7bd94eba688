import { join } from 'node:path';

/** Where one source file's staged batches live for one run (shared storage in a multi-machine deployment). */
export function stagedFilePaths(stagingDir: string, runId: string, sourceFileId: string) {
  const dir = join(stagingDir, runId, sourceFileId);
  return {
    dir,
    /** Staged rows and rejected records as the loader reads them (Parquet). */
    rows: join(dir, 'rows.parquet'),
    rejected: join(dir, 'rejected.parquet'),
    /** The Node reader's output as it streams, converted to the Parquet files when the read ends. */
    rowsNdjson: join(dir, 'rows.ndjson'),
    rejectedNdjson: join(dir, 'rejected.ndjson'),
    postcodes: join(dir, 'postcodes.ndjson'),
    classifications: join(dir, 'supplier_classifications.ndjson'),
  };
}
