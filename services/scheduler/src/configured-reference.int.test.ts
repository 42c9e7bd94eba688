import { copyFile, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@cwb/config';
import { buildReference } from '@cwb/reference';
import { samplePath } from '@cwb/sample-data';
import { ensureConfiguredReference } from './configured-reference';

let dir: string | null = null;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

/** A config with one real NSPL file (copied, so the test can change it) in its reference: section. */
async function workspace(reference: string) {
  dir = await mkdtemp(join(tmpdir(), 'cwb-configured-reference-'));
  await copyFile(samplePath('geography/nspl_nov2021_LD_postcode_area_wales.csv'), join(dir, 'nspl_LD.csv'));
  await writeFile(
    join(dir, 'cwb.config.yaml'),
    `data_dir: data\n${reference}anchors:\n  - { id: a, name: A Council, type: council, home: { name: Powys, lad_codes: [W06000023] } }\n`,
  );
  return () => loadConfig(join(dir!, 'cwb.config.yaml'));
}

describe('the configured reference (every path that enqueues a refresh)', () => {
  it('is built when missing, reused while its files are unchanged, and rebuilt when one changes', async () => {
    const load = await workspace('reference:\n  postcodes: [nspl_LD.csv]\n');
    const first = await ensureConfiguredReference(await load());
    expect(first.state).toBe('built');
    expect(first.path).toMatch(/reference-.*\.duckdb$/);
    const again = await ensureConfiguredReference(await load());
    expect(again).toEqual({ path: first.path, state: 'current' });
    // The file replaced (a new ONSPD download): a new version, not the stale one.
    const later = new Date(Date.now() + 60_000);
    await utimes(join(dir!, 'nspl_LD.csv'), later, later);
    const rebuilt = await ensureConfiguredReference(await load());
    expect(rebuilt.state).toBe('built');
    expect(rebuilt.path).not.toBe(first.path);
  });

  it('keeps a reference loaded by hand, says when there is none, and names a missing file', async () => {
    const load = await workspace('');
    expect(await ensureConfiguredReference(await load())).toEqual({ path: null, state: 'none' });
    const loaded = await load();
    const byHand = await buildReference({ outDir: loaded.paths.referenceDir, postcodeFiles: [join(dir!, 'nspl_LD.csv')] });
    expect(await ensureConfiguredReference(loaded)).toEqual({ path: byHand.path, state: 'loaded' });
    const configPath = join(dir!, 'cwb.config.yaml');
    await writeFile(configPath, (await readFile(configPath, 'utf8')).replace('data_dir: data\n', 'data_dir: data\nreference:\n  postcodes: [missing.csv]\n'));
    await expect(ensureConfiguredReference(await load())).rejects.toThrow(/missing\.csv does not exist; correct the path/);
  });
});
