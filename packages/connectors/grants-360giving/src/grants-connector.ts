import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { StagedGrantRecord } from '@cwb/contracts';
import {
  checkTabularFiles,
  defineConnector,
  discoverTabularFiles,
  JsonRecordSource,
  kindMappingSet,
  recordSourceFor,
  tabularFileSpecShape,
  type Connector,
  type DiscoveredFile,
  type ReadContext,
} from '@cwb/connector-sdk';
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
  const set = kindMappingSet(options.mappings_dir ?? grantsMappingsDir, loadGrantMappingFolder, parseGrantMapping);
  const connector = defineConnector<GrantsSpec, StagedGrantRecord>({
    name: 'grants-360giving',
    spec: grantsSpecSchema,
    check: (spec) => checkTabularFiles(spec, async () => (await set.mappings(spec)).map((m) => m.name), 'grants mapping'),
    discover: (spec): Promise<DiscoveredFile[]> => discoverTabularFiles(spec),
    async *read(file: DiscoveredFile, spec: GrantsSpec, ctx: ReadContext) {
      const { available, pinned } = await set.forSource(spec);
      const records = extname(file.path).toLowerCase() === '.json' ? new JsonRecordSource(file.path) : await recordSourceFor(file.path, spec);
      yield* readGrantRecords(
        records,
        { mappings: available, mapping: pinned, date_order: spec.date_order ?? null, header_line: spec.header_line ?? null, on_bad_row: spec.on_bad_row, batch_size: spec.batch_size },
        ctx,
      );
    },
  });
  return Object.freeze({ ...connector, mappings: set.mappings });
}
