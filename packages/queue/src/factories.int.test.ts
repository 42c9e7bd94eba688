import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Worker } from 'bullmq';
import { z } from 'zod';
import { createQueue, createQueueEvents, createWorker, jobId, parsePayload, type Topology } from './index';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

function topology(): Topology {
  return { redisUrl: inject('redisUrl'), prefix: `cwb-test-${randomUUID()}` };
}

describe('queue factories (real Redis)', () => {
  it('runs a typed job through a worker and returns its result', async () => {
    const t = topology();
    const queue = createQueue(t, 'load');
    const events = createQueueEvents(t, 'load');
    await events.waitUntilReady();
    const worker: Worker = createWorker(t, 'load', async (job) => ({
      source_file_id: String((job.data as { source_file_id: string }).source_file_id),
      rows_read: 2,
      rows_loaded: 1,
      rows_quarantined: 1,
      rows_skipped: 0,
    }));
    closers.push(() => queue.obliterate({ force: true }).then(() => queue.close()), () => worker.close(), () => events.close());
    const job = await queue.add(
      'load-file',
      {
        run_id: 'r1',
        anchor_id: 'a',
        source_file: '/x.csv',
        source_file_id: 'f1',
        content_sha256: 'a'.repeat(64),
        warehouse_path: '/tmp/w.duckdb',
      },
      { jobId: jobId('load', 'r1', 'f1') },
    );
    expect(job.id).toBe('load-r1-f1');
    const result = await job.waitUntilFinished(events, 10_000);
    expect(result).toMatchObject({ source_file_id: 'f1', rows_loaded: 1 });
  });

  it('adds a job only once for a deterministic id', async () => {
    const t = topology();
    const queue = createQueue(t, 'extract');
    closers.push(() => queue.obliterate({ force: true }).then(() => queue.close()));
    const data = { run_id: 'r', anchor_id: 'a' } as never;
    await queue.add('extract-file', data, { jobId: 'extract-r-f' });
    await queue.add('extract-file', data, { jobId: 'extract-r-f' });
    expect(await queue.getJobCountByTypes('waiting', 'active', 'completed', 'failed')).toBe(1);
  });

  it('makes ids without ":" and rejects invalid payloads as unrecoverable', () => {
    expect(jobId('load', 'run:1', 'a/b c')).toBe('load-run_1-a_b_c');
    const schema = z.object({ run_id: z.string() });
    expect(() => parsePayload(schema, { id: '1', name: 'x', data: { run_id: 3 } })).toThrowError(
      /invalid payload: run_id: .*expected string/i,
    );
  });
});

describe('redisConnectionOptions', () => {
  it('parses credentials, database and TLS from the URL', async () => {
    const { redisConnectionOptions } = await import('./index');
    expect(redisConnectionOptions('rediss://user:p%40ss@redis.example:6380/2', 'worker')).toEqual({
      host: 'redis.example', port: 6380, username: 'user', password: 'p@ss', db: 2, tls: {}, maxRetriesPerRequest: null,
    });
    expect(() => redisConnectionOptions('http://x', 'producer')).toThrowError(/must start with redis:\/\//);
  });
});
