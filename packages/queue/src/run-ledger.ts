import type { Redis } from 'ioredis';
import { z } from 'zod';
import { redisKeys } from './redis-keys';
import type { Topology } from './topology';

/** Why a run was started. Recorded beside BullMQ's jobs, so `cwb runs` can say. */
export const runTriggerSchema = z.object({
  kind: z.enum(['schedule', 'manual', 'retry']),
  schedule: z.string().optional().describe('Schedule name from cwb.config.yaml'),
  slot: z.string().optional().describe('The scheduled fire time this run is for'),
  retry_of: z.string().optional(),
  full: z.boolean().optional().describe('Every file re-read, cursors forgotten'),
});
export type RunTrigger = z.infer<typeof runTriggerSchema>;

export const runEntrySchema = runTriggerSchema.extend({
  run_id: z.string(),
  requested_at: z.string(),
  /** Set when Redis came back without the run's jobs (restarted without persistence): the run cannot finish. */
  lost: z.object({ detected_at: z.string(), reason: z.string() }).optional(),
});
export type RunEntry = z.infer<typeof runEntrySchema>;

const ledgerTtlSeconds = 90 * 24 * 3600;

export async function recordRunEntry(redis: Redis, topology: Topology, entry: RunEntry): Promise<void> {
  const key = redisKeys.run(topology, entry.run_id);
  await redis
    .multi()
    .zadd(redisKeys.runIndex(topology), Date.parse(entry.requested_at), entry.run_id)
    .set(key, JSON.stringify(runEntrySchema.parse(entry)), 'EX', ledgerTtlSeconds)
    .exec();
}

export async function runEntry(redis: Redis, topology: Topology, runId: string): Promise<RunEntry | null> {
  const text = await redis.get(redisKeys.run(topology, runId));
  if (!text) return null;
  const parsed = runEntrySchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

/** Run ids, newest first. */
export async function recentRunIds(redis: Redis, topology: Topology, limit: number): Promise<string[]> {
  return redis.zrevrange(redisKeys.runIndex(topology), 0, Math.max(0, limit - 1));
}

/**
 * Records that a run's jobs were lost with Redis (it restarted without persistence), so run
 * history says so instead of forgetting the run: the entry is written again if it went too.
 */
export async function markRunLost(redis: Redis, topology: Topology, runId: string, reason: string): Promise<void> {
  const existing = await runEntry(redis, topology, runId);
  const now = new Date().toISOString();
  await recordRunEntry(redis, topology, { ...(existing ?? { run_id: runId, requested_at: now, kind: 'manual' }), lost: { detected_at: now, reason } });
}
