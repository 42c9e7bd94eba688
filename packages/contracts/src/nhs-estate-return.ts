import { z } from 'zod';
import { lineageSchema } from './ap-transaction';

/**
 * Whether an ERIC row's trust columns (name, region, type) are proven: `proven`, or
 * `name_split_at_comma` (a later export split a trust name at its comma into the region
 * column, so the three are not loaded from that row; another return of the trust gives them).
 */
export const trustColumnsStatusSchema = z.enum(['proven', 'name_split_at_comma']);
export type TrustColumnsStatus = z.infer<typeof trustColumnsStatusSchema>;

/**
 * The canonical NHS estates return: one trust's row of an NHS Digital Estates Returns
 * Information Collection (ERIC) trust-level file, as the anchor (that trust) loads it. Areas in
 * square metres (ERIC gives land in hectares: × 10,000). A return without the site aggregates
 * (the 45-column "trust data" file) has null areas. Grain: one row per trust per file.
 */
export const nhsEstateReturnSchema = z.object({
  anchor_id: z.string().min(1),
  financial_year: z.string().regex(/^\d{4}-\d{2}$/).describe('The ERIC collection year (2016-17), as the source sets it'),
  trust_code: z.string().regex(/^[A-Z0-9]{3,5}$/).describe('ODS organisation code of the trust'),
  trust_name: z.string().nullable().describe('Null when the row does not prove it (trust_columns_status)'),
  commissioning_region: z.string().nullable(),
  organisation_type: z.string().nullable(),
  trust_columns_status: trustColumnsStatusSchema,
  trust_columns_detail: z.string().nullable().describe('Why the trust columns are not proven, with what the row holds'),
  gross_internal_floor_area_m2: z.number().nonnegative().nullable(),
  occupied_floor_area_m2: z.number().nonnegative().nullable(),
  land_owned_m2: z.number().nonnegative().nullable().describe('Land area owned (ERIC: hectares) in m²'),
  land_not_delivering_services_m2: z.number().nonnegative().nullable().describe('Land area not delivering services (ERIC: hectares) in m²'),
});
export type NhsEstateReturn = z.infer<typeof nhsEstateReturnSchema>;

export const stagedNhsEstateReturnSchema = nhsEstateReturnSchema.extend(lineageSchema.shape);
export type StagedNhsEstateReturn = z.infer<typeof stagedNhsEstateReturnSchema>;
