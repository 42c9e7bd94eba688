import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { StagedWorkforceRecord } from '@cwb/contracts';
import {
  tabularFileSpecShape,
  defineConnector,
  FileRejectedError,
  recordSourceFor,
  checkTabularFiles,
  discoverTabularFiles,
  type Connector,
  type DiscoveredFile,
  type ReadContext,
} from '@cwb/connector-sdk';
import { HASH_KEY_VARIABLE, HashKeyError } from './employee-key';
import { HomeLocator } from './home-locator';
import { readHrRecords } from './read-hr-records';
import { loadWorkforceMappingFolder, type WorkforceMapping } from './workforce-mapping';

/** The folder of this connector's HR layouts (one YAML file per layout). */
export const hrExtractMappingsDir = fileURLToPath(new URL('../mappings', import.meta.url));

/** Config of an HR source (`sources[].options` in cwb.config.yaml, plus path and mapping). */
export const hrExtractSpecSchema = z
  .object({
    ...tabularFileSpecShape,
    /** The date the snapshot describes, when the file has no snapshot-date column. */
    snapshot_date: z.iso.date('snapshot_date is an ISO date such as 2025-03-31').optional(),
  })
  .strict();
export type HrExtractSpec = z.output<typeof hrExtractSpecSchema>;
export type HrExtractSpecInput = z.input<typeof hrExtractSpecSchema>;

export interface HrExtractConnectorOptions {
  /**
   * The deployment's pseudonymisation key, asked for when a file is read (not when the
   * connector is created, so commands that never read HR files do not need it).
   */
  hashKey: () => string;
  /** Connector name; default `hr-extract`. */
  name?: string;
  mappings_dir?: string;
}

/**
 * HR extracts (staff in post: one row per employee or post) in the generic, NHS ESR and
 * iTrent layouts, as CSV in any encoding or XLSX. Rows come out pseudonymised: a keyed hash
 * for the employee reference, home areas for the postcode, no names or dates of birth. The
 * postcode reference is the run's (`ctx.reference_path`); without one, home locations are
 * `no_reference`.
 */
export function hrExtractConnector(options: HrExtractConnectorOptions): Connector<HrExtractSpec, StagedWorkforceRecord> & {
  mappings(spec?: Pick<HrExtractSpec, 'mappings_dir'>): Promise<WorkforceMapping[]>;
} {
  let own: Promise<WorkforceMapping[]> | null = null;
  const mappings = async (spec?: Pick<HrExtractSpec, 'mappings_dir'>) => {
    own ??= loadWorkforceMappingFolder(options.mappings_dir ?? hrExtractMappingsDir);
    const base = await own;
    if (!spec?.mappings_dir) return base;
    const extra = await loadWorkforceMappingFolder(spec.mappings_dir);
    const names = new Set(extra.map((mapping) => mapping.name));
    return [...base.filter((mapping) => !names.has(mapping.name)), ...extra];
  };
  const connector = defineConnector<HrExtractSpec, StagedWorkforceRecord>({
    name: options.name ?? 'hr-extract',
    spec: hrExtractSpecSchema,
    async check(spec) {
      try {
        options.hashKey();
      } catch (error) {
        return { ok: false, reason: (error as Error).message };
      }
      return checkTabularFiles(spec, async () => (await mappings(spec)).map((m) => m.name), 'HR mapping');
    },
    discover: (spec): Promise<DiscoveredFile[]> => discoverTabularFiles(spec),
    async *read(file: DiscoveredFile, spec: HrExtractSpec, ctx: ReadContext) {
      let hashKey: string;
      try {
        hashKey = options.hashKey();
      } catch (error) {
        if (error instanceof HashKeyError) throw new FileRejectedError(file.display_path, error.message, null, `${HASH_KEY_VARIABLE} set in the environment`);
        throw error;
      }
      const records = await recordSourceFor(file.path, spec);
      const locator = await HomeLocator.open(ctx.reference_path ?? null);
      try {
        yield* readHrRecords(
          records,
          {
            mappings: await mappings(spec),
            mapping: spec.mapping ?? null,
            date_order: spec.date_order ?? null,
            header_line: spec.header_line ?? null,
            snapshot_date: spec.snapshot_date ?? null,
            on_bad_row: spec.on_bad_row,
            batch_size: spec.batch_size,
            hash_key: hashKey,
            locator,
          },
          ctx,
        );
      } finally {
        locator.close();
      }
    },
  });
  return Object.freeze({ ...connector, mappings });
}
