import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { stagedGrantRecordSchema, type StagedGrantRecord } from '@cwb/contracts';
import { JsonRecordSource, kindMappingSet, mappedKindConnector, recordSourceFor, tabularFileSpecShape, type MappedKindConnector } from '@cwb/connector-sdk';
import { fitGrantMapping, loadGrantMappingFolder, parseGrantMapping, type GrantMapping } from './grant-mapping';
import { GrantRowBuilder } from './grant-row-builder';

/** The folder of this connector's grants layouts (one YAML file per layout). */
export const grantsMappingsDir = fileURLToPath(new URL('../mappings', import.meta.url));

/** Config of a grants source (`sources[]` in cwb.config.yaml: path, mapping and options). */
export const grantsSpecSchema = z.object(tabularFileSpecShape).strict();
export type GrantsSpec = z.output<typeof grantsSpecSchema>;
export type GrantsSpecInput = z.input<typeof grantsSpecSchema>;

/**
 * Grants data in the 360Giving standard: the spreadsheet layout as CSV (any encoding) or
 * XLSX, and the JSON layout (`.json`), in the layouts its mapping files describe. The CSV and
 * the JSON of one dataset give the same grants. Bad records keep their raw text: grants data
 * is published, and its recipients are organisations.
 */
export function grantsConnector(options: { mappings_dir?: string } = {}): MappedKindConnector<GrantsSpec, StagedGrantRecord, GrantMapping> {
  return mappedKindConnector({
    name: 'grants-360giving',
    spec: grantsSpecSchema,
    mappings: kindMappingSet(options.mappings_dir ?? grantsMappingsDir, loadGrantMappingFolder, parseGrantMapping),
    describeMapping: 'grants mapping',
    open: (path, spec: GrantsSpec) => (extname(path).toLowerCase() === '.json' ? new JsonRecordSource(path) : recordSourceFor(path, spec)),
    reading: () => ({
      header: { fit: fitGrantMapping, what: 'grants', noun: 'a grants file', expected: 'a 360Giving header: a grant identifier, the amount awarded, the award date' },
      dateFields: ['award_date'],
      quoteDates: true,
      builder: (found, order) => new GrantRowBuilder(found.fit, found.header, order),
      schema: stagedGrantRecordSchema,
      keepRaw: true,
    }),
  });
}
