import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { StagedGrantRecord } from '@cwb/contracts';
import { JsonRecordSource, kindMappingSet, mappedKindConnector, recordSourceFor, tabularFileSpecShape, type Connector } from '@cwb/connector-sdk';
import { loadGrantMappingFolder, parseGrantMapping, type GrantMapping } from './grant-mapping';
import { readGrantRecords } from './read-grant-records';

/** The folder of this connector's grants layouts (one YAML file per layout). */
export const grantsMappingsDir = fileURLToPath(new URL('../mappings', import.meta.url));

/** Config of a grants source (`sources[]` in cwb.config.yaml: path, mapping and options). */
export const grantsSpecSchema = z.object(tabularFileSpecShape).strict();
export type GrantsSpec = z.output<typeof grantsSpecSchema>;
export type GrantsSpecInput = z.input<typeof grantsSpecSchema>;

/**
 * Grants data in the 360Giving standard: the spreadsheet layout as CSV (any encoding) or
 * XLSX, and the JSON layout (`.json`), in the layouts its mapping files describe. The CSV and
 * the JSON of one dataset give the same grants.
 */
export function grantsConnector(options: { mappings_dir?: string } = {}): Connector<GrantsSpec, StagedGrantRecord> & {
  mappings(spec?: Pick<GrantsSpec, 'mappings_dir'>): Promise<GrantMapping[]>;
} {
  return mappedKindConnector({
    name: 'grants-360giving',
    spec: grantsSpecSchema,
    mappings: kindMappingSet(options.mappings_dir ?? grantsMappingsDir, loadGrantMappingFolder, parseGrantMapping),
    describeMapping: 'grants mapping',
    open: (path, spec: GrantsSpec) => (extname(path).toLowerCase() === '.json' ? new JsonRecordSource(path) : recordSourceFor(path, spec)),
    read: (records, spec: GrantsSpec, { available, pinned }, ctx) =>
      readGrantRecords(
        records,
        { mappings: available, mapping: pinned, date_order: spec.date_order ?? null, header_line: spec.header_line ?? null, on_bad_row: spec.on_bad_row, batch_size: spec.batch_size },
        ctx,
      ),
  });
}
