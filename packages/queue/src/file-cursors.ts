import type { Redis } from 'ioredis';
import { z } from 'zod';
import { fileStateSchema } from '@cwb/contracts';
import { redisKeys } from './redis-keys';
import type { Topology } from './topology';

/**
 * What the warehouse holds of one source file: the file state (@cwb/contracts: content hash,
 * size and modified time) of its last successful load; whether a file must be read again is
 * decided by the connector SDK's decideByCursor, the one rule. Kept in Redis per warehouse, so every worker on every machine sees the same
 * cursors; losing them only means files are read again (loads replace by file).
 */
export const fileCursorSchema = fileStateSchema.extend({
  source_file_id: z.string().min(1),
  run_id: z.string().min(1),
  loaded_at: z.string().nullable(),
});
export type FileCursor = z.infer<typeof fileCursorSchema>;

const plannedTtlSeconds = 14 * 24 * 3600;
/** Cursors of a warehouse no refresh has touched for this long are dropped (its files are then read again). */
const loadedTtlSeconds = 400 * 24 * 3600;

function parseCursor(text: string | undefined): FileCursor | null {
  if (!text) return null;
  try {
    const parsed = fileCursorSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null; // a damaged cursor only means the file is read again
  } catch {
    return null;
  }
}

/** Cursors of every file loaded into this warehouse, by source file id. */
export async function loadedFileCursors(redis: Redis, topology: Topology, warehousePath: string): Promise<Map<string, FileCursor>> {
  const entries = await redis.hgetall(redisKeys.loadedFiles(topology, warehousePath));
  const cursors = new Map<string, FileCursor>();
  for (const [id, text] of Object.entries(entries)) {
    const cursor = parseCursor(text);
    if (cursor) cursors.set(id, cursor);
  }
  return cursors;
}

/** Remembers what a run is about to load, so the load stage can confirm it afterwards. */
export async function planFileCursors(redis: Redis, topology: Topology, runId: string, cursors: FileCursor[]): Promise<void> {
  if (cursors.length === 0) return;
  const key = redisKeys.plannedFiles(topology, runId);
  const fields: string[] = [];
  for (const cursor of cursors) fields.push(cursor.source_file_id, JSON.stringify(fileCursorSchema.parse(cursor)));
  await redis.multi().hset(key, ...fields).expire(key, plannedTtlSeconds).exec();
}

/**
 * Called by the loader once a file's rows are committed: the planned cursor becomes the
 * loaded one. Returns false when there was no matching plan (the file is then simply read
 * again next time).
 */
export async function confirmFileLoaded(
  redis: Redis,
  topology: Topology,
  load: { run_id: string; source_file_id: string; content_sha256: string; warehouse_path: string },
): Promise<boolean> {
  const planned = parseCursor((await redis.hget(redisKeys.plannedFiles(topology, load.run_id), load.source_file_id)) ?? undefined);
  if (!planned || planned.content_sha256 !== load.content_sha256) return false;
  const cursor: FileCursor = { ...planned, loaded_at: new Date().toISOString() };
  const key = redisKeys.loadedFiles(topology, load.warehouse_path);
  await redis.multi().hset(key, load.source_file_id, JSON.stringify(cursor)).expire(key, loadedTtlSeconds).exec();
  return true;
}

/** Records a new modified time for a file whose content hash was unchanged (touched, not edited). */
export async function touchFileCursor(redis: Redis, topology: Topology, warehousePath: string, cursor: FileCursor): Promise<void> {
  const key = redisKeys.loadedFiles(topology, warehousePath);
  await redis.multi().hset(key, cursor.source_file_id, JSON.stringify(fileCursorSchema.parse(cursor))).expire(key, loadedTtlSeconds).exec();
}

/** Forgets every cursor of a warehouse: the next refresh reads every file (`cwb refresh --full`). */
export async function forgetFileCursors(redis: Redis, topology: Topology, warehousePath: string): Promise<number> {
  return redis.del(redisKeys.loadedFiles(topology, warehousePath));
}
