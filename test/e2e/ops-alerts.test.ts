import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { waitForRun } from '@cwb/cli/refresh-runner';
import { createLogger } from '@cwb/logger';
import { runState, type Topology } from '@cwb/queue';
import { startWorkers } from '@cwb/worker';
import { kill, makeWorkspace, schedulerBin, spawnBin, warehouseFigures, type Spawned } from './ops-fixtures';

// Issue 7, done-when: a failing webhook does not break the run. A scheduled run with one
// unreadable file finishes (the good file published), the scheduler process calls the
// webhook, which answers 500 every time: it retries with backoff, logs the alert at error
// level with the run id, and goes on scheduling.

const spawned: Spawned[] = [];
afterAll(async () => {
  for (const s of spawned) await kill(s, 'SIGTERM');
});

describe('alerts', () => {
  it('a webhook that fails does not break the run or the scheduler', async () => {
    const requests: { kind: string; run_id: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        requests.push(JSON.parse(body) as { kind: string; run_id: string });
        res.writeHead(500).end('webhook down');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts/secret-token`;

    const at = new Date(Math.ceil((Date.now() + 15_000) / 1000) * 1000);
    const [minute, second] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', minute: '2-digit', second: '2-digit' }).format(at).split(':').map(Number);
    const ws = await makeWorkspace(
      [{ anchor: 'north-council', name: 'good.csv', rows: 800 }],
      `schedule:\n  refreshes:\n    - { name: nightly, cron: "${second} ${minute} * * * *" }\n  alerts: { webhook_url: "${webhookUrl}" }\n`,
    );
    await writeFile(join(ws.dir, 'spend', 'north-council', 'not-a-ledger.csv'), 'CompanyName,CompanyNumber,RegAddress.PostCode\nACME LTD,01234567,SR1 1AA\n');

    const topology: Topology = { redisUrl: inject('redisUrl'), prefix: `cwb-ops-alerts-${randomBytes(4).toString('hex')}` };
    const pool = startWorkers({ topology, logger: createLogger('ops-alerts') });
    const scheduler = spawnBin(schedulerBin, ['--config', ws.configPath, '--prefix', topology.prefix, '--watch-interval-ms', '200'], { REDIS_URL: topology.redisUrl });
    spawned.push(scheduler);
    try {
      const fired = await scheduler.waitForLog((l) => l.msg === 'scheduled refresh enqueued', 40_000);
      const runId = String(fired.run_id);
      const result = await waitForRun(topology, runId, { timeoutMs: 120_000 });

      // The run finished: the good file is published, the bad one is recorded as failed.
      expect(result).toMatchObject({ files_loaded: 1, files_failed: 1 });
      expect((await runState(topology, runId)).status).toBe('partial');
      expect((await warehouseFigures(ws.loaded.paths.snapshotPath)).map((r) => [r.source_file, Number(r.rows_in_table)])).toEqual([
        ['spend/north-council/good.csv', 800],
      ]);

      // The scheduler logged the alert at error level with the run id, tried the webhook
      // three times, logged that it failed (without its path or token), and is still running.
      const alertLine = await scheduler.waitForLog((l) => l.alert === 'run_partial' && l.level === 50 && l.run_id === runId, 30_000);
      expect(String(alertLine.msg)).toMatch(/finished with 1 failed file/);
      const failedLine = await scheduler.waitForLog((l) => l.msg === 'alert webhook failed; the alert is in this log only', 30_000);
      expect(failedLine).toMatchObject({ run_id: runId, attempts: 3, err: 'HTTP 500', webhook_host: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
      expect(scheduler.logs.map((l) => JSON.stringify(l)).join('\n')).not.toContain('secret-token');
      expect(requests).toHaveLength(3);
      expect(requests.every((r) => r.kind === 'run_partial' && r.run_id === runId)).toBe(true);

      // Once per run: later watcher passes do not send it again; the scheduler lives on.
      await new Promise((r) => setTimeout(r, 1500));
      expect(requests).toHaveLength(3);
      expect(scheduler.child.exitCode).toBeNull();
      expect(scheduler.logs.filter((l) => l.msg === 'run watcher check failed; trying again')).toEqual([]);
    } finally {
      await pool.close();
      server.close();
    }
  });
});
