import { z } from 'zod';

/** GSS code of a local authority district/unitary (E06, E07, E08, E09, W06, S12, N09). */
export const ladCodeSchema = z
  .string()
  .regex(/^[ENSW]\d{8}$/, 'expected a GSS local-authority code such as E08000024 (letter E/W/S/N then 8 digits)');

export const anchorTypeSchema = z.enum([
  'council',
  'nhs_trust',
  'nhs_ccg',
  'university',
  'college',
  'police',
  'fire',
  'housing_association',
  'central_government',
  'other',
]);

/** A named place: a set of local authorities (one council, a cluster, a county, a region). */
export const placeSchema = z.object({
  name: z.string().min(1),
  lad_codes: z.array(ladCodeSchema).min(1, 'give at least one GSS local-authority code, e.g. [E07000123] for Preston (`cwb init` leaves it empty when it cannot tell)'),
});
export type Place = z.infer<typeof placeSchema>;

/** A `mapping:` value naming a file (`./acme.yaml`, `mappings/acme.yml`) rather than a shipped mapping. */
export function isMappingPath(ref: string): boolean {
  return /\.(ya?ml)$/i.test(ref) || ref.includes('/') || ref.includes('\\');
}

/** Reading pins a source may give directly (or under options:). */
const READING_PINS = ['date_order', 'encoding', 'delimiter', 'sheet', 'header_line'] as const;

export const fileSourceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _ only').optional(),
    kind: z.literal('file').default('file'),
    path: z.string().min(1).describe('A file path or glob, relative to the config file'),
    connector: z.string().default('transparency-spend'),
    mapping: z.string().optional().describe('Mapping name; detected from the header when omitted'),
    options: z.record(z.string(), z.unknown()).default({}),
    // How to read the files, pinned for the source (what `cwb inspect` reports); each is also
    // accepted under options:, and moved there (the connector reads them from its options).
    date_order: z.enum(['dmy', 'mdy']).optional().describe('Day/month order of numeric dates, when the files cannot prove it'),
    encoding: z.string().min(1).optional().describe('Text encoding, e.g. windows-1252'),
    delimiter: z.string().length(1, 'delimiter is a single character').optional(),
    sheet: z.string().min(1).optional().describe('The worksheet of an XLSX workbook'),
    header_line: z.number().int().positive().optional().describe('The header is on this line (1-based)'),
  })
  .strict()
  .superRefine((source, ctx) => {
    for (const key of READING_PINS) {
      const direct = source[key];
      const nested = source.options[key];
      if (direct !== undefined && nested !== undefined && direct !== nested) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} is given twice, as ${JSON.stringify(direct)} and as options.${key} ${JSON.stringify(nested)}: keep one` });
      }
    }
  })
  .transform(({ date_order, encoding, delimiter, sheet, header_line, ...source }) => {
    const pins = Object.fromEntries(Object.entries({ date_order, encoding, delimiter, sheet, header_line }).filter(([, value]) => value !== undefined));
    return { ...source, options: { ...source.options, ...pins } };
  });
export type FileSource = z.infer<typeof fileSourceSchema>;

export const anchorSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'anchor ids are lower-case letters, digits and - (they appear in job ids and file names)'),
    name: z.string().min(1),
    type: anchorTypeSchema,
    home: placeSchema.describe('The home geography: where spend counts as local'),
    cluster: z
      .string()
      .optional()
      .describe('Name of the place used as the cluster/county band; default: the smallest shipped cluster or county containing home'),
    sources: z.array(fileSourceSchema).default([]),
  })
  .strict();
export type Anchor = z.infer<typeof anchorSchema>;
