import { isAbsolute, join, relative } from 'node:path';
import type { FlowJob } from 'bullmq';
import { refreshJobSchema, type Anchor, type RefreshJob } from '@cwb/contracts';
import type { Logger } from '@cwb/logger';
import {
  createFlowProducer,
  defaultJobOptions,
  jobId,
  parsePayload,
  queueName,
  type RefreshResult,
  type StageJob,
  type Topology,
} from '@cwb/queue';
import { connectorByName } from '../connector-registry';
import { sha256File, sourceFileId } from '../source-file-identity';

interface PlannedFile {
  anchor: Anchor;
  path: string;
  display_path: string;
  source_file_id: string;
  content_sha256: string;
  connector: string;
  mapping: string | undefined;
  options: Record<string, unknown>;
}

/** Discover: list every configured source file of every anchor, with its content hash. */
export async function discoverFiles(data: RefreshJob): Promise<PlannedFile[]> {
  const planned: PlannedFile[] = [];
  for (const anchor of data.anchors) {
    for (const source of anchor.sources) {
      const connector = connectorByName(source.connector);
      const pattern = isAbsolute(source.path) ? source.path : join(data.config_dir, source.path);
      const spec = connector.spec.parse({ ...source.options, path: pattern, ...(source.mapping ? { mapping: source.mapping } : {}) });
      const files = await connector.discover(spec);
      for (const file of files) {
        const display = relative(data.config_dir, file.path);
        planned.push({
          anchor,
          path: file.path,
          display_path: display.startsWith('..') ? file.path : display,
          source_file_id: sourceFileId(anchor.id, display),
          content_sha256: await sha256File(file.path),
          connector: source.connector,
          mapping: source.mapping,
          options: source.options,
        });
      }
    }
  }
  return planned;
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
    data: { run_id: runId, anchors: data.anchors, warehouse_path: data.warehouse_path, snapshot_path: data.snapshot_path },
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
              },
              opts: { jobId: jobId('extract', runId, file.source_file_id), ...defaultJobOptions, failParentOnFailure: true },
            },
          ],
        },
      ],
    })),
  };
}

export function refreshRunProcessor(topology: Topology, logger: Logger) {
  return async (job: StageJob<'refresh'>): Promise<RefreshResult> => {
    const data = parsePayload(refreshJobSchema, job);
    const log = logger.child({ run_id: data.run_id, job_id: job.id, queue: 'refresh' });
    const files = await discoverFiles(data);
    log.info({ files: files.length, anchors: data.anchors.length }, 'discovered source files');
    const flows = createFlowProducer(topology);
    try {
      await flows.add(refreshFlow(data, files));
    } finally {
      await flows.close();
    }
    return { run_id: data.run_id, files: files.length, build_job_id: jobId('build', data.run_id) };
  };
}
