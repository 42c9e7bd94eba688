import type { Queue } from 'bullmq';
import { createQueue, type StageName, type Topology } from '@cwb/queue';

/** How the extract stage begins the reason of a file it refused (not payments, unreadable layout). */
export const REFUSED_PREFIX = 'refused: ';

export interface FileFailure {
  /** The failed load job's id. */
  job: string;
  /** The source file, as configured, when known. */
  source_file: string | null;
  /** The stage where the file's chain first failed. */
  stage: StageName | null;
  /** That stage's own error (not BullMQ's "child … failed"). */
  reason: string;
  /** The file was refused with a reason (a FileRejectedError), not lost to an error. */
  refused: boolean;
}

/**
 * A failed file surfaces at build-models as "child <enrich job> failed"; the useful
 * message is the root one. Job ids are deterministic (`load-<run>-<file>`,
 * `enrich-…`, `extract-…`), so the chain's jobs are looked up directly.
 */
export async function explainFailures(topology: Topology, failed: Record<string, string>): Promise<FileFailure[]> {
  const stages: StageName[] = ['extract', 'enrich', 'load'];
  const queues = new Map<StageName, Queue>(stages.map((s) => [s, createQueue(topology, s) as unknown as Queue]));
  try {
    const out: FileFailure[] = [];
    for (const [key, reason] of Object.entries(failed)) {
      const loadId = key.split(':').pop() ?? key;
      const suffix = loadId.replace(/^load-/, '');
      let found: FileFailure = { job: loadId, source_file: null, stage: 'load', reason: String(reason), refused: false };
      for (const stage of stages) {
        const job = await queues.get(stage)?.getJob(`${stage}-${suffix}`);
        if (!job) continue;
        const data = job.data as { source_file_display?: string; source_file?: string };
        found.source_file ??= data.source_file_display ?? data.source_file ?? null;
        if (job.failedReason && !/^child .* failed$/.test(job.failedReason)) {
          found = { ...found, stage, reason: job.failedReason, refused: job.failedReason.startsWith(REFUSED_PREFIX) };
          break;
        }
      }
      out.push(found);
    }
    return out;
  } finally {
    await Promise.all([...queues.values()].map((q) => q.close()));
  }
}
