import type { LoadedConfig } from '@cwb/config';
import type { FileSource, RefreshJob } from '@cwb/contracts';
import { createQueue, createQueueEvents, jobId, markRunLost, triggerRefresh, withRedis, type BuildModelsResult, type RunTrigger, type StageName, type Topology } from '@cwb/queue';
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
/** How long a waiting command waits for Redis to come back before it gives up. */
const redisOutageMs = () => Number(process.env.CWB_REDIS_OUTAGE_MS ?? 60_000);

/** ioredis's and BullMQ's words for a lost connection. */
export function isRedisConnectionError(error: unknown): boolean {
  return /max retries per request|ECONNREFUSED|ECONNRESET|Connection is closed|connect ETIMEDOUT|Stream isn't writeable|EPIPE/i.test(error instanceof Error ? error.message : String(error));
}

/** Redis did not come back while a command waited for a run. */
export class RedisLostError extends Error {
  constructor(runId: string, redisUrl: string, cause: string) {
    super(
      `lost the connection to Redis (${redisUrl.replace(/\/\/[^@]*@/, '//***@')}) while waiting for run ${runId}, and it did not come back in ${Math.round(redisOutageMs() / 1000)} s (${cause}). ` +
        `The run goes on if the workers reach Redis again: check with \`cwb runs show ${runId}\` once Redis is up; if the run is not there, rerun \`cwb refresh\` (loads replace by file: nothing is counted twice)`,
    );
    this.name = 'RedisLostError';
  }
}

/** Redis came back without the run (restarted without persistence): the run cannot finish. */
export class RunStateLostError extends Error {
  constructor(runId: string, redisUrl: string) {
    super(
      `Redis (${redisUrl.replace(/\/\/[^@]*@/, '//***@')}) came back without run ${runId}: it restarted without persistence and the run's jobs are gone. ` +
        'Nothing half-loaded stays: loads are transactions and replace by file. Rerun `cwb refresh` (or `cwb run`); enable Redis persistence (appendonly yes) so a restart keeps runs',
    );
    this.name = 'RunStateLostError';
  }
}

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
    // a lost connection is handled by the polling loop below, not by crashing on an unheard 'error'
    events.on('error', () => undefined);
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
  for (const queue of [refreshQueue, loadQueue]) queue.on('error', () => undefined);
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  const started = Date.now();
  // the run was enqueued before this is called, so its jobs exist unless Redis lost them
  let seen = false;
  let missing = 0;
  let outage: { since: number; error: string } | null = null;
  try {
    await Promise.all(listeners.map((l) => l.waitUntilReady()));
    let planned = false;
    for (;;) {
      let refresh: Awaited<ReturnType<typeof refreshQueue.getJob>>;
      let build: Awaited<ReturnType<typeof loadQueue.getJob>>;
      let buildState: string | null = null;
      try {
        refresh = await refreshQueue.getJob(jobId('refresh', runId));
        build = await loadQueue.getJob(jobId('build', runId));
        buildState = build ? await build.getState() : null;
        outage = null;
        // Jobs that were there are never removed before the run ends (it returns or throws
        // first): both gone, twice running, means Redis lost them (restarted without persistence).
        missing = (seen || Date.now() - started > 5_000) && !refresh && !build ? missing + 1 : 0;
        if (missing >= 2) {
          const lost = new RunStateLostError(runId, topology.redisUrl);
          // run history keeps the run, marked lost, instead of forgetting it
          await withRedis(topology, (client) => markRunLost(client, topology, runId, 'Redis restarted without persistence and lost the run\'s jobs; rerun it'));
          throw lost;
        }
      } catch (error) {
        if (error instanceof RunStateLostError || !isRedisConnectionError(error)) throw error;
        // Redis away: wait for it (a restart takes seconds), then see whether the run survived.
        outage ??= { since: Date.now(), error: (error as Error).message };
        if (Date.now() - outage.since > redisOutageMs()) throw new RedisLostError(runId, topology.redisUrl, outage.error);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (refresh || build) seen = true;
      if (refresh && (await refresh.isFailed())) {
        throw new Error(`refresh ${runId} failed: ${refresh.failedReason}`);
      }
      const plan = refresh?.returnvalue as { files?: unknown } | null | undefined;
      if (!planned && typeof plan?.files === 'number') {
        planned = true;
        options.onPlan?.(plan.files);
      }
      if (build) {
        if (buildState === 'completed') {
          // Read again: the job may have completed between getJob and getState.
          const finished = build.returnvalue ? build : await loadQueue.getJob(jobId('build', runId));
          if (finished?.returnvalue) return finished.returnvalue as BuildModelsResult;
        }
        if (buildState === 'failed') throw new Error(`refresh ${runId}: building models failed: ${build.failedReason}`);
      }
      if (Date.now() > deadline) throw new Error(`refresh ${runId} did not finish in time; is a worker running (cwb worker)?`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    // With Redis gone a graceful close would wait for it for ever: give it a few seconds, then drop the connections.
    const closing = Promise.all([...listeners.map((l) => l.close()), refreshQueue.close(), loadQueue.close()]);
    const closed = await Promise.race([closing.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 3000).unref())]);
    if (!closed) {
      for (const client of [...listeners, refreshQueue, loadQueue]) void client.disconnect().catch(() => undefined);
    }
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
