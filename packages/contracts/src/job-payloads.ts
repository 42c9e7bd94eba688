import { z } from 'zod';
import { anchorSchema } from './anchor-config';
import { indicatorSettingsSchema, partnershipSchema } from './indicator-settings';
import { recordKindSchema } from './workforce-record';

/** Ids become part of BullMQ job ids, which must not contain ':'. */
export const runIdSchema = z.string().regex(/^[A-Za-z0-9_-]+$/, 'run ids use letters, digits, - and _ only');

const stagedFilesSchema = z.object({
  rows_path: z.string().describe('NDJSON file of staged canonical rows'),
  quarantine_path: z.string().describe('NDJSON file of quarantined and skipped records'),
});

export const refreshJobSchema = z.object({
  run_id: runIdSchema,
  anchors: z.array(anchorSchema).min(1).describe('Anchor config snapshot for this run (no personal data)'),
  partnerships: z.array(partnershipSchema).optional().describe('Partnerships of anchors the indicators are also reported for'),
  indicators: indicatorSettingsSchema.optional().describe('Indicator settings (file paths absolute); default: defaultIndicatorSettings'),
  config_dir: z.string().describe('Directory that source paths are relative to'),
  staging_dir: z.string(),
  warehouse_path: z.string(),
  snapshot_path: z.string(),
  reference_path: z.string().nullable(),
  registers_path: z.string().nullable().default(null).describe('Registers database supplier matching reads; null: no matching'),
  overrides_path: z
    .string()
    .nullable()
    .default(null)
    .describe('Supplier-matching overrides file (absolute; validated when the payload is built); null: none'),
});
export type RefreshJob = z.infer<typeof refreshJobSchema>;

export const extractJobSchema = z.object({
  run_id: runIdSchema,
  anchor_id: z.string(),
  source_file: z.string().describe('Absolute path of the source file'),
  source_file_display: z.string().describe('The path as configured (relative to the config file): recorded as lineage'),
  source_file_id: z.string().describe('Stable id: anchor + content hash'),
  content_sha256: z.string().length(64),
  connector: z.string(),
  mapping: z.string().optional(),
  load_id: z.string().optional(),
  options: z.record(z.string(), z.unknown()).default({}),
  staging_dir: z.string(),
  reference_path: z
    .string()
    .nullable()
    .default(null)
    .describe('Postcode reference for connectors that locate at read time (HR: home postcodes never leave the extract stage)'),
});
export type ExtractJob = z.infer<typeof extractJobSchema>;

export const extractResultSchema = stagedFilesSchema.extend({
  source_file_id: z.string(),
  rows_read: z.number().int().nonnegative(),
  rows_staged: z.number().int().nonnegative(),
  rows_quarantined: z.number().int().nonnegative(),
  rows_skipped: z.number().int().nonnegative(),
  mapping: z.string().nullable(),
  encoding: z.string().nullable(),
  record_kind: recordKindSchema.default('ap_transaction').describe('Which canonical rows rows_path holds'),
  reader: z.enum(['duckdb', 'node']).default('node').describe('Which reader read the file: DuckDB (the fast path) or the per-row Node reader'),
  reader_reason: z.string().nullable().default(null).describe('Why that reader (for the Node reader: what DuckDB could not read safely)'),
});
export type ExtractResult = z.infer<typeof extractResultSchema>;

export const enrichJobSchema = z.object({
  run_id: runIdSchema,
  anchor_id: z.string(),
  source_file_id: z.string(),
  staging_dir: z.string(),
  reference_path: z.string().nullable(),
  registers_path: z.string().nullable().default(null).describe('Registers database supplier matching reads; null: suppliers are not matched'),
  overrides_path: z.string().nullable().default(null).describe('Supplier-matching overrides file, which always wins over matching; null: none'),
  home_lad_codes: z
    .array(z.string())
    .default([])
    .describe("The anchor's home local authorities: supplier matching prefers organisations registered there over same- or near-named ones elsewhere"),
});
export type EnrichJob = z.infer<typeof enrichJobSchema>;

export const enrichResultSchema = z.object({
  extract: extractResultSchema,
  suppliers_path: z.string().describe('NDJSON of distinct supplier keys with their location'),
  suppliers: z.number().int().nonnegative(),
  suppliers_located: z.number().int().nonnegative(),
  reference_vintage: z.string().nullable(),
  classifications_path: z.string().default('').describe('NDJSON of matched supplier keys (raw.supplier_classifications rows); empty: none'),
  matching: z
    .object({
      suppliers: z.number().int().nonnegative().describe('Distinct supplier keys in the file'),
      matched: z.number().int().nonnegative().describe('Of which matched to an organisation'),
      cache_hits: z.number().int().nonnegative(),
      cache_misses: z.number().int().nonnegative().describe('Suppliers sent to the matcher'),
      registers_version: z.string(),
      overrides: z.number().int().nonnegative().default(0).describe('Entries in the overrides file'),
      overridden: z.number().int().nonnegative().default(0).describe('Suppliers decided or located by an override'),
    })
    .nullable()
    .default(null)
    .describe('Supplier matching counts; null when no registers database was available'),
});
export type EnrichResult = z.infer<typeof enrichResultSchema>;

export const loadJobSchema = z.object({
  run_id: runIdSchema,
  anchor_id: z.string(),
  source_file: z.string(),
  source_file_id: z.string(),
  content_sha256: z.string().length(64),
  warehouse_path: z.string(),
});
export type LoadJob = z.infer<typeof loadJobSchema>;

export const loadResultSchema = z.object({
  source_file_id: z.string(),
  rows_read: z.number().int().nonnegative(),
  rows_loaded: z.number().int().nonnegative(),
  rows_quarantined: z.number().int().nonnegative(),
  rows_skipped: z.number().int().nonnegative(),
});
export type LoadResult = z.infer<typeof loadResultSchema>;

export const buildModelsJobSchema = z.object({
  run_id: runIdSchema,
  anchors: z.array(anchorSchema),
  partnerships: z.array(partnershipSchema).optional(),
  indicators: indicatorSettingsSchema.optional(),
  reference_path: z.string().nullable().optional().describe('Postcode reference the location bands are drawn from'),
  warehouse_path: z.string(),
  snapshot_path: z.string().describe('Where the read-only snapshot for BI tools is published'),
});
export type BuildModelsJob = z.infer<typeof buildModelsJobSchema>;
