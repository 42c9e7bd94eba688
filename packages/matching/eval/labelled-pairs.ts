/**
 * The labelled candidate pairs the Fellegi–Sunter weights are estimated from: every candidate
 * the matcher reports for a case of the repository's own labelled sets (eval/labels.csv groups
 * hand and name-only against the evaluation register; eval/synthetic), a match when it is the
 * labelled organisation. Used by scripts/estimate-match-weights.ts and by the test that checks
 * the shipped model/match-weights.yaml is what the script gives.
 */
import { fileURLToPath } from 'node:url';
import { runEvaluation } from './evaluation';
import { COMPARISONS, estimateMatchWeights, matchWeightsSchema, type ComparisonVector, type LabelledPair, type MatchWeights } from '../src/match-weights';
import { readTruthCsv, SupplierMatcher, withTemporaryRegisters, type SupplierMatch } from '../src/index';

/** Weights that say nothing (m = u everywhere): the comparisons are recorded, the probability unused. */
export const NEUTRAL_WEIGHTS: MatchWeights = matchWeightsSchema.parse({
  estimated_from: { sets: ['none'], match_pairs: 1, non_match_pairs: 1, command: 'neutral' },
  prior: 0.5,
  comparisons: Object.fromEntries(Object.entries(COMPARISONS).map(([c, levels]) => [c, Object.fromEntries(levels.map((l) => [l, { m: 0.5, u: 0.5 }]))])),
});

const pairsOf = (match: SupplierMatch, expected: string | null): LabelledPair[] =>
  match.candidates.filter((c) => c.comparisons).map((c) => ({ vector: c.comparisons as ComparisonVector, is_match: c.org_id === expected }));

export async function labelledPairs(): Promise<LabelledPair[]> {
  const pairs: LabelledPair[] = [];
  const evaluation = await runEvaluation({ weights: NEUTRAL_WEIGHTS });
  for (const o of evaluation.outcomes) if (o.label.group !== 'identifier') pairs.push(...pairsOf(o.match, o.label.expected_org_id || null));
  const synthetic = (name: string) => fileURLToPath(new URL(`./synthetic/${name}`, import.meta.url));
  const cases = await readTruthCsv(synthetic('truth.csv'));
  await withTemporaryRegisters([{ path: synthetic('register.csv') }], async (conn) => {
    const matches = await new SupplierMatcher(conn, { weights: NEUTRAL_WEIGHTS }).matchBatch(cases.map((c) => ({ name: c.name })));
    matches.forEach((m, i) => pairs.push(...pairsOf(m, cases[i]!.expected_org_id)));
  });
  return pairs;
}

/** The weights the shipped file should hold. */
export async function estimateShippedWeights(): Promise<MatchWeights> {
  return estimateMatchWeights(
    await labelledPairs(),
    ['eval/labels.csv (groups hand, name-only) against the evaluation register', 'eval/synthetic/truth.csv against eval/synthetic/register.csv'],
    'pnpm --filter @cwb/matching exec tsx scripts/estimate-match-weights.ts',
  );
}
