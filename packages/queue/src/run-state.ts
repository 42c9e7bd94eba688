import { createQueue } from './factories';
import { withRedis } from './redis-client';
import { runEntry } from './run-ledger';
import { jobId, type BuildModelsResult, type RefreshResult, type Topology } from './topology';

/**
 * Where a run is, read from its BullMQ jobs (the truth; nothing else is kept in step):
 * `queued` (refresh job waiting), `running` (discovering, or the flow not finished),
 * `succeeded`, `partial` (some files failed, the rest published), `failed` (discovery or
 * model build failed for good, or every file failed), `unknown` (no jobs: never enqueued,
 * removed), `lost` (its jobs went with a Redis restarted without persistence, as recorded by
 * the command that was waiting for it: see markRunLost).
 */
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed' | 'unknown' | 'lost';

export interface RunState {
  run_id: string;
  status: RunStatus;
  reason: string | null;
  enqueued_at: number | null;
  started_at: number | null;
  finished_at: number | null;
  refresh: RefreshResult | null;
  build: BuildModelsResult | null;
}

export function isRunActive(status: RunStatus): boolean {
  return status === 'queued' || status === 'running';
}

export async function runState(topology: Topology, runId: string): Promise<RunState> {
  const refreshQueue = createQueue(topology, 'refresh');
  const loadQueue = createQueue(topology, 'load');
  try {
    const [refresh, build] = await Promise.all([
      refreshQueue.getJob(jobId('refresh', runId)),
      loadQueue.getJob(jobId('build', runId)),
    ]);
    const state: RunState = {
      run_id: runId,
      status: 'unknown',
      reason: null,
      enqueued_at: refresh?.timestamp ?? null,
      started_at: refresh?.processedOn ?? null,
      finished_at: null,
      refresh: (refresh?.returnvalue as RefreshResult | undefined) ?? null,
      build: null,
    };
    if (build) {
      const buildState = await build.getState();
      if (buildState === 'completed') {
        // The job may have been read just before it completed: read it again for its result.
        const finished = build.returnvalue ? build : ((await loadQueue.getJob(jobId('build', runId))) ?? build);
        const result = finished.returnvalue as BuildModelsResult;
        state.build = result;
        state.finished_at = finished.finishedOn ?? null;
        state.status = result.files_failed === 0 ? 'succeeded' : result.files_loaded > 0 ? 'partial' : 'failed';
        if (result.files_failed > 0) state.reason = result.failures.map((f) => `${f.job}: ${f.reason}`).join('; ');
      } else if (buildState === 'failed') {
        state.status = 'failed';
        state.reason = `building models failed: ${build.failedReason}`;
        state.finished_at = build.finishedOn ?? null;
      } else {
        state.status = 'running';
      }
      return state;
    }
    if (refresh) {
      const refreshState = await refresh.getState();
      if (refreshState === 'failed') {
        state.status = 'failed';
        state.reason = `discovery failed: ${refresh.failedReason}`;
        state.finished_at = refresh.finishedOn ?? null;
      } else if (refreshState === 'active') {
        state.status = 'running';
      } else if (refreshState === 'completed') {
        state.status = 'unknown';
        state.reason = 'the run was enqueued but its model build job is gone';
      } else {
        state.status = 'queued';
      }
    }
    if (!refresh) {
      const entry = await withRedis(topology, (redis) => runEntry(redis, topology, runId));
      if (entry?.lost) {
        state.status = 'lost';
        state.reason = entry.lost.reason;
        state.finished_at = Date.parse(entry.lost.detected_at);
      }
    }
    return state;
  } finally {
    await Promise.all([refreshQueue.close(), loadQueue.close()]);
  }
}
