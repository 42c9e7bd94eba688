import { z } from 'zod';
import { scheduleSchema } from './schedule-schema';
import { anchorSchema, defaultIndicatorSettings, indicatorSettingsSchema, partnershipSchema } from '@cwb/contracts';

export { partnershipSchema };

/** The whole of `cwb.config.yaml`. */
export const cwbConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    allow_paths_outside_config: z
      .union([z.literal(true), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe(
        "Folders (relative to the config file, or absolute) that the config's paths may name besides the config file's own folder, or true for any path; without it a path that leaves the folder is refused",
      ),
    data_dir: z
      .string()
      .default('.cwb')
      .describe('Where the warehouse, the published snapshot, staged batches and reference databases live; relative to the config file'),
    reference: z
      .object({
        postcodes: z.array(z.string()).default([]),
        imd_england: z.string().optional(),
        wimd: z.string().optional(),
        areas: z.array(z.string()).default([]),
        registers: z
          .string()
          .optional()
          .describe(
            'The registers DuckDB database that supplier matching reads (built by `cwb reference load companies|psc|register`); default <data_dir>/registers/registers.duckdb when it exists',
          ),
        supplier_overrides: z
          .string()
          .optional()
          .describe(
            'A supplier-matching overrides YAML file (supplier name or id to org-id, not an organisation, or a postcode; always wins over matching), as for `cwb match --overrides`',
          ),
      })
      .strict()
      .default({ postcodes: [], areas: [] })
      .describe('Reference files to build the postcode reference from when none is loaded yet'),
    anchors: z.array(anchorSchema).min(1, 'configure at least one anchor'),
    partnerships: z.array(partnershipSchema).default([]),
    schedule: scheduleSchema.prefault({}).describe('When the scheduler service refreshes, and where it sends alerts'),
    indicators: indicatorSettingsSchema
      .default(defaultIndicatorSettings)
      .describe('Baseline year, top-N, exclusion rules and re-spend rates of the indicator layer'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const ids = new Set<string>();
    config.anchors.forEach((anchor, i) => {
      if (ids.has(anchor.id)) {
        ctx.addIssue({ code: 'custom', path: ['anchors', i, 'id'], message: `duplicate anchor id "${anchor.id}"` });
      }
      ids.add(anchor.id);
    });
    const partnershipIds = new Set<string>();
    config.partnerships.forEach((p, i) => {
      if (ids.has(p.id) || partnershipIds.has(p.id)) {
        ctx.addIssue({ code: 'custom', path: ['partnerships', i, 'id'], message: `"${p.id}" is already an anchor or partnership id` });
      }
      partnershipIds.add(p.id);
      p.anchors.forEach((a, j) => {
        if (!ids.has(a)) {
          ctx.addIssue({
            code: 'custom',
            path: ['partnerships', i, 'anchors', j],
            message: `unknown anchor "${a}"; configured anchors are: ${[...ids].join(', ')}`,
          });
        }
      });
    });
  });

export type CwbConfig = z.infer<typeof cwbConfigSchema>;
export type { Partnership } from '@cwb/contracts';
