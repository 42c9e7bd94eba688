import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * A Fellegi–Sunter match probability, as Splink computes one: each candidate pair is compared
 * on a few named comparisons, each with a small set of levels; every level has an m
 * probability (how often a true match shows it) and a u probability (how often a non-match
 * does), estimated from labelled pairs (scripts/estimate-match-weights.ts) and kept in
 * model/match-weights.yaml. A pair's match weight is the prior's log-odds plus the sum of
 * log2(m/u) of its levels; the probability is 2^w / (1 + 2^w).
 */

/** The comparisons and their levels, in the order the evidence lists them. */
export const COMPARISONS = {
  /** How the names agree: the matcher's rule that scored the pair, or the fuzzy score's band. */
  name: [
    'exact_with_legal_form',
    'exact_without_legal_form',
    'exact_bare_two_words',
    'exact_bare_short',
    'equal_after_rewriting',
    'extends',
    'truncated',
    'contained',
    'subsidiary',
    'fuzzy_90',
    'fuzzy_85',
    'fuzzy_80',
    'fuzzy_70',
    'fuzzy_low',
  ],
  /** This candidate's score against the best other candidate's. */
  competition: ['alone', 'clear', 'ahead', 'close', 'behind'],
  /** The ledger's legal form against the kind of organisation. */
  form: ['form_company', 'form_other', 'bare_company', 'bare_other'],
  postcode: ['same', 'same_outcode', 'different', 'unknown'],
  status: ['active', 'inactive', 'unknown'],
} as const;
export type Comparison = keyof typeof COMPARISONS;
export type ComparisonVector = { [C in Comparison]: (typeof COMPARISONS)[C][number] };

const probability = z.number().gt(0).lt(1);
const level = z.object({ m: probability, u: probability }).strict();

const comparisonsSchema = z.object(
  Object.fromEntries(
    Object.entries(COMPARISONS).map(([name, levels]) => [name, z.object(Object.fromEntries(levels.map((l) => [l, level]))).strict()]),
  ) as { [C in Comparison]: z.ZodObject<Record<(typeof COMPARISONS)[C][number], typeof level>> },
);

export const matchWeightsSchema = z
  .object({
    /** Where the estimates came from: the labelled sets and how many pairs of each kind. */
    estimated_from: z.object({ sets: z.array(z.string().min(1)).min(1), match_pairs: z.number().int().positive(), non_match_pairs: z.number().int().positive(), command: z.string().min(1) }).strict(),
    /** P(match) of a compared pair before its comparisons are read. */
    prior: probability,
    comparisons: comparisonsSchema,
  })
  .strict();
export type MatchWeights = z.infer<typeof matchWeightsSchema>;

export const matchWeightsPath = fileURLToPath(new URL('../model/match-weights.yaml', import.meta.url));

export function parseMatchWeights(text: string, file = matchWeightsPath): MatchWeights {
  const parsed = matchWeightsSchema.safeParse(parse(text));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

let shipped: MatchWeights | null = null;
export function shippedMatchWeights(): MatchWeights {
  shipped ??= parseMatchWeights(readFileSync(matchWeightsPath, 'utf8'));
  return shipped;
}

/** The match probability of a compared pair, and each comparison's weight (log2 m/u) as evidence. */
export function matchProbability(vector: ComparisonVector, weights: MatchWeights): { probability: number; weights: Record<Comparison, number> } {
  let w = Math.log2(weights.prior / (1 - weights.prior));
  const parts = {} as Record<Comparison, number>;
  for (const comparison of Object.keys(COMPARISONS) as Comparison[]) {
    const { m, u } = (weights.comparisons[comparison] as Record<string, { m: number; u: number }>)[vector[comparison]]!;
    parts[comparison] = Math.log2(m / u);
    w += parts[comparison];
  }
  return { probability: 2 ** w / (1 + 2 ** w), weights: parts };
}

/** A compared pair with its truth, for estimation. */
export interface LabelledPair {
  vector: ComparisonVector;
  is_match: boolean;
}

/**
 * m and u for every level from labelled pairs, with one pseudo-count per level (Laplace), so a
 * level no pair showed gets a small, finite weight instead of ±infinity.
 */
export function estimateMatchWeights(pairs: readonly LabelledPair[], source: MatchWeights['estimated_from']['sets'], command: string): MatchWeights {
  const matches = pairs.filter((p) => p.is_match);
  const others = pairs.filter((p) => !p.is_match);
  const comparisons = {} as Record<string, Record<string, { m: number; u: number }>>;
  for (const [comparison, levels] of Object.entries(COMPARISONS) as [Comparison, readonly string[]][]) {
    const share = (set: readonly LabelledPair[], l: string) => (set.filter((p) => p.vector[comparison] === l).length + 1) / (set.length + levels.length);
    comparisons[comparison] = Object.fromEntries(levels.map((l) => [l, { m: round6(share(matches, l)), u: round6(share(others, l)) }]));
  }
  return matchWeightsSchema.parse({
    estimated_from: { sets: [...source], match_pairs: matches.length, non_match_pairs: others.length, command },
    prior: round6((matches.length + 1) / (pairs.length + 2)),
    comparisons,
  });
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
