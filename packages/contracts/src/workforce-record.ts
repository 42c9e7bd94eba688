import { z } from 'zod';
import { lineageSchema } from './ap-transaction';

/** Contract types an HR extract's own codes are mapped onto. */
export const contractTypeSchema = z.enum(['permanent', 'fixed_term', 'casual', 'zero_hours', 'agency', 'apprentice']);
export type ContractType = z.infer<typeof contractTypeSchema>;

/** How the pay figure on a record is expressed. */
export const payBasisSchema = z.enum(['hourly', 'annual']);
export type PayBasis = z.infer<typeof payBasisSchema>;

/** Gender where the extract supplies it (pay-gap reporting uses male and female only). */
export const genderSchema = z.enum(['female', 'male', 'other']);
export type Gender = z.infer<typeof genderSchema>;

/**
 * What became of the home postcode: located (LSOA and local authority kept), or why not.
 * The postcode itself is never kept.
 */
export const homeLocationStatusSchema = z.enum([
  'located',
  'no_area',
  'not_in_reference',
  'no_postcode',
  'invalid_postcode',
  'no_reference',
]);
export type HomeLocationStatus = z.infer<typeof homeLocationStatusSchema>;

/**
 * The canonical workforce record, after the privacy step: one row per employee post in an
 * anchor's HR snapshot. It is what is staged, loaded and modelled; it carries no name, no
 * date of birth, no employee reference and no postcode:
 * - `employee_key` is HMAC-SHA256(deployment key, anchor id + employee reference), hex;
 * - the home postcode is replaced by its LSOA, local authority, region, country and the
 *   deprivation decile of the LSOA in its own nation's index.
 * Money is in pence; `hourly_pay_pence` is derived (salary ÷ (weekly hours × 365/7)) and may
 * have fractions of a penny.
 */
export const workforceRecordSchema = z.object({
  anchor_id: z.string().min(1),
  snapshot_date: z.iso.date().describe('The date the HR snapshot describes (in post on this date)'),
  employee_key: z.string().regex(/^[0-9a-f]{64}$/, 'a keyed HMAC-SHA256 in hex (64 characters), never the reference itself'),
  home_location_status: homeLocationStatusSchema,
  home_lsoa_code: z.string().nullable(),
  home_lad_code: z.string().nullable(),
  home_region_code: z.string().nullable(),
  home_country_code: z.string().nullable(),
  home_imd_decile: z.number().int().min(1).max(10).nullable(),
  home_imd_nation: z.enum(['E', 'W', 'S', 'N']).nullable(),
  fte: z.number().min(0).max(10).nullable().describe('Full-time equivalent of the post (1 = full time)'),
  contracted_hours: z.number().min(0).max(168).nullable().describe('Contracted hours per week'),
  pay_basis: payBasisSchema.nullable(),
  pay_pence: z.number().int().nonnegative().nullable().describe('Pay as given: an hourly rate or an annual salary, in pence'),
  hourly_pay_pence: z.number().nonnegative().nullable().describe('Pay per hour in pence, derived from pay_basis'),
  grade: z.string().nullable(),
  contract_type: contractTypeSchema.nullable(),
  start_date: z.iso.date().nullable(),
  leave_date: z.iso.date().nullable(),
  gender: genderSchema.nullable(),
});
export type WorkforceRecord = z.infer<typeof workforceRecordSchema>;

export const stagedWorkforceRecordSchema = workforceRecordSchema.extend(lineageSchema.shape);
export type StagedWorkforceRecord = z.infer<typeof stagedWorkforceRecordSchema>;

/** Which canonical record a connector stages: payments (the default), workforce records, land assets, grants. */
export const recordKindSchema = z.enum(['ap_transaction', 'workforce', 'land_asset', 'grant', 'organisation', 'nhs_estate_return']);
export type RecordKind = z.infer<typeof recordKindSchema>;
