import { Redis } from 'ioredis';
import { redisConnectionOptions } from './connection';
import type { Topology } from './topology';

/**
 * A short-lived ioredis client for cwb's own keys (not BullMQ's). Producers fail fast
 * (three retries per command) rather than hang when Redis is away.
 */
export function openRedis(topology: Topology): Redis {
  const client = new Redis({ ...redisConnectionOptions(topology.redisUrl, 'producer'), lazyConnect: false });
  client.on('error', () => {}); // surfaced by the command that fails
  return client;
}

/** Runs `work` with a client and always disconnects it. */
export async function withRedis<T>(topology: Topology, work: (redis: Redis) => Promise<T>): Promise<T> {
  const client = openRedis(topology);
  try {
    return await work(client);
  } finally {
    client.disconnect();
  }
}
