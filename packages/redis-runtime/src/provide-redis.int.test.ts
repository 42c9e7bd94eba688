import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { provideRedis, RedisUnavailableError } from './index';

describe('provideRedis', () => {
  it('starts a redis-server on a free port when REDIS_URL is not set, and stops it', async () => {
    const redis = await provideRedis({ PATH: process.env.PATH });
    expect(redis.origin).toBe('redis-server');
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    expect(await client.ping()).toBe('PONG');
    expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    client.disconnect();
    await redis.stop();
    const after = new Redis(redis.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    after.on('error', () => {});
    await expect(after.connect()).rejects.toThrow();
    after.disconnect();
  });

  it('uses REDIS_URL when it answers, and never stops a Redis it did not start', async () => {
    const started = await provideRedis({ PATH: process.env.PATH });
    const given = await provideRedis({ REDIS_URL: started.url, PATH: process.env.PATH });
    expect(given).toMatchObject({ url: started.url, origin: 'REDIS_URL' });
    await given.stop();
    const client = new Redis(started.url, { maxRetriesPerRequest: 1 });
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
    await started.stop();
  });

  it('fails with a message naming the three ways when REDIS_URL does not answer', async () => {
    const err = await provideRedis({ REDIS_URL: 'redis://127.0.0.1:1', PATH: process.env.PATH }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect(String(err)).toMatch(/REDIS_URL=redis:\/\/host:6379[\s\S]*redis-server binary[\s\S]*Docker engine/);
  });
});
