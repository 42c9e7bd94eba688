import { buildModelsJobSchema, loadResultSchema } from '@cwb/contracts';
import type { Logger } from '@cwb/logger';
import { parsePayload, type BuildModelsResult, type StageJob, type Topology } from '@cwb/queue';
import { explainFailures } from '../failure-cause';
import { buildModels, migrate, publishParquet, publishSnapshot, recordRun, replaceRespendRates, withDatabase } from '@cwb/warehouse';
import { dirname, join } from 'node:path';
import { anchorGeographies } from '../anchor-geographies';
import { loaderDuckdbOptions } from '../duckdb-settings';

/**
 * Build models and publish: runs once all of a refresh's files are loaded (it is the root
 * of the refresh flow). Files whose chain failed are listed from BullMQ's ignored
 * failures and recorded in run history; the models are rebuilt from everything loaded
 * (incrementally: only the anchors whose files, suppliers or postcodes changed, unless the
 * configuration or a model changed; see @cwb/warehouse build-plan.ts), and a new read-only snapshot is swapped in atomically, then Hive-partitioned Parquet of
 * the marts and metrics beside it (`<snapshot dir>/parquet/current`).
 */
export function buildModelsProcessor(topology: Topology, logger: Logger) {
  return async (job: StageJob<'load'>): Promise<BuildModelsResult> => {
    const data = parsePayload(buildModelsJobSchema, job);
    const log = logger.child({ run_id: data.run_id, job_id: job.id, queue: 'load' });
    const loaded = Object.values(await job.getChildrenValues()).map((v) => loadResultSchema.parse(v));
    const failures = await explainFailures(topology, await job.getIgnoredChildrenFailures());
    const { geographies, notes } = await anchorGeographies(data.anchors, data.reference_path);
    for (const note of notes) log.warn(note);
    const plan = await withDatabase(data.warehouse_path, loaderDuckdbOptions(data.warehouse_path), async (warehouse) => {
      await migrate(warehouse);
      await replaceRespendRates(warehouse, data.indicators?.respend_rates ?? null);
      const started = performance.now();
      const result = await buildModels(warehouse, data.anchors, {
        partnerships: data.partnerships ?? [],
        geographies,
        settings: data.indicators ?? {},
        buildId: data.run_id,
      });
      const { plan } = result;
      log.info(
        { build_mode: plan.mode, anchors_rebuilt: plan.anchors, reason: plan.reason, seconds: Math.round(performance.now() - started) / 1000 },
        `models built (${plan.mode}): ${plan.reason}`,
      );
      await recordRun(warehouse, {
        run_id: data.run_id,
        started_at: new Date(job.timestamp),
        status: failures.length === 0 ? 'succeeded' : loaded.length > 0 ? 'partial' : 'failed',
        files_loaded: loaded.length,
        files_failed: failures.length,
        failures,
      });
      // withDatabase checkpoints before closing, so the snapshot below copies a complete file.
      return plan;
    });
    const snapshot = await publishSnapshot(data.warehouse_path, data.snapshot_path, data.run_id);
    // After an incremental build, the unchanged anchors' payment files are linked, not rewritten.
    const parquet = await publishParquet(snapshot, join(dirname(snapshot), 'parquet'), data.run_id, {
      buildId: data.run_id,
      ...(plan.mode === 'incremental' && plan.previousBuildId ? { incremental: { previousBuildId: plan.previousBuildId, anchors: plan.anchors } } : {}),
    });
    if (failures.length > 0) log.error({ failures }, 'refresh finished with failed files');
    log.info({ files_loaded: loaded.length, files_failed: failures.length, snapshot, parquet }, 'models built, snapshot and Parquet published');
    return { run_id: data.run_id, files_loaded: loaded.length, files_failed: failures.length, failures, snapshot_path: snapshot };
  };
}
