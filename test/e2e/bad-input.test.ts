import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parseConfig, dataPaths, type LoadedConfig } from '@cwb/config';
import { runRefreshLocally } from '@cwb/cli/local-run';
import { samplePath } from '@cwb/sample-data';
import { withDatabase } from '@cwb/warehouse';

// Done-when of the foundation: a malformed row is quarantined in the warehouse with its
// file, line and reason; a file that cannot be parsed at all fails its own job with a
// clear message and does not stop the other files.

let dir: string;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('bad input in a refresh', () => {
  it('quarantines a malformed row with file, line and reason, and fails only the unreadable file', async () => {
    process.env.REDIS_URL = inject('redisUrl');
    dir = await mkdtemp(join(tmpdir(), 'cwb-e2e-bad-'));
    // A real Calderdale file with one amount made unreadable on physical line 11.
    const lines = (await readFile(samplePath('spending/local_authority/calderdale_2022-08_odileeds_clean.csv'), 'utf8')).split('\n');
    const cells = (lines[10] ?? '').split(',');
    cells[5] = 'twelve pounds';
    lines[10] = cells.join(',');
    await writeFile(join(dir, 'calderdale-with-a-bad-row.csv'), lines.join('\n'));
    // Not payments at all: the Companies House company register.
    await copyFile(samplePath('companies_house/basic_company_data_2021-01_head31.csv'), join(dir, 'companies.csv'));

    const config = parseConfig(
      `anchors:
  - id: calderdale-council
    name: Calderdale Metropolitan Borough Council
    type: council
    home: { name: Calderdale, lad_codes: [E08000033] }
    sources:
      - path: calderdale-with-a-bad-row.csv
      - path: companies.csv
`,
      'cwb.config.yaml',
    );
    const loaded: LoadedConfig = { config, configPath: join(dir, 'cwb.config.yaml'), configDir: dir, paths: dataPaths(join(dir, '.cwb')) };
    const result = await runRefreshLocally(loaded);

    expect(result.files_loaded).toBe(1);
    expect(result.files_failed).toBe(1);
    expect(result.failures[0]?.reason).toMatch(/companies\.csv/);

    const quarantined = await withDatabase(result.snapshot_path, { mode: 'read_only' }, (w) =>
      w.all<{ source_file: string; source_line: number; disposition: string; reason: string; raw: string }>(
        'select source_file, source_line, disposition, reason, raw from raw.rejected_records',
      ),
    );
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]).toMatchObject({ source_file: 'calderdale-with-a-bad-row.csv', source_line: 11, disposition: 'quarantined' });
    expect(quarantined[0]?.reason).toMatch(/amount/i);
    expect(quarantined[0]?.raw).toContain('twelve pounds');

    const [counts] = await withDatabase(result.snapshot_path, { mode: 'read_only' }, (w) =>
      w.all<{ loaded: bigint; runs: string }>(
        `select (select count(*) from raw.ap_transactions) as loaded, (select status from raw.runs) as runs`,
      ),
    );
    expect(Number(counts?.loaded)).toBe(1955);
    expect(counts?.runs).toBe('partial');
  });
});
