import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createLogger } from '@cwb/logger';
import { createQueue, type Topology } from '@cwb/queue';
import { apiSettingsSchema } from './api-settings';
import { createApi, type Api } from './create-api';

const opened: { api: Api; server: Server }[] = [];
afterEach(async () => {
  for (const { api, server } of opened.splice(0)) {
    await new Promise((r) => server.close(r));
    await api.close();
  }
});

async function start(topology: Topology, token?: string): Promise<string> {
  const api = createApi({ topology, logger: createLogger('api-test'), token });
  const server = await new Promise<Server>((resolve) => {
    const s = api.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  opened.push({ api, server });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const topology = (): Topology => ({ redisUrl: inject('redisUrl'), prefix: `cwb-api-${randomBytes(4).toString('hex')}` });

describe('operations API (real Redis)', () => {
  it('answers health and readiness, reports queue depths as Prometheus metrics and serves the dashboard', async () => {
    const t = topology();
    const queue = createQueue(t, 'extract');
    await queue.add('extract-file', { run_id: 'r1' } as never, { jobId: 'extract-r1-a' });
    await queue.add('extract-file', { run_id: 'r1' } as never, { jobId: 'extract-r1-b' });
    const base = await start(t);

    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', redis: 'PONG' });

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('cwb_queue_jobs{queue="cwb-extract",state="waiting"} 2');
    expect(metrics).toContain('cwb_queue_jobs{queue="cwb-load",state="waiting"} 0');
    expect(metrics).toContain('cwb_last_successful_run_timestamp_seconds 0');
    expect(metrics).toMatch(/# TYPE cwb_stage_rows_total counter/);
    expect(metrics).toMatch(/# TYPE cwb_run_duration_seconds histogram/);

    const board = await fetch(`${base}/queues`);
    expect(board.status).toBe(200);
    expect(await board.text()).toMatch(/<html/i);
    const boardQueues = (await (await fetch(`${base}/queues/api/queues`)).json()) as { queues: { name: string }[] };
    expect(boardQueues.queues.map((q) => q.name).sort()).toEqual(['cwb-enrich', 'cwb-extract', 'cwb-load', 'cwb-refresh']);

    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('validates query parameters and run ids, and says what is wrong', async () => {
    const base = await start(topology());
    const bad = await fetch(`${base}/runs?limit=lots`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^limit: .*number/i);
    expect((await fetch(`${base}/dead-letters?stage=transform`)).status).toBe(400);
    expect((await fetch(`${base}/runs?colour=blue`)).status).toBe(400);
    expect((await fetch(`${base}/runs/run%3A1`)).status).toBe(400);
    const missing = await fetch(`${base}/runs/run-20260101T020000-nightly`);
    expect(missing.status).toBe(404);
    expect(await (await fetch(`${base}/runs`)).json()).toEqual([]);
    expect(await (await fetch(`${base}/dead-letters`)).json()).toEqual([]);
  });

  it('requires the token on everything but health checks when one is set', async () => {
    const token = 'a-long-enough-test-token';
    const base = await start(topology(), token);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    for (const path of ['/metrics', '/runs', '/dead-letters', '/queues']) {
      const denied = await fetch(`${base}${path}`);
      expect(denied.status, path).toBe(401);
      expect(denied.headers.get('www-authenticate')).toMatch(/^Basic/);
    }
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const basic = Buffer.from(`ops:${token}`).toString('base64');
    expect((await fetch(`${base}/queues`, { headers: { authorization: `Basic ${basic}` } })).status).toBe(200);
  });

  it('is not ready when Redis does not answer', async () => {
    const base = await start({ redisUrl: 'redis://127.0.0.1:1', prefix: 'cwb-api-down' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not ready' });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

describe('API settings', () => {
  it('binds to localhost by default and refuses to be exposed without a token', () => {
    expect(apiSettingsSchema.parse({})).toEqual({ host: '127.0.0.1', port: 8080, prefix: 'cwb' });
    expect(() => apiSettingsSchema.parse({ host: '0.0.0.0' })).toThrowError(/binding to 0\.0\.0\.0 exposes the queue dashboard.*set CWB_API_TOKEN/);
    expect(() => apiSettingsSchema.parse({ host: '0.0.0.0', token: 'short' })).toThrowError(/at least 16 characters/);
    expect(apiSettingsSchema.parse({ host: '0.0.0.0', port: '9000', token: 'x'.repeat(16) })).toMatchObject({ host: '0.0.0.0', port: 9000 });
  });
});
