import { z } from 'zod';

/** One distinct supplier to match: a name and whatever identifiers the ledger carries. */
export const supplierInputSchema = z.object({
  name: z.string().nullable().describe('Supplier name as published; null when redacted'),
  postcode: z.string().nullable().optional(),
  company_number: z.string().nullable().optional(),
  vat_number: z.string().nullable().optional(),
  charity_number: z.string().nullable().optional(),
  supplier_id: z.string().nullable().optional().describe("The publisher's own supplier id or vendor code"),
  is_redacted: z.boolean().optional(),
});
export type SupplierInput = z.infer<typeof supplierInputSchema>;

export const MATCH_METHODS = [
  'override',
  'company_number',
  'charity_number',
  'vat_number',
  'ods_code',
  'exact_name',
  'previous_name',
  'fuzzy_name',
  'not_an_organisation',
  'redacted',
  'ambiguous',
  'no_match',
] as const;
export const matchMethodSchema = z.enum(MATCH_METHODS);
export type MatchMethod = z.infer<typeof matchMethodSchema>;

export const matchCandidateSchema = z.object({
  org_id: z.string(),
  name: z.string(),
  matched_on: z.string().describe('The normalised name (current or previous) that scored'),
  postcode: z.string().nullable(),
  is_active: z.boolean().nullable(),
  score: z.number(),
  /** The named parts of the score (model/name-scores.yaml keys, fuzzy measures with their values). */
  evidence: z.array(z.string()),
  /** The pair's level on each comparison of model/match-weights.yaml. */
  comparisons: z.record(z.string(), z.string()).optional(),
  /** The Fellegi–Sunter match probability from those levels. */
  probability: z.number().min(0).max(1).optional(),
});
export type MatchCandidate = z.infer<typeof matchCandidateSchema>;

/** The outcome for one supplier. org_id is null when the matcher abstains. */
export const supplierMatchSchema = z.object({
  org_id: z.string().nullable(),
  matched_name: z.string().nullable(),
  method: matchMethodSchema,
  confidence: z.number().min(0).max(1),
  /** A location given by an override (postcode), which wins over every other location. */
  override_postcode: z.string().nullable(),
  /** Why: the evidence for a match, or why it abstained. */
  reason: z.string(),
  /** The best candidates with their scores, best first (the match itself included). */
  candidates: z.array(matchCandidateSchema),
});
export type SupplierMatch = z.infer<typeof supplierMatchSchema>;
