import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { waitForRun } from '@cwb/cli/refresh-runner';
import { createLogger } from '@cwb/logger';
import { runState, type Topology } from '@cwb/queue';
import { startWorkers } from '@cwb/worker';
import { ledgerCsv, makeWorkspace } from './ops-fixtures';

// cwb refresh, runs, runs show, runs failed, retry and schedule, through the real bin.

const cwbBin = fileURLToPath(new URL('../../services/cli/bin/cwb.js', import.meta.url));
const run = promisify(execFile);

async function cwb(topology: Topology, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cwbBin, ...args], { env: { ...process.env, REDIS_URL: topology.redisUrl, LOG_LEVEL: 'warn' } });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('cwb runs, retry and schedule', () => {
  it('shows a partial run and its dead letter, and a retry reads only what failed', async () => {
    const ws = await makeWorkspace(
      [
        { anchor: 'north-council', name: 'april.csv', rows: 400 },
        { anchor: 'north-council', name: 'may.csv', rows: 300 },
      ],
      'schedule:\n  refreshes:\n    - { name: nightly, cron: "0 2 * * *" }\n    - { name: weekly-trust, cron: "30 3 * * 0", anchors: [north-council] }\n',
    );
    const broken = join(ws.dir, 'spend', 'north-council', 'june.csv');
    await writeFile(broken, 'CompanyName,CompanyNumber\nACME LTD,01234567\n');
    const topology: Topology = { redisUrl: inject('redisUrl'), prefix: `cwb-ops-cli-${randomBytes(4).toString('hex')}` };
    const pool = startWorkers({ topology, logger: createLogger('ops-cli') });
    try {
      const refresh = await cwb(topology, 'refresh', '--config', ws.configPath, '--prefix', topology.prefix);
      expect(refresh.code).toBe(0);
      const runId = refresh.stdout.trim();
      await waitForRun(topology, runId, { timeoutMs: 120_000 });

      const list = await cwb(topology, 'runs', '--prefix', topology.prefix);
      expect(list.stdout).toMatch(new RegExp(`${runId}\\s+partial\\s+manual\\s+.*\\s3\\s+0\\s+1$`, 'm'));

      const show = await cwb(topology, 'runs', 'show', runId, '--prefix', topology.prefix);
      expect(show.stdout).toContain(`run ${runId}: partial`);
      expect(show.stdout).toMatch(/^extract\s+3\s+2\s+1\s+0\s+700\s/m);
      expect(show.stdout).toMatch(/failed: extract extract-.* \(spend\/north-council\/june\.csv\) after 1 attempt\(s\): .*june\.csv/);
      expect(show.stdout).toContain(`cwb retry ${runId}`);
      const json = JSON.parse((await cwb(topology, 'runs', 'show', runId, '--json', '--prefix', topology.prefix)).stdout) as { status: string };
      expect(json.status).toBe('partial');

      const failed = await cwb(topology, 'runs', 'failed', '--stage', 'extract', '--prefix', topology.prefix);
      expect(failed.stdout).toMatch(new RegExp(`${runId}\\s+extract\\s+spend/north-council/june\\.csv\\s+1\\s`));
      expect((await cwb(topology, 'runs', '--limit', 'many', '--prefix', topology.prefix)).stderr).toMatch(/--limit: .*number/i);
      expect((await cwb(topology, 'runs', 'show', 'run:1', '--prefix', topology.prefix)).stderr).toMatch(/letters, digits, - and _ only/);

      // The file is fixed: the retry reads it alone (the two loaded files are skipped) and succeeds.
      await writeFile(broken, ledgerCsv(200, 9));
      const retry = await cwb(topology, 'retry', runId, '--wait', '--prefix', topology.prefix);
      expect(retry.code).toBe(0);
      const retryId = retry.stdout.split('\n')[0]!.trim();
      expect(retry.stdout).toContain(`run ${retryId}: 1 file(s) loaded, 0 failed`);
      const after = await runState(topology, retryId);
      expect(after).toMatchObject({ status: 'succeeded', refresh: { files: 1, files_skipped: 2 } });
      const shown = await cwb(topology, 'runs', 'show', retryId, '--prefix', topology.prefix);
      expect(shown.stdout).toContain(`trigger: retry of ${runId}`);

      // A retry while a run is going is refused with a clear message.
      await writeFile(join(ws.dir, 'spend', 'north-council', 'july.csv'), ledgerCsv(100, 10));
      await pool.close();
      const queued = await cwb(topology, 'refresh', '--config', ws.configPath, '--prefix', topology.prefix);
      expect(queued.code).toBe(0);
      const refused = await cwb(topology, 'refresh', '--config', ws.configPath, '--prefix', topology.prefix);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`refresh ${queued.stdout.trim()} is still going`);
    } finally {
      await pool.close();
    }

    const schedule = await cwb(topology, 'schedule', '--config', ws.configPath, '--next', '2');
    expect(schedule.code).toBe(0);
    expect(schedule.stdout.match(/^nightly\s+0 2 \* \* \*\s+all\s+.* 02:00 (GMT|BST)\s+\d{4}-\d\d-\d\dT0[12]:00:00\.000Z$/gm)).toHaveLength(2);
    expect(schedule.stdout).toMatch(/^weekly-trust\s+30 3 \* \* 0\s+north-council\s+Sun/m);
    expect(schedule.stdout).toContain('time zone Europe/London; a run still going after 360 min is late; alerts are logged only');
  });
});
