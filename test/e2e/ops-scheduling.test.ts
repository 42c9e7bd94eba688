import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { enqueueRefresh, RunInProgressError, waitForRun } from '@cwb/cli/refresh-runner';
import { createLogger } from '@cwb/logger';
import { createAlertHook, listRuns } from '@cwb/queue';
import { startScheduler, watchRuns } from '@cwb/scheduler';
import { startWorkers } from '@cwb/worker';
import { makeWorkspace, privateTopology } from './ops-fixtures';

// Issue 7, done-when: a run triggered while another runs is skipped (by the scheduler and
// by hand); a late run alerts once. Two scheduler processes on one slot: ops-concurrent-runs.

describe('one run at a time', () => {
  it('skips a scheduled or manual trigger while the previous run is going, and runs the next one after it', async () => {
    const ws = await makeWorkspace([{ anchor: 'north-council', name: 'a.csv', rows: 500 }]);
    const topology = privateTopology('overlap');
    const logger = createLogger('ops-scheduling');
    const scheduler = startScheduler({ topology, loaded: ws.loaded, logger, watchIntervalMs: 60_000 });
    try {
      // No worker yet: the first run waits in the queue, so it is still going.
      const first = await scheduler.fire('nightly', new Date('2026-03-01T02:00:00Z'));
      expect(first).toMatchObject({ outcome: 'enqueued', run_id: 'run-20260301T020000-nightly' });
      const second = await scheduler.fire('nightly', new Date('2026-03-02T02:00:00Z'));
      expect(second).toEqual({ outcome: 'skipped', run_id: 'run-20260302T020000-nightly', active_run_id: 'run-20260301T020000-nightly' });
      await expect(enqueueRefresh(topology, ws.loaded)).rejects.toThrowError(RunInProgressError);
      // The same slot again (another replica, or a restarted scheduler) is a duplicate, not a run.
      expect(await scheduler.fire('nightly', new Date('2026-03-01T02:00:00Z'))).toMatchObject({ outcome: 'duplicate' });

      // A late run is alerted, once.
      const received: unknown[] = [];
      const server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          received.push(JSON.parse(body));
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const watcher = watchRuns({ topology, logger, alert: createAlertHook({ webhookUrl, logger }), lateAfterMs: 1, intervalMs: 60_000 });
      // The watcher's own first check starts at once, so it or the first explicit check sends the
      // alert (whichever claims it first); across all of them it is sent exactly once.
      const alerts = [...(await watcher.check()), ...(await watcher.check())];
      await watcher.stop();
      server.close();
      expect(alerts.every((a) => a.kind === 'run_late' && a.run_id === 'run-20260301T020000-nightly')).toBe(true);
      expect(alerts.length).toBeLessThanOrEqual(1);
      expect(received).toEqual([expect.objectContaining({ source: 'cwb', kind: 'run_late', run_id: 'run-20260301T020000-nightly' })]);

      const pool = startWorkers({ topology, logger });
      try {
        await waitForRun(topology, 'run-20260301T020000-nightly', { timeoutMs: 120_000 });
        const third = await scheduler.fire('nightly', new Date('2026-03-03T02:00:00Z'));
        expect(third).toMatchObject({ outcome: 'enqueued' });
        await waitForRun(topology, 'run-20260303T020000-nightly', { timeoutMs: 120_000 });
      } finally {
        await pool.close();
      }
      const runs = await listRuns(topology);
      expect(runs.map((r) => [r.run_id, r.status, r.trigger?.kind])).toEqual([
        ['run-20260303T020000-nightly', 'succeeded', 'schedule'],
        ['run-20260301T020000-nightly', 'succeeded', 'schedule'],
      ]);
    } finally {
      await scheduler.stop();
    }
  });
});
