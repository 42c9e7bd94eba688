import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createApi } from '@cwb/api';
import { enqueueRefresh, waitForRun } from '@cwb/cli/refresh-runner';
import { createLogger } from '@cwb/logger';
import type { DeadLetter, RunReport, Topology } from '@cwb/queue';
import { startWorkers } from '@cwb/worker';
import { ledgerCsv, makeWorkspace, waitFor } from './ops-fixtures';

// The API over a real run: metrics count the rows each stage processed and the run's
// duration, /runs/:id gives per-stage counts and timings, /dead-letters says what failed and why.

function metric(text: string, name: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : null;
}

describe('operations API over a real refresh', () => {
  it('reports rows per stage, run duration, last success, run details and dead letters', async () => {
    const ws = await makeWorkspace([
      { anchor: 'north-council', name: 'april.csv', rows: 1200 },
      { anchor: 'north-council', name: 'may.csv', rows: 300 },
    ]);
    await writeFile(join(ws.dir, 'spend', 'north-council', 'broken.csv'), 'CompanyName,CompanyNumber\nACME LTD,01234567\n');
    const topology: Topology = { redisUrl: inject('redisUrl'), prefix: `cwb-ops-api-${randomBytes(4).toString('hex')}` };
    const logger = createLogger('ops-api');
    const api = createApi({ topology, logger });
    await api.ready;
    const server = await new Promise<Server>((resolve) => {
      const s = api.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pool = startWorkers({ topology, logger });
    try {
      const run = await enqueueRefresh(topology, ws.loaded);
      const result = await waitForRun(topology, run.run_id, { timeoutMs: 120_000 });
      expect(result).toMatchObject({ files_loaded: 2, files_failed: 1 });

      const metrics = await waitFor(
        async () => {
          const text = await (await fetch(`${base}/metrics`)).text();
          return metric(text, 'cwb_run_duration_seconds_count') === 1 ? text : null;
        },
        10_000,
        'the run duration to be observed',
      );
      expect(metric(metrics, 'cwb_stage_rows_total{stage="extract"}')).toBe(1500);
      expect(metric(metrics, 'cwb_stage_rows_total{stage="load"}')).toBe(1500);
      expect(metric(metrics, 'cwb_stage_rows_per_second{stage="extract"}')).toBeGreaterThan(0);
      expect(metric(metrics, 'cwb_stage_jobs_total{stage="extract",outcome="completed"}')).toBe(2);
      expect(metric(metrics, 'cwb_stage_failures_total{stage="extract"}')).toBeGreaterThanOrEqual(1);
      expect(metric(metrics, 'cwb_runs{status="partial"}')).toBe(1);
      // Partial is not a success: no successful run yet.
      expect(metric(metrics, 'cwb_last_successful_run_timestamp_seconds')).toBe(0);

      const report = (await (await fetch(`${base}/runs/${run.run_id}`)).json()) as RunReport;
      expect(report.status).toBe('partial');
      expect(report.trigger).toMatchObject({ kind: 'manual' });
      const extract = report.stages.find((s) => s.stage === 'extract')!;
      expect(extract).toMatchObject({ jobs: 3, completed: 2, failed: 1, rows: 1500 });
      expect(extract.busy_ms).toBeGreaterThan(0);
      expect(report.failures.map((f) => [f.queue, f.source_file, f.gave_up_early])).toContainEqual(['extract', 'spend/north-council/broken.csv', true]);

      const letters = (await (await fetch(`${base}/dead-letters?stage=extract`)).json()) as DeadLetter[];
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ run_id: run.run_id, anchor_id: 'north-council', source_file: 'spend/north-council/broken.csv', attempts_made: 1 });
      expect(letters[0]!.reason).toMatch(/broken\.csv/);

      // Fix the file; the next run reads only it, succeeds, and is the last success.
      await writeFile(join(ws.dir, 'spend', 'north-council', 'broken.csv'), ledgerCsv(50, 5));
      const second = await enqueueRefresh(topology, ws.loaded);
      await waitForRun(topology, second.run_id, { timeoutMs: 120_000 });
      const after = await waitFor(
        async () => {
          const text = await (await fetch(`${base}/metrics`)).text();
          return (metric(text, 'cwb_last_successful_run_timestamp_seconds') ?? 0) > 0 ? text : null;
        },
        10_000,
        'a successful run',
      );
      expect(metric(after, 'cwb_last_successful_run_timestamp_seconds')! * 1000).toBeGreaterThan(Date.now() - 60_000);
      expect(metric(after, 'cwb_stage_rows_total{stage="extract"}')).toBe(1550);
    } finally {
      await pool.close();
      await new Promise((r) => server.close(r));
      await api.close();
    }
  });
});
