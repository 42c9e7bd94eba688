import { z } from 'zod';
import { scheduleSchema } from './schedule-schema';
import { anchorSchema } from '@cwb/contracts';

export const partnershipSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and - only'),
    name: z.string().min(1),
    anchors: z.array(z.string()).min(1),
  })
  .strict();

/** The whole of `cwb.config.yaml`. */
export const cwbConfigSchema = z
  .object({
    version: z.literal(1).default(1),
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
      })
      .strict()
      .default({ postcodes: [], areas: [] })
      .describe('Reference files to build the postcode reference from when none is loaded yet'),
    anchors: z.array(anchorSchema).min(1, 'configure at least one anchor'),
    partnerships: z.array(partnershipSchema).default([]),
    schedule: scheduleSchema.prefault({}).describe('When the scheduler service refreshes, and where it sends alerts'),
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
    config.partnerships.forEach((p, i) => {
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
export type Partnership = z.infer<typeof partnershipSchema>;
