import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Topology } from './topology';

/**
 * A cache of per-key results shared by every worker on every machine, for enrichment that
 * must not be repeated: e.g. a supplier key → its Companies House match. Values are
 * validated on the way out (a damaged or older-shaped entry is a miss, never an error);
 * bump `version` when the shape or the matching logic changes and every key is redone.
 * Keys and values must hold no personal data (Redis is not the place for it).
 */
export interface KeyedCache<T> {
  /** The cached values of those keys that have one. */
  getMany(keys: readonly string[]): Promise<Map<string, T>>;
  setMany(entries: Iterable<readonly [string, T]>): Promise<number>;
  /** Drops the whole cache (this version). */
  clear(): Promise<void>;
}

const chunk = 1000;

export function redisKeyedCache<T>(
  redis: Redis,
  topology: Topology,
  options: { name: string; version: number; schema: z.ZodType<T> },
): KeyedCache<T> {
  const key = `${topology.prefix}:cwb:cache:${options.name}:v${options.version}`;
  return {
    async getMany(keys) {
      const found = new Map<string, T>();
      for (let i = 0; i < keys.length; i += chunk) {
        const slice = keys.slice(i, i + chunk);
        const values = await redis.hmget(key, ...slice);
        values.forEach((text, j) => {
          if (text === null) return;
          try {
            const parsed = options.schema.safeParse(JSON.parse(text));
            if (parsed.success) found.set(slice[j]!, parsed.data);
          } catch {
            // unreadable entry: a miss
          }
        });
      }
      return found;
    },
    async setMany(entries) {
      const all = [...entries];
      for (let i = 0; i < all.length; i += chunk) {
        const fields: string[] = [];
        for (const [k, v] of all.slice(i, i + chunk)) fields.push(k, JSON.stringify(options.schema.parse(v)));
        if (fields.length) await redis.hset(key, ...fields);
      }
      return all.length;
    },
    async clear() {
      await redis.del(key);
    },
  };
}
