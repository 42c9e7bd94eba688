import type { Redis } from 'ioredis';
import { z } from 'zod';
import { redisKeys } from './redis-keys';
import { isRunActive, runState } from './run-state';
import type { Topology } from './topology';

const activeRunSchema = z.object({ run_id: z.string(), claimed_at: z.number() });

/** A claim younger than this whose jobs are not visible yet is still being enqueued. */
const enqueueGraceMs = 30_000;

const compareAndDelete = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

export type ActiveRunClaim = { claimed: true } | { claimed: false; active_run_id: string };

/**
 * One run at a time per deployment. The claim is a pointer to the current run; whether
 * that run still goes is read from its BullMQ jobs, so a crashed worker or a lost run can
 * never wedge the schedule: a finished or vanished run's claim is taken over (atomically,
 * compare-and-delete) by the next trigger.
 */
export async function claimActiveRun(redis: Redis, topology: Topology, runId: string): Promise<ActiveRunClaim> {
  const key = redisKeys.activeRun(topology);
  const value = JSON.stringify({ run_id: runId, claimed_at: Date.now() });
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if ((await redis.set(key, value, 'NX')) === 'OK') return { claimed: true };
    const raw = await redis.get(key);
    if (raw === null) continue;
    const parsed = activeRunSchema.safeParse(safeJson(raw));
    if (parsed.success) {
      const current = parsed.data;
      const state = await runState(topology, current.run_id);
      const stillEnqueueing = state.status === 'unknown' && Date.now() - current.claimed_at < enqueueGraceMs;
      if (isRunActive(state.status) || stillEnqueueing) return { claimed: false, active_run_id: current.run_id };
    }
    await redis.eval(compareAndDelete, 1, key, raw);
  }
  throw new Error('could not claim the active-run lock: it changed hands five times in a row');
}

/** Gives the claim back (only if it is still this run's). */
export async function releaseActiveRun(redis: Redis, topology: Topology, runId: string): Promise<void> {
  const key = redisKeys.activeRun(topology);
  const raw = await redis.get(key);
  if (raw === null) return;
  const parsed = activeRunSchema.safeParse(safeJson(raw));
  if (parsed.success && parsed.data.run_id === runId) await redis.eval(compareAndDelete, 1, key, raw);
}

/** The run currently holding the claim, if any (it may have finished since). */
export async function claimedRunId(redis: Redis, topology: Topology): Promise<string | null> {
  const raw = await redis.get(redisKeys.activeRun(topology));
  const parsed = raw === null ? null : activeRunSchema.safeParse(safeJson(raw));
  return parsed?.success ? parsed.data.run_id : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
