import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type LoadedConfig } from '@cwb/config';
import { enqueueRefresh, waitForRun } from '@cwb/cli/refresh-runner';
import { createLogger } from '@cwb/logger';
import type { BuildModelsResult, Topology } from '@cwb/queue';
import { samplePath } from '@cwb/sample-data';
import { startWorkers } from '@cwb/worker';

/** The two labelled HR fixtures (see packages/connectors/hr-extract/test/fixtures/README.md). */
export const HR_FIXTURES = {
  sunderland: fileURLToPath(new URL('../../packages/connectors/hr-extract/test/fixtures/sunderland-staff-in-post-2025-03.csv', import.meta.url)),
  london: fileURLToPath(new URL('../../packages/connectors/hr-extract/test/fixtures/london-trust-esr-staff-in-post-2025-03.csv', import.meta.url)),
} as const;

/** A fixed deployment key for the test, so the test can recompute employee keys. */
export const TEST_HASH_KEY = 'e2e-test-key-0123456789abcdef0123456789abcdef';

export interface WorkforceRun {
  loaded: LoadedConfig;
  topology: Topology;
  result: BuildModelsResult;
}

/**
 * A real refresh of the two HR fixtures (Sunderland City Council, generic layout; a London
 * NHS trust in Southwark, ESR layout; and their partnership) through BullMQ on real Redis
 * and a real DuckDB warehouse, with the postcode reference built from the bundled NSPL/ONSPD
 * samples. The workers are closed afterwards but the queues are left as they are, so a test
 * can inspect everything the run left in Redis.
 */
export async function runWorkforceRefresh(redisUrl: string, extraYaml = ''): Promise<WorkforceRun> {
  const dir = await mkdtemp(join(tmpdir(), 'cwb-e2e-workforce-'));
  const yaml = `version: 1
data_dir: data
# the bundled samples and the HR fixtures, by name (a config's paths otherwise stay in its folder)
allow_paths_outside_config: [${[samplePath('.'), dirname(HR_FIXTURES.sunderland)].map((p) => JSON.stringify(p)).join(', ')}]
reference:
  postcodes:
    - ${samplePath('geography/nspl_nov2021_SR_postcode_area_sunderland.csv')}
    - ${samplePath('geography/nspl_nov2021_LD_postcode_area_wales.csv')}
    - ${samplePath('geography/onspd_extract_postcodesio_seed_subset.csv')}
  imd_england: ${samplePath('deprivation/imd2019_england_lsoa11_file1.csv')}
  wimd: ${samplePath('deprivation/wimd2019_scores_by_lsoa_DERIVED_from_ods.csv')}
  areas:
    - ${samplePath('geography/ons_lad23_names_welsh_names_centroids_uk.csv')}
    - ${samplePath('geography/ons_ward19_lad19_county_region_country_uk.csv')}
    - ${samplePath('geography/ons_lad18_to_region18_england.csv')}
    - ${samplePath('geography/ons_country_names_codes_uk_2018.csv')}
anchors:
  - id: sunderland-council
    name: Sunderland City Council
    type: council
    home: { name: Sunderland, lad_codes: [E08000024] }
    sources:
      - path: ${HR_FIXTURES.sunderland}
        connector: hr-extract
  - id: south-london-trust
    name: South London Hospitals NHS Trust
    type: nhs_trust
    home: { name: Southwark, lad_codes: [E09000028] }
    sources:
      - path: ${HR_FIXTURES.london}
        connector: hr-extract
partnerships:
  - id: workforce-partnership
    name: Sunderland and South London anchors
    anchors: [sunderland-council, south-london-trust]
${extraYaml}`;
  const configPath = join(dir, 'cwb.config.yaml');
  await writeFile(configPath, yaml);
  const loaded = await loadConfig(configPath);
  const topology: Topology = { redisUrl, prefix: `cwb-e2e-workforce-${Date.now().toString(36)}` };
  const pool = startWorkers({ topology, logger: createLogger('cwb-e2e') });
  try {
    const run = await enqueueRefresh(topology, loaded);
    const result = await waitForRun(topology, run.run_id, { timeoutMs: 300_000 });
    return { loaded, topology, result };
  } finally {
    await pool.close();
  }
}
