import { refreshJobSchema } from '@cwb/contracts';
import { createQueue } from './factories';
import { jobId, type Topology } from './topology';
import { triggerRefresh, type TriggerOutcome } from './trigger-refresh';

/**
 * `cwb retry <run>`: starts a new run with the original run's payload (same anchors,
 * sources and paths). Files the failed run did load are skipped by their cursors, so the
 * retry does only what is left, then rebuilds and publishes. Refused while a run is going.
 */
export async function retryRun(topology: Topology, runId: string, newRunId: string): Promise<TriggerOutcome> {
  const queue = createQueue(topology, 'refresh');
  let original;
  try {
    original = await queue.getJob(jobId('refresh', runId));
  } finally {
    await queue.close();
  }
  if (!original) {
    throw new Error(`cannot retry ${runId}: its refresh job is gone (removed after 7 days, or lost with a Redis without persistence); start a new run with cwb refresh`);
  }
  const payload = refreshJobSchema.parse({ ...original.data, run_id: newRunId });
  return triggerRefresh(topology, payload, { kind: 'retry', retry_of: runId });
}
