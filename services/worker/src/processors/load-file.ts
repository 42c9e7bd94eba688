import { enrichResultSchema, loadJobSchema, type LoadResult } from '@cwb/contracts';
import type { Logger } from '@cwb/logger';
import { parsePayload, type StageJob } from '@cwb/queue';
import { loadStagedFile, migrate, withHeldWriter } from '@cwb/warehouse';
import { onlyChildValue } from './enrich-file';
import { loaderDuckdbOptions, loaderHold } from '../duckdb-settings';

/**
 * Load: the single writer. Replaces the source file's rows in one transaction (so a retried or
 * duplicated job never double counts). The warehouse stays open for the next load job for a
 * few seconds (withHeldWriter, CWB_LOADER_HOLD_MS), so a refresh's loads share checkpoints
 * instead of paying one each; build-models (in this process) checkpoints and closes it.
 */
export function loadFileProcessor(logger: Logger) {
  return async (job: StageJob<'load'>): Promise<LoadResult> => {
    const data = parsePayload(loadJobSchema, job);
    const log = logger.child({ run_id: data.run_id, anchor_id: data.anchor_id, source_file: data.source_file, job_id: job.id, queue: 'load' });
    const enriched = await onlyChildValue(job, (v) => enrichResultSchema.parse(v));
    const { extract } = enriched;
    const counts = await withHeldWriter(data.warehouse_path, { ...loaderDuckdbOptions(data.warehouse_path), ...loaderHold() }, async (warehouse) => {
      await migrate(warehouse);
      return loadStagedFile(warehouse, {
        run_id: data.run_id,
        load_id: `${data.run_id}-${data.source_file_id}`,
        anchor_id: data.anchor_id,
        source_file_id: data.source_file_id,
        source_file: data.source_file,
        content_sha256: data.content_sha256,
        rows_path: extract.rows_path,
        rejected_path: extract.quarantine_path,
        postcodes_path: enriched.suppliers_path || null,
        classifications_path: enriched.classifications_path || null,
        rows_read: extract.rows_read,
        rows_staged: extract.rows_staged,
        rows_quarantined: extract.rows_quarantined,
        rows_skipped: extract.rows_skipped,
        mapping: extract.mapping,
        encoding: extract.encoding,
        record_kind: extract.record_kind,
      }, { onInserting: () => log.debug({ previous_rows_deleted: true }, 'transaction open: inserting the staged rows') });
    });
    log.info(counts, 'loaded source file');
    return { source_file_id: data.source_file_id, ...counts };
  };
}
