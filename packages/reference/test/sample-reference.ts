import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { samplePath } from '@cwb/sample-data';
import { buildReference, type BuildReferenceOptions, type BuiltReference } from '../src/index';

/** The real published samples a full reference is built from in tests. */
export const SAMPLE_INPUTS = {
  nsplLd: samplePath('geography/nspl_nov2021_LD_postcode_area_wales.csv'),
  nsplSr: samplePath('geography/nspl_nov2021_SR_postcode_area_sunderland.csv'),
  onspdSubset: samplePath('geography/onspd_extract_postcodesio_seed_subset.csv'),
  imdEngland: samplePath('deprivation/imd2019_england_lsoa11_file1.csv'),
  wimd: samplePath('deprivation/wimd2019_scores_by_lsoa_DERIVED_from_ods.csv'),
  lad23Names: samplePath('geography/ons_lad23_names_welsh_names_centroids_uk.csv'),
  ward19Hierarchy: samplePath('geography/ons_ward19_lad19_county_region_country_uk.csv'),
  lad18Region: samplePath('geography/ons_lad18_to_region18_england.csv'),
  countryNames: samplePath('geography/ons_country_names_codes_uk_2018.csv'),
} as const;

export const SAMPLE_AREA_FILES = [SAMPLE_INPUTS.lad23Names, SAMPLE_INPUTS.ward19Hierarchy, SAMPLE_INPUTS.lad18Region, SAMPLE_INPUTS.countryNames];

/** A fresh temporary reference directory. */
export function tempReferenceDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `cwb-reference-${label}-`));
}

/** Build the NSPL LD + SR reference with IoD, WIMD and every area lookup, in a fresh directory. */
export async function buildSampleReference(extra: Partial<BuildReferenceOptions> = {}): Promise<BuiltReference & { outDir: string }> {
  const outDir = tempReferenceDir('sample');
  const built = await buildReference({
    outDir,
    postcodeFiles: [SAMPLE_INPUTS.nsplLd, SAMPLE_INPUTS.nsplSr],
    imdEnglandFile: SAMPLE_INPUTS.imdEngland,
    wimdFile: SAMPLE_INPUTS.wimd,
    areaFiles: SAMPLE_AREA_FILES,
    ...extra,
  });
  return { ...built, outDir };
}
