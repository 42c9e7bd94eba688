import { z } from 'zod';

/** A named group of anchors whose indicators are reported together (the Preston partnership). */
export const partnershipSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and - only'),
    name: z.string().min(1),
    anchors: z.array(z.string()).min(1),
  })
  .strict();
export type Partnership = z.infer<typeof partnershipSchema>;

/**
 * The exclusion flags every payment carries. Influenceable spend is spend with none of the
 * flags that the settings count as excluded: a filter, never a deletion.
 */
export const exclusionFlagSchema = z.enum(['tax', 'pension', 'payroll', 'public_body', 'grant', 'procurement_card']);
export type ExclusionFlag = z.infer<typeof exclusionFlagSchema>;

const patterns = z.array(z.string().min(1)).default([]);

/**
 * One rule: a payment gets `flag` when any pattern matches (case-insensitive regular
 * expressions, RE2 syntax) the named field, or when `procurement_card` / `organisation_types`
 * match. Fields not given are not tested.
 */
export const exclusionRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _ only'),
    flag: exclusionFlagSchema,
    label: z.string().min(1),
    supplier_name: patterns,
    expense_type: patterns,
    expense_area: patterns,
    category: patterns,
    description: patterns,
    organisation_types: z.array(z.string()).default([]).describe('supplier organisation types (from matching) that raise the flag'),
    procurement_card: z.boolean().default(false).describe("raise the flag on rows the connector marked as procurement-card spend"),
  })
  .strict();
export type ExclusionRule = z.infer<typeof exclusionRuleSchema>;
export type ExclusionRuleInput = z.input<typeof exclusionRuleSchema>;

export const exclusionSettingsSchema = z
  .object({
    use_defaults: z.boolean().default(true).describe('start from the default rule set (tax, pensions, payroll, public bodies, grants, procurement cards)'),
    rules: z.array(exclusionRuleSchema).default([]).describe('rules added to (or, with the same id, replacing) the defaults'),
    influenceable_flags: z
      .array(exclusionFlagSchema)
      .default([])
      .describe('flags that are still counted as influenceable spend (e.g. [grant] to keep grants in)'),
  })
  .strict();
export type ExclusionSettings = z.infer<typeof exclusionSettingsSchema>;

/** How the indicator layer is built: the `indicators:` section of cwb.config.yaml. */
export const indicatorSettingsSchema = z
  .object({
    baseline_year: z
      .string()
      .regex(/^\d{4}-\d{2}$/, 'a UK financial year such as 2012-13')
      .optional()
      .describe('the year changes are measured against; default: each anchor or partnership\'s first year'),
    top_suppliers: z.number().int().positive().max(10_000).default(300),
    exclusions: exclusionSettingsSchema.default({ use_defaults: true, rules: [], influenceable_flags: [] }),
    respend_rates: z
      .string()
      .optional()
      .describe('CSV of local re-spend shares for the LM3 estimate: scope (supplier|category|default), key, round2_local_share, round3_local_share'),
    small_cell_threshold: z
      .number()
      .int()
      .min(2)
      .max(100)
      .default(5)
      .describe('published workforce figures suppress any cell of fewer people than this (and the cells that would reveal it)'),
    min_match_confidence: z
      .number()
      .min(0)
      .max(0.99)
      .default(0)
      .describe(
        'count a supplier name match only at or above this confidence (the matcher already accepts from 0.90): a name match below it is treated as unmatched by every metric; identifier matches (0.99) and overrides always count',
      ),
  })
  .strict();
export type IndicatorSettings = z.infer<typeof indicatorSettingsSchema>;
export type IndicatorSettingsInput = z.input<typeof indicatorSettingsSchema>;
export const defaultIndicatorSettings: IndicatorSettings = indicatorSettingsSchema.parse({});
