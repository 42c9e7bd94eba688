import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { openRedis, redisKeyedCache, type Topology } from './index';

const clients: ReturnType<typeof openRedis>[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});

const matchSchema = z.object({ company_number: z.string().nullable(), score: z.number() });

describe('redisKeyedCache (real Redis)', () => {
  it('returns what was set, across clients, and treats damaged or other-version entries as misses', async () => {
    const topology: Topology = { redisUrl: inject('redisUrl'), prefix: `cwb-cache-${randomUUID()}` };
    const a = openRedis(topology);
    const b = openRedis(topology);
    clients.push(a, b);
    const writer = redisKeyedCache(a, topology, { name: 'supplier-matches', version: 1, schema: matchSchema });
    const reader = redisKeyedCache(b, topology, { name: 'supplier-matches', version: 1, schema: matchSchema });
    const keys = Array.from({ length: 2500 }, (_, i) => `supplier-${i}`);
    expect(await writer.setMany(keys.slice(0, 2000).map((k, i) => [k, { company_number: i % 2 ? null : String(i).padStart(8, '0'), score: i / 2000 }]))).toBe(2000);

    const found = await reader.getMany(keys);
    expect(found.size).toBe(2000);
    expect(found.get('supplier-10')).toEqual({ company_number: '00000010', score: 0.005 });
    expect(found.has('supplier-2100')).toBe(false);

    await a.hset(`${topology.prefix}:cwb:cache:supplier-matches:v1`, 'supplier-0', '{"score":"high"}', 'supplier-1', 'not json');
    const again = await reader.getMany(['supplier-0', 'supplier-1', 'supplier-2']);
    expect([...again.keys()]).toEqual(['supplier-2']);

    const v2 = redisKeyedCache(b, topology, { name: 'supplier-matches', version: 2, schema: matchSchema });
    expect((await v2.getMany(keys)).size).toBe(0);
    await writer.clear();
    expect((await reader.getMany(keys)).size).toBe(0);
    await expect(writer.setMany([['x', { company_number: 1 } as never]])).rejects.toThrow();
  });
});
