import type { LoadedConfig } from '@cwb/config';
import type { FileSource, RefreshJob } from '@cwb/contracts';
import { createQueue, createQueueEvents, jobId, triggerRefresh, type BuildModelsResult, type RunTrigger, type StageName, type Topology } from '@cwb/queue';
import type { BuildProgress } from '@cwb/reference';
import { ensureConfiguredReference, refreshPayload, type ConfiguredReference } from '@cwb/scheduler';

export { newRunId } from '@cwb/scheduler';

/** Raised when a refresh is asked for while the previous run is still going. */
export class RunInProgressError extends Error {
  constructor(readonly activeRunId: string) {
    super(`refresh ${activeRunId} is still going; a new run starts only when it has finished (see: cwb runs show ${activeRunId})`);
    this.name = 'RunInProgressError';
  }
}

/**
 * Enqueues one refresh, the same way the scheduler does: the configured reference is built
 * first when missing or changed (ensureConfiguredReference) (services/scheduler builds the
 * payload; @cwb/queue's triggerRefresh enforces one run at a time). Every configured anchor
 * goes into the payload, but only the named anchors' sources are read; `sources` replaces
 * those anchors' configured sources (how `cwb ingest` loads one file). `full` forgets the
 * file cursors so every file is read again. Throws RunInProgressError when a run is going.
 */
export async function enqueueRefresh(
  topology: Topology,
  loaded: LoadedConfig,
  options: {
    anchorIds?: string[];
    runId?: string;
    sources?: FileSource[];
    full?: boolean;
    trigger?: RunTrigger;
    rebuildReference?: boolean;
    onReferenceProgress?: (p: BuildProgress) => void;
  } = {},
): Promise<RefreshJob & { reference: ConfiguredReference }> {
  const reference = await ensureConfiguredReference(loaded, {
    ...(options.rebuildReference ? { rebuild: true } : {}),
    ...(options.onReferenceProgress ? { onProgress: options.onReferenceProgress } : {}),
  });
  const payload = refreshPayload(loaded, options);
  const trigger: RunTrigger = { kind: 'manual', ...options.trigger, ...(options.full ? { full: true } : {}) };
  const outcome = await triggerRefresh(topology, payload, trigger);
  if (outcome.outcome === 'skipped') throw new RunInProgressError(outcome.active_run_id);
  return { ...payload, reference };
}

export interface StageEvent {
  stage: StageName;
  jobId: string;
  outcome: 'completed' | 'failed';
  detail: string;
}

/**
 * Waits until a run's build-models job has finished, reporting each stage job as it
 * completes or fails. Throws when the refresh job itself fails (e.g. discovery error)
 * or when the run does not finish within `timeoutMs`.
 */
export async function waitForRun(
  topology: Topology,
  runId: string,
  options: {
    onEvent?: (e: StageEvent) => void;
    /** Called once, when the refresh job has planned the run: how many changed files it will read. */
    onPlan?: (files: number) => void;
    timeoutMs?: number;
  } = {},
): Promise<BuildModelsResult> {
  const stages: StageName[] = ['extract', 'enrich', 'load'];
  const listeners = stages.map((stage) => {
    const events = createQueueEvents(topology, stage);
    events.on('completed', ({ jobId: id, returnvalue }) => {
      if (!id.includes(runId)) return;
      const value = (typeof returnvalue === 'string' ? safeJson(returnvalue) : returnvalue) as Record<string, unknown> | null;
      options.onEvent?.({ stage, jobId: id, outcome: 'completed', detail: describeResult(value) });
    });
    events.on('failed', ({ jobId: id, failedReason }) => {
      if (!id.includes(runId)) return;
      options.onEvent?.({ stage, jobId: id, outcome: 'failed', detail: failedReason });
    });
    return events;
  });
  const refreshQueue = createQueue(topology, 'refresh');
  const loadQueue = createQueue(topology, 'load');
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  try {
    await Promise.all(listeners.map((l) => l.waitUntilReady()));
    let planned = false;
    for (;;) {
      const refresh = await refreshQueue.getJob(jobId('refresh', runId));
      if (refresh && (await refresh.isFailed())) {
        throw new Error(`refresh ${runId} failed: ${refresh.failedReason}`);
      }
      const plan = refresh?.returnvalue as { files?: unknown } | null | undefined;
      if (!planned && typeof plan?.files === 'number') {
        planned = true;
        options.onPlan?.(plan.files);
      }
      const build = await loadQueue.getJob(jobId('build', runId));
      if (build) {
        const state = await build.getState();
        if (state === 'completed') {
          // Read again: the job may have completed between getJob and getState.
          const finished = build.returnvalue ? build : await loadQueue.getJob(jobId('build', runId));
          if (finished?.returnvalue) return finished.returnvalue as BuildModelsResult;
        }
        if (state === 'failed') throw new Error(`refresh ${runId}: building models failed: ${build.failedReason}`);
      }
      if (Date.now() > deadline) throw new Error(`refresh ${runId} did not finish in time; is a worker running (cwb worker)?`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await Promise.all([...listeners.map((l) => l.close()), refreshQueue.close(), loadQueue.close()]);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function describeResult(value: Record<string, unknown> | null): string {
  if (!value) return '';
  const extract = (value.extract ?? value) as Record<string, unknown>;
  if ('rows_loaded' in value) return `${value.rows_loaded} loaded, ${value.rows_quarantined} quarantined, ${value.rows_skipped} skipped`;
  if ('suppliers' in value) {
    const m = value.matching as { suppliers: number; matched: number; cache_hits: number; cache_misses: number } | null | undefined;
    const matching = m ? `; ${m.matched} of ${m.suppliers} suppliers matched (${m.cache_hits} from the cache, ${m.cache_misses} matched now)` : '';
    return `${value.suppliers} supplier postcodes, ${value.suppliers_located} located${matching}`;
  }
  if ('rows_read' in extract) return `${extract.rows_read} rows read (mapping ${String(extract.mapping)}, ${String(extract.encoding)})`;
  return '';
}
