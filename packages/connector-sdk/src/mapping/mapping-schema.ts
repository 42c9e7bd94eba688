import { z } from 'zod';

/** Canonical AP fields a mapping can fill from the file's columns. */
export const CANONICAL_FIELDS = [
  'payment_date',
  'amount',
  'supplier_name',
  'supplier_id',
  'company_number',
  'vat_number',
  'charity_number',
  'supplier_postcode',
  'transaction_ref',
  'expense_area',
  'expense_type',
  'category',
  'description',
  'is_procurement_card',
  'is_vcse_flagged',
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

const aliases = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((value) => (typeof value === 'string' ? [value] : value));

const filterSchema = z
  .object({
    column: z.string().min(1).describe('A header in the file or a canonical field name'),
    equals: z.string().optional(),
    matches: z.string().optional().describe('A regular expression, case-insensitive'),
    reason: z.string().min(1).describe('Recorded with every row the filter skips'),
  })
  .strict()
  .refine((filter) => (filter.equals === undefined) !== (filter.matches === undefined), {
    message: 'a filter needs exactly one of `equals` or `matches`',
  });

/**
 * A declarative layout: which header (aliases) fills each canonical field, how values are
 * parsed, and which rows are filtered out. Loaded from YAML and validated here.
 */
export const mappingSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'mapping names are kebab-case, e.g. leeds-2020'),
    description: z.string().min(1),
    /** Sample files this layout was written from (documentation only). */
    examples: z.array(z.string()).default([]),
    columns: z.partialRecord(z.enum(CANONICAL_FIELDS), aliases),
    /** Canonical fields that must be found in the header for the mapping to fit. */
    required: z.array(z.enum(CANONICAL_FIELDS)).default(['payment_date', 'amount', 'supplier_name']),
    /** Headers that must also be present (not mapped): they tell this layout from a similar one. */
    signature: z.array(z.string().min(1)).default([]),
    /** Headers known to the layout but not loaded (they count towards the fit). */
    ignore: z.array(z.string().min(1)).default([]),
    parse: z
      .object({
        /** `auto`: decided from the file's dates; an undecidable file is rejected unless the source sets it. */
        date_order: z.enum(['dmy', 'mdy', 'auto']).default('auto'),
        decimal_comma: z.boolean().default(false),
        /** Amounts with more than two decimal places: `refuse` (quarantined, the default) or `round` to the penny. */
        sub_penny: z.enum(['refuse', 'round']).default('refuse'),
        /** Supplier cells look like `CODE : Name`; the code becomes supplier_id (and a company number when it holds one). */
        supplier_vendor_code: z.boolean().default(false),
        redaction_markers: z.array(z.string()).default([]),
        /** Every row of files in this layout is procurement-card spend. */
        procurement_card_file: z.boolean().default(false),
        true_values: z.array(z.string()).default(['y', 'yes', 'true', '1', 'x']),
      })
      .strict()
      .prefault({}),
    filters: z.array(filterSchema).default([]),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    for (const field of mapping.required) {
      if (!mapping.columns[field]) {
        ctx.addIssue({ code: 'custom', path: ['required'], message: `required field "${field}" has no column aliases` });
      }
    }
    for (const filter of mapping.filters) {
      if (filter.matches !== undefined) {
        try {
          new RegExp(filter.matches, 'i');
        } catch (error) {
          ctx.addIssue({ code: 'custom', path: ['filters'], message: `invalid regular expression: ${(error as Error).message}` });
        }
      }
    }
  });
export type Mapping = z.output<typeof mappingSchema>;
export type MappingInput = z.input<typeof mappingSchema>;
