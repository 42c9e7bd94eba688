import type { RefreshJob } from '@cwb/contracts';
import { claimActiveRun, releaseActiveRun } from './active-run';
import { createQueue } from './factories';
import { forgetFileCursors } from './file-cursors';
import { withRedis } from './redis-client';
import { redisKeys } from './redis-keys';
import { recordRunEntry, type RunTrigger } from './run-ledger';
import { jobId, type Topology } from './topology';

export type TriggerOutcome =
  | { outcome: 'enqueued'; run_id: string }
  /** Another scheduler replica already fired this slot. */
  | { outcome: 'duplicate'; run_id: string; slot: string }
  /** The previous run is still going; this trigger starts nothing. */
  | { outcome: 'skipped'; run_id: string; active_run_id: string };

const slotTtlSeconds = 7 * 24 * 3600;

/**
 * The one way a refresh starts, for the scheduler, `cwb refresh` and `cwb retry` alike:
 * a scheduled slot fires once across replicas (SET NX on the slot), a run never starts
 * while the previous one is going (active-run claim), and the refresh job id is the run id
 * (deterministic, so a duplicate add is a no-op). `full` forgets the warehouse's file
 * cursors first, so every file is read again.
 */
export async function triggerRefresh(
  topology: Topology,
  payload: RefreshJob,
  trigger: RunTrigger,
): Promise<TriggerOutcome> {
  return withRedis(topology, async (redis) => {
    const runId = payload.run_id;
    if (trigger.slot) {
      const slotKey = redisKeys.scheduleSlot(topology, trigger.slot);
      if ((await redis.set(slotKey, runId, 'EX', slotTtlSeconds, 'NX')) !== 'OK') {
        return { outcome: 'duplicate', run_id: (await redis.get(slotKey)) ?? runId, slot: trigger.slot };
      }
    }
    const claim = await claimActiveRun(redis, topology, runId);
    if (!claim.claimed) return { outcome: 'skipped', run_id: runId, active_run_id: claim.active_run_id };
    const queue = createQueue(topology, 'refresh');
    try {
      if (trigger.full) await forgetFileCursors(redis, topology, payload.warehouse_path);
      await recordRunEntry(redis, topology, { ...trigger, run_id: runId, requested_at: new Date().toISOString() });
      await queue.add('refresh-run', payload, { jobId: jobId('refresh', runId) });
    } catch (error) {
      await releaseActiveRun(redis, topology, runId).catch(() => {});
      if (trigger.slot) await redis.del(redisKeys.scheduleSlot(topology, trigger.slot)).catch(() => {});
      throw error;
    } finally {
      await queue.close();
    }
    return { outcome: 'enqueued', run_id: runId };
  });
}
