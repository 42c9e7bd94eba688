import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { loadConfig, type LoadedConfig } from '@cwb/config';
import { sampleDataRoot } from '@cwb/sample-data';
import { enqueueRefresh, waitForRun } from '@cwb/cli/refresh-runner';
import { createLogger } from '@cwb/logger';
import type { Topology } from '@cwb/queue';
import { withDatabase, type IndicatorRow, type Warehouse } from '@cwb/warehouse';
import { startWorkers } from '@cwb/worker';

/**
 * A real refresh of a config (written to a fresh folder) through BullMQ on real Redis and a
 * real DuckDB warehouse, workers started for it and closed after; then `inspect` reads the
 * published snapshot. `beside` files are written into the config's folder first. The config reads the bundled samples (real and generated) where they are, so it allows that
 * folder explicitly (paths outside a config's folder are refused otherwise). The caller
 * removes `loaded.configDir`.
 */
export async function refreshConfig<T>(
  redisUrl: string,
  name: string,
  yaml: string,
  inspect: (snapshot: Warehouse) => Promise<T>,
  /** Files the user keeps beside the config (mappings, exports), by path relative to its folder. */
  beside: Record<string, string> = {},
): Promise<{ loaded: LoadedConfig; inspected: T }> {
  const dir = await mkdtemp(join(tmpdir(), `cwb-e2e-${name}-`));
  for (const [path, text] of Object.entries(beside)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  await writeFile(join(dir, 'cwb.config.yaml'), `allow_paths_outside_config: [${JSON.stringify(sampleDataRoot)}]\n${yaml}`);
  const loaded = await loadConfig(join(dir, 'cwb.config.yaml'));
  const topology: Topology = { redisUrl, prefix: `cwb-e2e-${name}-${Date.now().toString(36)}` };
  const pool = startWorkers({ topology, logger: createLogger('cwb-e2e') });
  try {
    const run = await enqueueRefresh(topology, loaded);
    await waitForRun(topology, run.run_id, { timeoutMs: 300_000 });
  } finally {
    await pool.close();
  }
  return { loaded, inspected: await withDatabase(loaded.paths.snapshotPath, { mode: 'read_only' }, inspect) };
}

/**
 * refreshConfig once for a test file, before its tests (on the run's Redis), its folder removed
 * after them: returns a getter of what `inspect` read, for the tests to call.
 */
export function refreshBeforeAll<T>(name: string, yaml: string, inspect: (snapshot: Warehouse) => Promise<T>, beside: () => Promise<Record<string, string>> = async () => ({})): () => T {
  let loaded: LoadedConfig | undefined;
  let inspected: T | undefined;
  beforeAll(async () => {
    ({ loaded, inspected } = await refreshConfig(inject('redisUrl'), name, yaml, inspect, await beside()));
  });
  afterAll(async () => {
    if (loaded) await rm(loaded.configDir, { recursive: true, force: true });
  });
  return () => {
    if (inspected === undefined) throw new Error(`the ${name} refresh has not run`);
    return inspected;
  };
}

/** Every file's counts from audit.source_files, by file name: [name, read, loaded, quarantined, skipped]. */
export async function fileCounts(snapshot: Warehouse): Promise<[string, number, number, number, number][]> {
  const rows = await snapshot.all<Record<string, unknown>>('select source_file, rows_read, rows_loaded, rows_quarantined, rows_skipped from audit.source_files');
  return rows
    .map((f): [string, number, number, number, number] => [String(f.source_file).split('/').pop() ?? '', Number(f.rows_read), Number(f.rows_loaded), Number(f.rows_quarantined), Number(f.rows_skipped)])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

/** The one indicator row of a metric, entity, period and category (failing when there is not exactly one). */
export function indicatorFigure(rows: readonly IndicatorRow[], metric: string, entity: string, period: string, category = 'all') {
  const found = rows.filter((r) => r.metric === metric && r.entity_id === entity && r.period === period && r.category === category);
  expect(found, `${metric} ${entity} ${period} ${category}`).toHaveLength(1);
  const { value, numerator, denominator, coverage, unit, baseline_period } = found[0]!;
  return { value, numerator, denominator, coverage, unit, baseline_period };
}
