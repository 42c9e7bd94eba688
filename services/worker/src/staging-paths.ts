import { join } from 'node:path';

/** Where one source file's staged batches live for one run (shared storage in a multi-machine deployment). */
export function stagedFilePaths(stagingDir: string, runId: string, sourceFileId: string) {
  const dir = join(stagingDir, runId, sourceFileId);
  return {
    dir,
    rows: join(dir, 'rows.ndjson'),
    rejected: join(dir, 'rejected.ndjson'),
    postcodes: join(dir, 'postcodes.ndjson'),
    classifications: join(dir, 'supplier_classifications.ndjson'),
  };
}
