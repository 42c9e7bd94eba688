import { z } from 'zod';

/**
 * What the enrich stage stages for the loader, beside the payments: each distinct supplier
 * postcode located once, and each matched (or override-decided) supplier's classification.
 * Register and reference facts only: never a ledger's supplier name, which may be a person's.
 */
export const stagedPostcodeLocationSchema = z.object({
  postcode: z.string().min(1),
  status: z.enum(['located', 'no_area', 'not_in_reference']),
  lad_code: z.string().nullable(),
  region_code: z.string().nullable(),
  country_code: z.string().nullable(),
  lsoa_code: z.string().nullable(),
  imd_decile: z.number().int().min(1).max(10).nullable(),
  imd_nation: z.string().nullable(),
  is_terminated: z.boolean().nullable(),
  reference_vintage: z.string().nullable(),
});
export type StagedPostcodeLocation = z.infer<typeof stagedPostcodeLocationSchema>;

export const stagedSupplierClassificationSchema = z.object({
  supplier_key: z.string().min(1),
  matched_name: z.string().nullable(),
  company_number: z.string().nullable(),
  org_id: z.string().nullable(),
  match_method: z.string().min(1),
  match_confidence: z.number().min(0).max(1),
  /** The method, the named score parts and the runner-up's score (@cwb/matching matchEvidence). */
  match_evidence: z.string(),
  /** The chosen candidate's Fellegi–Sunter match probability (@cwb/matching chosenProbability); null for identifiers and overrides. */
  match_probability: z.number().min(0).max(1).nullable(),
  organisation_type: z.string().nullable(),
  /** The register's own category of the matched organisation (Companies House CompanyCategory), which the ownership-forms rules read. */
  register_category: z.string().nullable(),
  size_band: z.string().nullable(),
  sic_codes: z.array(z.string()).nullable(),
  registered_postcode: z.string().nullable(),
  ultimate_owner: z.string().nullable(),
  ultimate_owner_lad_code: z.string().nullable(),
  /** The location an override gives, which wins over the ledger's and the registered office. */
  override_postcode: z.string().nullable(),
});
export type StagedSupplierClassification = z.infer<typeof stagedSupplierClassificationSchema>;
