import type { RedisOptions } from 'ioredis';

/**
 * ioredis options for a BullMQ queue, worker or event stream, from a Redis URL
 * (`redis://[user:password@]host:port[/db]`, or `rediss://` for TLS). Passing options
 * rather than a client lets BullMQ own the connection and close it with the queue.
 * Workers (blocking commands) need `maxRetriesPerRequest: null`; producers fail fast.
 */
export function redisConnectionOptions(url: string, role: 'worker' | 'producer'): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`REDIS_URL "${url.replace(/\/\/[^@]*@/, '//***@')}" is not a URL; expected redis://host:6379 or rediss://host:6380`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`REDIS_URL must start with redis:// or rediss://, not ${parsed.protocol}//`);
  }
  const db = parsed.pathname.replace('/', '');
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    ...(role === 'worker' ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 3 }),
  };
}

/** The Redis URL from the environment, or the conventional local default. */
export function redisUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}
