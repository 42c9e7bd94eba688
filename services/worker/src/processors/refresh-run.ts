import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { FlowJob } from 'bullmq';
import { refreshJobSchema, type Anchor, type RefreshJob } from '@cwb/contracts';
import type { Logger } from '@cwb/logger';
import {
  createFlowProducer,
  defaultJobOptions,
  jobId,
  loadedFileCursors,
  openRedis,
  parsePayload,
  planFileCursors,
  queueName,
  touchFileCursor,
  type FileCursor,
  type RefreshResult,
  type StageJob,
  type Topology,
} from '@cwb/queue';
import { decideByCursor, isMappingPath } from '@cwb/connector-sdk';
import { connectorByName } from '../connector-registry';
import { sourceFileId } from '../source-file-identity';

interface DiscoveredSourceFile {
  anchor: Anchor;
  path: string;
  display_path: string;
  source_file_id: string;
  size: number;
  mtime_ms: number;
  connector: string;
  mapping: string | undefined;
  options: Record<string, unknown>;
}

interface PlannedFile extends DiscoveredSourceFile {
  content_sha256: string;
}

/** Discover: list every configured source file of every anchor, with its size and modified time. */
export async function discoverFiles(data: RefreshJob): Promise<DiscoveredSourceFile[]> {
  const discovered: DiscoveredSourceFile[] = [];
  for (const anchor of data.anchors) {
    for (const source of anchor.sources) {
      const connector = connectorByName(source.connector);
      const pattern = isAbsolute(source.path) ? source.path : join(data.config_dir, source.path);
      // A mapping given as a file is relative to the config file, like the source's path.
      const mapping = source.mapping && isMappingPath(source.mapping) && !isAbsolute(source.mapping) ? join(data.config_dir, source.mapping) : source.mapping;
      // so is a folder of mappings (before, it was read relative to the worker's working directory)
      const folder = source.options.mappings_dir;
      const options = typeof folder === 'string' && !isAbsolute(folder) ? { ...source.options, mappings_dir: join(data.config_dir, folder) } : source.options;
      const spec = connector.spec.parse({ ...options, path: pattern, ...(mapping ? { mapping } : {}) });
      const files = await connector.discover(spec);
      for (const file of files) {
        const display = relative(data.config_dir, file.path);
        discovered.push({
          anchor,
          path: file.path,
          display_path: display.startsWith('..') ? file.path : display,
          source_file_id: sourceFileId(anchor.id, display),
          size: file.size,
          mtime_ms: file.mtime_ms,
          connector: source.connector,
          mapping,
          options,
        });
      }
    }
  }
  return discovered;
}

export interface FilePlan {
  changed: PlannedFile[];
  /** Files whose content is already in the warehouse, with why they were recognised. */
  skipped: { file: DiscoveredSourceFile; why: string; touched: FileCursor | null }[];
  /** How many files had to be read to hash them. */
  hashed: number;
}

/**
 * Decides which files a run reads. A file whose size and modified time equal its cursor's
 * is not opened at all; otherwise it is hashed, and a file whose content hash is the one
 * already loaded (touched, not edited) is still skipped. Without cursors every file is read.
 */
export async function planChangedFiles(files: DiscoveredSourceFile[], cursors: Map<string, FileCursor>): Promise<FilePlan> {
  const plan: FilePlan = { changed: [], skipped: [], hashed: 0 };
  for (const file of files) {
    const cursor = cursors.get(file.source_file_id);
    const decision = await decideByCursor(file, cursor);
    if (decision.kind === 'unchanged') {
      if (decision.touched) plan.hashed += 1;
      plan.skipped.push({ file, why: decision.why, touched: decision.touched ? decision.cursor : null });
      continue;
    }
    plan.hashed += 1;
    plan.changed.push({ ...file, content_sha256: decision.content_sha256 });
  }
  return plan;
}

/**
 * The refresh as one BullMQ flow. BullMQ runs children before parents, so each file is a
 * chain extract → enrich → load, and build-models (the root) runs once every file's load
 * has finished. A file that fails for good fails its own chain (failParentOnFailure) and is
 * then ignored by build-models (ignoreDependencyOnFailure), which records it in run history:
 * one bad file never stops the others.
 */
