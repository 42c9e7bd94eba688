import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { stagedNhsEstateReturnSchema, type StagedNhsEstateReturn } from '@cwb/contracts';
import { kindMappingSet, mappedKindConnector, recordSourceFor, tabularFileSpecShape, type MappedKindConnector } from '@cwb/connector-sdk';
import { EricRowBuilder } from './eric-row-builder';
import { fitEricMapping, loadEricMappingFolder, parseEricMapping, type EricMapping } from './eric-mapping';

/** The folder of the ERIC layouts (one YAML file per layout). */
export const ericMappingsDir = fileURLToPath(new URL('../eric-mappings', import.meta.url));

/** Config of an ERIC source: the file, the anchor's trust and the collection year. */
export const nhsEricSpecSchema = z
  .object({
    ...tabularFileSpecShape,
    /** The anchor's ODS trust code: its row is loaded, the other trusts' rows are skipped. */
    trust_code: z.string().regex(/^[A-Z0-9]{3,5}$/, 'trust_code is an ODS trust code such as RLN'),
    /** The ERIC collection year. */
    financial_year: z.string().regex(/^\d{4}-\d{2}$/, 'financial_year is a UK financial year such as 2016-17'),
  })
  .strict();
export type NhsEricSpec = z.output<typeof nhsEricSpecSchema>;
export type NhsEricSpecInput = z.input<typeof nhsEricSpecSchema>;

/**
 * NHS Digital's Estates Returns Information Collection (ERIC), trust-level files, `$`-delimited
 * as published (the delimiter is `$` unless the source says otherwise): the anchor's trust row,
 * in the layouts its mapping files describe.
 */
export function nhsEricConnector(options: { mappings_dir?: string } = {}): MappedKindConnector<NhsEricSpec, StagedNhsEstateReturn, EricMapping> {
  return mappedKindConnector({
    name: 'nhs-eric',
    spec: nhsEricSpecSchema,
    mappings: kindMappingSet(options.mappings_dir ?? ericMappingsDir, loadEricMappingFolder, parseEricMapping),
    describeMapping: 'ERIC mapping',
    open: (path, spec) => recordSourceFor(path, { ...spec, delimiter: spec.delimiter ?? '$' }),
    reading: (spec: NhsEricSpec) => ({
      header: { fit: fitEricMapping, what: 'ERIC', noun: 'an ERIC trust file', expected: 'a header with Organisation Code and the trust columns' },
      dateFields: [],
      quoteDates: true,
      builder: (found) => new EricRowBuilder(found.fit, found.header, spec.trust_code, spec.financial_year),
      schema: stagedNhsEstateReturnSchema,
      keepRaw: true,
    }),
  });
}
