import { z } from 'zod';

/** Deprivation indices are national: a decile is only comparable within its nation. */
export const imdNationSchema = z.enum(['E', 'W', 'S', 'N']);
export type ImdNation = z.infer<typeof imdNationSchema>;

/**
 * Where a postcode is, per the reference version that located it. `status: 'no_area'` means
 * the postcode exists but has no area (a pseudo-code such as Jersey's L99999999, or no grid
 * reference); a postcode absent from the result map is "postcode not in reference".
 */
export const postcodeLocationSchema = z.object({
  postcode: z.string(),
  lad_code: z.string().nullable(),
  region_code: z.string().nullable(),
  country_code: z.string().nullable(),
  /** The LSOA the deprivation decile belongs to (2011 LSOA when the file has one, else 2021). */
  lsoa_code: z.string().nullable(),
  imd_decile: z.number().int().min(1).max(10).nullable(),
  imd_nation: imdNationSchema.nullable(),
  is_terminated: z.boolean(),
  /** 'YYYY-MM' (ONS gives the month only). */
  terminated_on: z.string().regex(/^\d{4}-\d{2}$/).nullable(),
  vintage: z.string(),
  status: z.enum(['located', 'no_area']),
});
export type PostcodeLocation = z.infer<typeof postcodeLocationSchema>;

/**
 * How a supplier was located, recorded on the supplier by the enrich stage:
 * - `supplier_postcode`: the postcode given in the ledger row
 * - `registered_office`: the Companies House registered office postcode (once matching exists)
 * - `manual_override`: a postcode or LAD set by an analyst
 */
export const locationMethodSchema = z.enum(['supplier_postcode', 'registered_office', 'manual_override']);
export type LocationMethod = z.infer<typeof locationMethodSchema>;
