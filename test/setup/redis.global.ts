import type { TestProject } from 'vitest/node';
import { provideRedis } from '@cwb/redis-runtime';

/**
 * Provisions Redis once per test run, the same way `cwb demo` does: REDIS_URL if set,
 * else a redis-server on a free port, else testcontainers. Tests read it with inject('redisUrl')
 * and use their own queue names.
 */
export default async function setup(project: TestProject) {
  const redis = await provideRedis();
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis.stop();
  };
}
