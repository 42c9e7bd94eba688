import { z } from 'zod';
import { recipientKindSchema } from '@cwb/contracts';
import { headerAliasesSchema, kindMappingFunctions, requireMappedFields, type MappingFit } from '@cwb/connector-sdk';

/** Fields of a grants file a mapping can fill from the file's columns (or a JSON file's paths). */
export const GRANT_FIELDS = [
  'grant_id',
  'title',
  'currency',
  'amount',
  'award_date',
  'programme_code',
  'programme_title',
  'recipient_org_id',
  'recipient_name',
  'recipient_charity_number',
  'recipient_company_number',
  'recipient_postcode',
  'funder_org_id',
  'funder_name',
  'beneficiary_geo_code',
] as const;
export type GrantField = (typeof GRANT_FIELDS)[number];


/**
 * A declarative grants layout: which column (a 360Giving spreadsheet title, or a JSON path
 * such as `recipientOrganization/0/id`) fills each field, which org-id prefixes say what kind
 * of body a recipient is, and which names mark a VCSE body. Loaded from YAML.
 */
export const grantMappingSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'mapping names are kebab-case, e.g. 360giving-csv'),
    description: z.string().min(1),
    based_on: z.string().min(1),
    columns: z.partialRecord(z.enum(GRANT_FIELDS), headerAliasesSchema),
    required: z.array(z.enum(GRANT_FIELDS)).default(['grant_id', 'amount', 'award_date']),
    signature: z.array(z.string().min(1)).default([]),
    ignore: z.array(z.string().min(1)).default([]),
    values: z
      .object({
        /** Org-id prefixes (the org-id scheme, up to the second hyphen) for each kind of recipient. */
        recipient_kinds: z.partialRecord(recipientKindSchema, z.array(z.string().min(1))).default({}),
        /** Recipient kinds that are VCSE bodies by what they are (charities, mutuals). */
        vcse_kinds: z.array(recipientKindSchema).default(['charity', 'mutual']),
        /** Regular expressions (case-insensitive) over the recipient's name that mark a VCSE body (CIC). */
        vcse_names: z.array(z.string().min(1)).default([]),
        /** Currencies read as pounds sterling. */
        currencies: z.array(z.string().min(1)).default(['GBP']),
      })
      .strict()
      .prefault({}),
    parse: z.object({ date_order: z.enum(['dmy', 'mdy', 'auto']).default('auto') }).strict().prefault({}),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    requireMappedFields(mapping, ctx);
    for (const [index, pattern] of mapping.values.vcse_names.entries()) {
      try {
        new RegExp(pattern, 'i');
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['values', 'vcse_names', index], message: `not a regular expression: ${(error as Error).message}` });
      }
    }
  });
export type GrantMapping = z.output<typeof grantMappingSchema>;

const functions = kindMappingFunctions<GrantMapping, GrantField>(grantMappingSchema, 'grants mapping');
export const parseGrantMapping = functions.parse;
export const loadGrantMappingFolder = functions.loadFolder;
export type GrantMappingFit = MappingFit<GrantMapping, GrantField>;
export const fitGrantMapping = functions.fit;
