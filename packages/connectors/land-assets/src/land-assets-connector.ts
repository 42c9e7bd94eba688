import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { StagedLandAssetRecord } from '@cwb/contracts';
import { kindMappingSet, mappedKindConnector, tabularFileSpecShape, type Connector } from '@cwb/connector-sdk';
import { loadLandMappingFolder, parseLandMapping, type LandMapping } from './land-mapping';
import { readLandRecords } from './read-land-records';

/** The folder of this connector's register layouts (one YAML file per layout). */
export const landAssetsMappingsDir = fileURLToPath(new URL('../mappings', import.meta.url));

/** Config of a land register source (`sources[]` in cwb.config.yaml: path, mapping and options). */
export const landAssetsSpecSchema = z
  .object({
    ...tabularFileSpecShape,
    /** The date the register describes, when it has no effective-date column (or to override it). */
    register_date: z.iso.date('register_date is an ISO date such as 2023-03-31').optional(),
  })
  .strict();
export type LandAssetsSpec = z.output<typeof landAssetsSpecSchema>;
export type LandAssetsSpecInput = z.input<typeof landAssetsSpecSchema>;

/**
 * Land and assets registers (the Local Government Transparency Code layout and its variants)
 * as CSV in any encoding or XLSX, in the layouts its mapping files describe. Each file is one
 * register: a snapshot of the anchor's assets on its register date.
 */
export function landAssetsConnector(options: { mappings_dir?: string } = {}): Connector<LandAssetsSpec, StagedLandAssetRecord> & {
  mappings(spec?: Pick<LandAssetsSpec, 'mappings_dir'>): Promise<LandMapping[]>;
} {
  return mappedKindConnector({
    name: 'land-assets',
    spec: landAssetsSpecSchema,
    mappings: kindMappingSet(options.mappings_dir ?? landAssetsMappingsDir, loadLandMappingFolder, parseLandMapping),
    describeMapping: 'land register mapping',
    read: (records, spec: LandAssetsSpec, { available, pinned }, ctx) =>
      readLandRecords(
        records,
        {
          mappings: available,
          mapping: pinned,
          date_order: spec.date_order ?? null,
          header_line: spec.header_line ?? null,
          register_date: spec.register_date ?? null,
          on_bad_row: spec.on_bad_row,
          batch_size: spec.batch_size,
        },
        ctx,
      ),
  });
}
