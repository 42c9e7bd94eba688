import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { stagedLandAssetRecordSchema, type StagedLandAssetRecord } from '@cwb/contracts';
import { cleanCell, FileRejectedError, kindMappingSet, mappedKindConnector, parseDate, tabularFileSpecShape, type MappedKindConnector, type DateOrder, type MappedHeader, type RecordSource } from '@cwb/connector-sdk';
import { fitLandMapping, loadLandMappingFolder, parseLandMapping, type LandField, type LandMapping } from './land-mapping';
import { LandRowBuilder } from './land-row-builder';

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
 * register: a snapshot of the anchor's assets on its register date (the source's, else the
 * latest effective date in the file). Bad records keep their raw text: a register holds no
 * personal data.
 */
export function landAssetsConnector(options: { mappings_dir?: string } = {}): MappedKindConnector<LandAssetsSpec, StagedLandAssetRecord, LandMapping> {
  return mappedKindConnector({
    name: 'land-assets',
    spec: landAssetsSpecSchema,
    mappings: kindMappingSet(options.mappings_dir ?? landAssetsMappingsDir, loadLandMappingFolder, parseLandMapping),
    describeMapping: 'land register mapping',
    reading: (spec: LandAssetsSpec, source, ctx) => ({
      header: { fit: fitLandMapping, what: 'land register', noun: 'a land register', expected: 'a header with an asset code or UPRN column and the tenure' },
      dateFields: ['effective_date'],
      quoteDates: true,
      async builder(found: MappedHeader<LandMapping, LandField>, order) {
        const registerDate = spec.register_date ?? (await latestEffectiveDate(source, found.line, found.fit.columns.effective_date, order));
        if (registerDate === null) {
          throw new FileRejectedError(
            ctx.source_file,
            'no register date: the register has no effective-date column (or no date in it), and the source sets none',
            null,
            '`register_date: YYYY-MM-DD` (the date the register describes) on the source in cwb.config.yaml',
          );
        }
        return new LandRowBuilder(found.fit, found.header, order, registerDate);
      },
      schema: stagedLandAssetRecordSchema,
      keepRaw: true,
    }),
  });
}

/** The latest effective date in the file (a register mixing several annual updates describes the latest); null when there is none. */
async function latestEffectiveDate(source: RecordSource, headerLine: number, column: number | undefined, order: DateOrder | null): Promise<string | null> {
  if (column === undefined) return null;
  let latest: string | null = null;
  for await (const records of source.open()) {
    for (const record of records) {
      if (record.line <= headerLine) continue;
      const parsed = parseDate(cleanCell(record.fields[column]), order);
      if (parsed.ok && (latest === null || parsed.iso > latest)) latest = parsed.iso;
    }
  }
  return latest;
}
