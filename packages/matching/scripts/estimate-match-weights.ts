/**
 * Estimates model/match-weights.yaml (the Fellegi–Sunter m and u probabilities) from the
 * labelled sets in this repository: the hand-labelled ledger names against the evaluation
 * register (eval/labels.csv, groups hand and name-only; eval/evaluation.ts) and the synthetic
 * charity truth set (eval/synthetic). Every candidate the matcher reports for a case is one
 * compared pair, a match when it is the labelled organisation. Nothing from outside the
 * repository is read: the audited charity set stays an independent check of calibration.
 *
 *   pnpm --filter @cwb/matching exec tsx scripts/estimate-match-weights.ts
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { estimateShippedWeights } from '../eval/labelled-pairs';
import { COMPARISONS, matchWeightsPath, type Comparison } from '../src/match-weights';

const weights = await estimateShippedWeights();
const header = [
  '# Fellegi–Sunter weights of the supplier matcher (src/match-weights.ts reads and validates this file).',
  '# Estimated by scripts/estimate-match-weights.ts from the labelled pairs named under estimated_from:',
  '# m = share of true-match pairs at the level, u = share of non-match pairs, one pseudo-count per level.',
  '# Do not edit by hand: change the comparisons or the labels and re-run the script.',
];
writeFileSync(matchWeightsPath, `${header.join('\n')}\n${stringify(weights)}`);
const summary = (Object.keys(COMPARISONS) as Comparison[]).map(
  (c) => `${c}: ${Object.entries(weights.comparisons[c] as Record<string, { m: number; u: number }>).map(([l, v]) => `${l} ${Math.log2(v.m / v.u).toFixed(1)}`).join(', ')}`,
);
process.stdout.write(`${weights.estimated_from.match_pairs} match pairs, ${weights.estimated_from.non_match_pairs} non-match pairs, prior ${weights.prior}\n${summary.join('\n')}\n`);
