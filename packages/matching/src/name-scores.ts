import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { placeAbbreviationsPath, placeWordsPath } from './place-words';
import { matchWeightsPath } from './match-weights';

const score = z.number().min(0).max(1);
const adjustment = z.number().min(-0.5).max(0.5);

/** The named parts of a name-match score (model/name-scores.yaml explains each). */
export const nameScoresSchema = z
  .object({
    accept: z.object({ threshold: score, margin: z.number().min(0).max(0.5) }).strict(),
    exact: z
      .object({
        with_legal_form: score,
        without_legal_form: score,
        bare_two_words_unique: score,
        bare_one_word: score,
        bare_place_words: z.array(z.string().regex(/^[A-Z0-9]+$/, 'upper-case words, as normalised names are')),
        spacing_only: adjustment,
        trading_name: adjustment,
      })
      .strict(),
    fuzzy: z
      .object({
        token_overlap: score,
        jaro_winkler: score,
        cap: score,
        contained_cap: score,
        truncated_floor: score,
        truncated_weight: score,
        trading_name: adjustment,
        equal_after_rewriting: score,
        extends_floor: score,
        begins_floor: score,
        descriptor_floor: score,
        descriptor_min_words: z.number().int().min(1),
        branch_words: z.array(z.string().regex(/^[A-Z0-9]+$/, 'upper-case words, as normalised names are')),
        subsidiary_cap: score,
        subsidiary_words: z.array(z.string().regex(/^[A-Z0-9]+$/, 'upper-case words, as normalised names are')),
        misspelling: z.object({ min_length: z.number().int().min(3), two_edits_from_length: z.number().int().min(3) }).strict(),
      })
      .strict()
      .refine((f) => Math.abs(f.token_overlap + f.jaro_winkler - 1) < 1e-9, 'fuzzy.token_overlap + fuzzy.jaro_winkler must be 1'),
    adjust: z
      .object({
        other_name: adjustment,
        inactive: adjustment,
        postcode_same: adjustment,
        postcode_same_outcode: adjustment,
        postcode_different: adjustment,
      })
      .strict(),
    ledger: z.object({ encoding_residue: z.array(z.string().regex(/^[A-Z]+$/, 'upper-case letters')) }).strict(),
    area: z.object({ contest_within: z.number().min(0).max(1) }).strict(),
    status: z.object({ contest_within: z.number().min(0).max(1) }).strict(),
    blocking: z.object({ max_token_df: z.number().int().min(1), candidates_per_supplier: z.number().int().min(1) }).strict(),
  })
  .strict();
export type NameScores = z.infer<typeof nameScoresSchema>;

export const nameScoresPath = fileURLToPath(new URL('../model/name-scores.yaml', import.meta.url));

/** Parses and validates a name-scores file's text; errors name the file and the key. */
export function parseNameScores(text: string, file = nameScoresPath): NameScores {
  const parsed = nameScoresSchema.safeParse(parse(text));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

let shipped: NameScores | null = null;
/** The shipped scores (model/name-scores.yaml), read once. */
export function shippedNameScores(): NameScores {
  shipped ??= parseNameScores(readFileSync(nameScoresPath, 'utf8'));
  return shipped;
}

/**
 * The scoring code's version: bump it when supplier-matcher.ts or name-comparison.ts score a
 * candidate differently, so cached matches are redone (with the data files' hash below).
 */
export const SCORING_VERSION = 13;

/**
 * A short hash of everything a cached match depends on besides the registers and the
 * normalisation: the scoring code's version, the shipped scores, the place words (and county
 * abbreviations) and the Fellegi–Sunter weights.
 */
export function matcherModelVersion(): string {
  const hash = createHash('sha256').update(String(SCORING_VERSION)).update(readFileSync(nameScoresPath)).update(readFileSync(placeWordsPath)).update(readFileSync(placeAbbreviationsPath)).update(readFileSync(matchWeightsPath));
  return `m${SCORING_VERSION}-${hash.digest('hex').slice(0, 12)}`;
}