export function refreshFlow(data: RefreshJob, files: PlannedFile[]): FlowJob {
  const runId = data.run_id;
  return {
    name: 'build-models',
    queueName: queueName('load'),
    data: {
      run_id: runId,
      anchors: data.anchors,
      partnerships: data.partnerships ?? [],
      indicators: data.indicators,
      reference_path: data.reference_path,
      warehouse_path: data.warehouse_path,
      snapshot_path: data.snapshot_path,
    },
    opts: { jobId: jobId('build', runId), ...defaultJobOptions },
    children: files.map((file) => ({
      name: 'load-file',
      queueName: queueName('load'),
      data: {
        run_id: runId,
        anchor_id: file.anchor.id,
        source_file: file.display_path,
        source_file_id: file.source_file_id,
        content_sha256: file.content_sha256,
        warehouse_path: data.warehouse_path,
      },
      opts: { jobId: jobId('load', runId, file.source_file_id), ...defaultJobOptions, ignoreDependencyOnFailure: true },
      children: [
        {
          name: 'enrich-file',
          queueName: queueName('enrich'),
          data: {
            run_id: runId,
            anchor_id: file.anchor.id,
            source_file_id: file.source_file_id,
            staging_dir: data.staging_dir,
            reference_path: data.reference_path,
            registers_path: data.registers_path,
            overrides_path: data.overrides_path,
            home_lad_codes: file.anchor.home.lad_codes,
          },
          opts: { jobId: jobId('enrich', runId, file.source_file_id), ...defaultJobOptions, failParentOnFailure: true },
          children: [
            {
              name: 'extract-file',
              queueName: queueName('extract'),
              data: {
                run_id: runId,
                anchor_id: file.anchor.id,
                source_file: file.path,
                source_file_display: file.display_path,
                source_file_id: file.source_file_id,
                content_sha256: file.content_sha256,
                connector: file.connector,
                mapping: file.mapping,
                options: file.options,
                staging_dir: data.staging_dir,
                reference_path: data.reference_path,
              },
              opts: { jobId: jobId('extract', runId, file.source_file_id), ...defaultJobOptions, failParentOnFailure: true },
            },
          ],
        },
      ],
    })),
  };
}

/**
 * Discover, plan and enqueue one run's flow. Only new or changed files get jobs (their
 * cursors are planned here and confirmed by the loader once their rows are committed);
 * unchanged files are counted as skipped. With no warehouse file yet, cursors are ignored.
 */
export function refreshRunProcessor(topology: Topology, logger: Logger) {
  return async (job: StageJob<'refresh'>): Promise<RefreshResult> => {
    const data = parsePayload(refreshJobSchema, job);
    const log = logger.child({ run_id: data.run_id, job_id: job.id, queue: 'refresh' });
    const files = await discoverFiles(data);
    const redis = openRedis(topology);
    try {
      const warehouseExists = existsSync(data.warehouse_path);
      if (!warehouseExists) log.info({ warehouse: data.warehouse_path }, 'no warehouse yet: reading every file');
      const cursors = warehouseExists ? await loadedFileCursors(redis, topology, data.warehouse_path) : new Map<string, FileCursor>();
      const plan = await planChangedFiles(files, cursors);
      for (const skipped of plan.skipped) {
        log.debug({ anchor_id: skipped.file.anchor.id, source_file: skipped.file.display_path, why: skipped.why }, 'unchanged file skipped');
        if (skipped.touched) await touchFileCursor(redis, topology, data.warehouse_path, skipped.touched);
      }
      await planFileCursors(
        redis,
        topology,
        data.run_id,
        plan.changed.map((f) => ({
          source_file_id: f.source_file_id,
          content_sha256: f.content_sha256,
          size: f.size,
          mtime_ms: f.mtime_ms,
          run_id: data.run_id,
          loaded_at: null,
        })),
      );
      log.info(
        { files: files.length, changed: plan.changed.length, skipped: plan.skipped.length, hashed: plan.hashed, anchors: data.anchors.length },
        'discovered source files',
      );
      const flows = createFlowProducer(topology);
      try {
        await flows.add(refreshFlow(data, plan.changed));
      } finally {
        await flows.close();
      }
      return {
        run_id: data.run_id,
        files: plan.changed.length,
        files_skipped: plan.skipped.length,
        files_hashed: plan.hashed,
        build_job_id: jobId('build', data.run_id),
      };
    } finally {
      redis.disconnect();
    }
  };
}
