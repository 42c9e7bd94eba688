import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection for BullMQ. Workers (blocking commands) need
 * `maxRetriesPerRequest: null`; producers fail fast instead of queueing commands forever
 * while Redis is down. `rediss://` URLs get TLS; passwords come from the URL.
 */
export function createRedisConnection(url: string, role: 'worker' | 'producer'): Redis {
  const options: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 3, enableOfflineQueue: true };
  return new Redis(url, options);
}

/** The Redis URL from the environment, or the conventional local default. */
export function redisUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}
